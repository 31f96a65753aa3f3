"""Transcript labels: a paragraph that opens with a speaker's name in capitals and a colon (`TOLLIVER: "Violent
crime has doubled …"`, `MARCHBANKS, on the tariffs: …`), as fact-checks and transcripts print them. The label is
the speaker; what follows the colon is the statement (direct when it is one quotation, else reported with its
quoted fragment). There is no cue. A label counts only when the name is written elsewhere in the article in
ordinary case, so section heads (`THE FACTS: …`, `CORRECTION: …`) are never speakers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..parse.doc import ParsedDoc
from .candidates import Candidate
from .marks import QuoteSpan
from .syntax import name_words

LABEL = re.compile(r"([A-Z][A-Z'’\-]+(?: [A-Z][A-Z'’\-]+){0,2})(?:,[^:\n]{1,80})?:[ \t]+(?=\S)")
QUOTES = "“\"‘'"


def transcript_labels(doc: ParsedDoc, spans: list[QuoteSpan], paras: list[tuple[int, int]]) -> Iterator[Candidate]:
    text = doc.text
    known = None
    for p, (ps, pe) in enumerate(paras):
        m = LABEL.match(text, ps, pe)
        if m is None:
            continue
        if known is None:
            known = name_words(doc)
        words = m.group(1).split()
        if m.group(1).lower() in KICKERS | CAPTION_LABELS:
            continue  # "FILE PHOTO: EU flags flutter …": a caption's label, not a speaker
        if not any(w.title() in known for w in words):
            continue  # "THE FACTS: …", "CORRECTION: …": a section head, not a name written elsewhere in the article
        start, end = m.end(), pe
        while end > start and text[end - 1].isspace():
            end -= 1
        if end - start < 8:
            continue
        quote = next((s for s in spans if s.para == p and s.open_mark == start), None)
        if quote is not None and quote.close_mark is not None and quote.outer_end >= end:
            cand = Candidate(quote.start, quote.end, "direct", "transcript-label")
        else:
            kind = "mixed" if any(q in text[start:end] for q in QUOTES) else "indirect"
            cand = Candidate(start, end, kind, "transcript-label")
        first = doc.token_at(m.start(1))
        if first < 0:
            continue
        cand.speaker_tok = first
        cand.mention = (m.start(1), m.end(1))
        cand.mention_type = "name"
        cand.confidence = 0.7
        cand.extra["label"] = True
        yield cand


# a headline that credits its claim with a colon: `Lynch: No outside influence on the probe`, `Hacker Guccifer:
# Server was “like an open orchid”`; the label is a short capitalised name, the claim a few words after it
HEADLINE_LABEL = re.compile(r"((?:[A-Z][\w.’'&-]*)(?: (?:[A-Z][\w.’'&-]*|of|the|de)){0,4}):[ \t]+(?=\S)")
HEADLINE_WORDS = 30  # words a headline's claim runs to, at most
HEADLINE_EDGE = " \t.;"
KICKERS = {"breaking", "exclusive", "update", "updated", "watch", "video", "live", "analysis", "opinion", "editorial",
           "review", "photos", "explainer", "correction", "the latest", "fact check", "fact-check", "the facts"}  # a headline's section word, never a speaker
SERIES = {"email", "report", "daily", "latest", "newsletter", "briefing", "roundup", "recap", "digest", "podcast",
          "playbook", "huddle", "memo"}  # the last word of a column's or newsletter's name ("Monday's Morning Email")
CAPTION_LABELS = {"file photo", "photo", "file", "picture", "pictured", "image", "caption", "editor's note",
                  "editor’s note", "note", "source", "sources", "related", "read more", "see also", "graphic", "map",
                  "chart", "video", "audio", "listen", "top", "above", "below", "left", "right"}  # never a speaker
TITLE_WORDS = {"For", "Of", "In", "To", "On", "With", "And", "A", "An", "At", "Is", "Are"}  # "Big Win For Bernie"


def headline_labels(doc: ParsedDoc, paras: list[tuple[int, int]]) -> Iterator[Candidate]:
    """The article's first paragraph when it is a headline `Name: claim`, the name's last word written again in
    the article's body (so `Breaking:`, `Exclusive:`, `Update:` credit nobody). Reported (mixed with quotation
    marks) content; the label is the speaker, the colon the cue."""
    if len(paras) < 2:
        return
    text = doc.text
    ps, pe = paras[0]
    m = HEADLINE_LABEL.match(text, ps, pe)
    if m is None:
        return
    start, end = m.end(), pe
    while end > start and text[end - 1] in HEADLINE_EDGE:
        end -= 1
    claim = text[start:end]
    if not 3 <= len(claim.split()) <= HEADLINE_WORDS or "\n" in claim:
        return
    head = m.group(1).split()[-1]
    words = m.group(1).split()
    if m.group(1).lower() in KICKERS or words[-1].lower() in SERIES or any(w in TITLE_WORDS for w in words[1:]):
        return  # a section, a column or a headline phrase, not a name
    body = text[paras[1][0] :]
    if not re.search(rf"\b{re.escape(head)}\b", body, re.IGNORECASE):
        return
    first, last = doc.token_at(m.start(1)), doc.token_at(m.end(1) - 1)
    if first < 0 or last < 0:
        return
    kind = "mixed" if any(q in claim for q in QUOTES + "’") else "indirect"
    cand = Candidate(start, end, kind, "headline-label")
    cand.cue = (m.end(1), m.end(1) + 1)
    cand.speaker_tok = last
    cand.mention = (m.start(1), m.end(1))
    cand.mention_type = "name" if doc.tokens[last].upos == "PROPN" else "nominal"
    cand.confidence = 0.6
    cand.extra["label"] = True
    yield cand


# `Senator Dana Ruiz: “We will not accept …”`, `IOWA POLLS NOT WRONG - Mark Blumenthal and Jon Cohen: “…”`: a name
# and a colon before a quotation that fills the rest of the paragraph, at its start or after a dash, as live blogs,
# roundups and newsletters credit a quote
QUOTE_LABEL = re.compile(r"((?:[A-Z][\w.’'&-]*)(?: (?:[A-Z][\w.’'&-]*|and|of|the|de)){0,5}):[ \t]*(?=[“\"‘]|'')")


def quote_labels(doc: ParsedDoc, spans: list[QuoteSpan], paras: list[tuple[int, int]]) -> Iterator[Candidate]:
    text = doc.text
    for p, (ps, pe) in enumerate(paras):
        for m in QUOTE_LABEL.finditer(text, ps, pe):
            lead = text[ps : m.start()].rstrip()
            if lead and not (lead.endswith((" -", " —", " –", "—", "–")) and len(lead) > 2):
                continue
            name = m.group(1)
            words = name.split()
            if (name.isupper() and not lead or name.lower() in KICKERS or words[-1].lower() in SERIES
                    or any(w in TITLE_WORDS for w in words[1:])):
                continue  # a transcript label (labels above), a section, a column or a headline phrase
            quote = next((s for s in spans if s.para == p and s.open_mark == m.end() and s.close_mark is not None), None)
            if quote is None or text[quote.outer_end : pe].strip(" \t.") or quote.end - quote.start < 8:
                continue
            first, last = doc.token_at(m.start(1)), doc.token_at(m.end(1) - 1)
            if first < 0 or last < 0 or not _names(doc, first, last):
                continue
            cand = Candidate(quote.start, quote.end, "direct", "colon-label")
            cand.cue = (m.end(1), m.end(1) + 1)
            cand.speaker_tok = last
            cand.mention = (m.start(1), m.end(1))
            cand.mention_type = "name"
            cand.confidence = 0.7
            cand.extra["cue_token"] = doc.token_at(m.end(1))
            yield cand


def _names(doc: ParsedDoc, first: int, last: int) -> bool:
    """Every capitalised word of the label read as a proper name or an entity (`HuffPollster`, `Jon Cohen`)."""
    known = name_words(doc)
    return all(doc.tokens[j].text in known for j in range(first, last + 1) if doc.tokens[j].text[:1].isupper())
