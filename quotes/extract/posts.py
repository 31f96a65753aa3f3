"""Credits after the words they credit, and block quotations: an embedded post as news pages print it (`Iron Mike
was not asked to speak. — Donald J. Trump (@realDonaldTrump) June 29, 2016`), and a quoted paragraph followed by a
credit line of its own (`“It needs to stop.”` ⏎ `— Michelle Marks, Philadelphia.`). The name is the speaker, the dash
the cue; the post's text (without its trailing links) or the quotation is the statement, in the poster's own words
(direct). A paragraph after `Hewitt writes:` is a block quotation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..parse.doc import ParsedDoc
from .candidates import Candidate
from .colon import paragraph_closing_colon
from .cueverbs import is_speech_verb
from .direct import _speaker_fields
from .marks import QuoteSpan
from .sources import can_speak
from .spans import cue_span
from .syntax import has_aux_pass, subject_of

NAME = r"[A-Z][\w.’'&-]*(?: (?:[A-Z][\w.’'&-]*|of|the|de|van|von|la)){0,5}"
# `… — Paul Ryan (@SpeakerRyan) July 5, 2016`: the dash, the display name, the handle, an optional date
POST_CREDIT = re.compile(rf"\s*(?P<dash>—|–|--|-)\s*(?P<name>{NAME})\s*\(@\w{{1,15}}\)(?:\s*[A-Z][a-z]{{2,8}}\.? \d{{1,2}},? \d{{4}})?")
TRAILING_LINKS = re.compile(r"(?:\s*(?:https?://\S+|pic\.twitter\.com/\S+|t\.co/\S+))+\s*$")
TAG = re.compile(r"<[^>\n]{0,200}>")  # markup around a post (`<tweet author="…">`) kept in some plain-text dumps
LEADING_TAGS = re.compile(rf"(?:{TAG.pattern}\s*)*")
TRAILING_TAGS = re.compile(rf"(?:\s*{TAG.pattern}[.\s]*)*$")
# a credit line of its own after a quoted paragraph: `— Bernie Sanders.`, `-Michelle Marks, Philadelphia.`
CREDIT_LINE = re.compile(rf"\s*(?P<dash>—|–|--|-)\s*(?P<name>{NAME})(?:,[^\n]{{1,60}})?\.?\s*$")
CREDIT_WORDS = 12  # words of a credit line, at most


def embedded_posts(doc: ParsedDoc, paras: list[tuple[int, int]]) -> Iterator[Candidate]:
    text = doc.text
    for ps, pe in paras:
        for m in POST_CREDIT.finditer(text, ps, pe):
            start = ps
            tags = list(TAG.finditer(text, ps, m.start()))
            if tags:
                start = tags[-1].end()
            body = text[start : m.start()]
            body = TRAILING_LINKS.sub("", body)
            lead = len(body) - len(body.lstrip())
            s, e = start + lead, start + len(body.rstrip())
            if e - s < 8 or len(text[s:e].split()) < 3:
                continue
            cand = _credited(doc, s, e, m.start("dash"), m.end("dash"), m.start("name"), m.end("name"), "embedded-post")
            if cand is not None:
                yield cand


def credit_lines(doc: ParsedDoc, spans: list[QuoteSpan], paras: list[tuple[int, int]]) -> Iterator[Candidate]:
    """A paragraph that is one quotation, then a paragraph that is only a dash and a name."""
    text = doc.text
    for k, (ps, pe) in enumerate(paras[1:], start=1):
        line = text[ps:pe]
        m = CREDIT_LINE.match(text, ps, pe)
        if m is None or len(line.split()) > CREDIT_WORDS:
            continue
        qs, qe = paras[k - 1]
        quote = next((s for s in spans if s.para == k - 1 and s.close_mark is not None
                      and not text[qs : s.open_mark].strip() and not text[s.outer_end : qe].strip(" \t.")), None)
        if quote is None:
            continue
        cand = _credited(doc, quote.start, quote.end, m.start("dash"), m.end("dash"), m.start("name"), m.end("name"),
                         "direct-credit")
        if cand is not None:
            yield cand


def _credited(doc: ParsedDoc, start: int, end: int, cue0: int, cue1: int, name0: int, name1: int,
              rule: str) -> Candidate | None:
    """The candidate for the words at [start, end) credited to the name at [name0, name1) by the dash at [cue0,
    cue1)."""
    text = doc.text
    while end > start and text[end - 1] in " \t,;":
        end -= 1
    if text[name1 - 1] == "." and len(text[name0:name1].split()[-1]) > 3:  # `— Bernie Sanders.`, not `Jr.`
        name1 -= 1
    head, first, cue = doc.token_at(max(name0, name1 - 1)), doc.token_at(name0), doc.token_at(cue0)
    if head < 0 or cue < 0 or first < 0 or doc.tokens[first].start != name0:
        return None  # `-Michelle Marks` read as one word with its dash: no clean name to resolve
    cand = Candidate(start, end, "direct", rule)
    cand.cue = (cue0, max(cue1, cue0 + 1))
    cand.speaker_tok = head
    cand.mention = (name0, name1)
    cand.mention_type = "name"
    cand.confidence = 0.75
    cand.extra["cue_token"] = cue
    return cand


BLOCK_WORDS = 8  # words of a block quotation, at least
BLOCK_OBJECTS = {"following", "this", "it"}  # `wrote the following:`: an object that only points at the quotation


def block_quotes(doc: ParsedDoc, paras: list[tuple[int, int]]) -> Iterator[Candidate]:
    """`Hewitt writes:` ⏎ a paragraph without quotation marks: a block quotation, as online news sets a passage it
    quotes. The colon closes a clause whose speech verb (with a subject that can speak) is its last word but for a
    frame (`said in a statement:`); the next paragraph is the statement, in the speaker's words (direct)."""
    text = doc.text
    for k in range(len(paras) - 1):
        before = paragraph_closing_colon(doc, paras[k])
        if not before:
            continue
        verbs = [v for v in before if is_speech_verb(doc, v)]
        ns, ne = paras[k + 1]
        body = text[ns:ne].strip()
        if not verbs or len(body.split()) < BLOCK_WORDS or body[:1] in "“\"‘'«—–-•*":
            continue
        v = verbs[-1]
        if any(c.i > v and (c.deprel in ("ccomp", "xcomp", "parataxis") or c.deprel == "obj"
                            and c.lemma.lower() not in BLOCK_OBJECTS and c.text.lower() not in BLOCK_OBJECTS) for c in doc.children(v)):
            continue  # `wrote that …:`, `wrote a letter to …:` say something of their own before the colon
        subj = subject_of(doc, v)
        if subj is None or not can_speak(doc, subj):
            continue
        start = ns + (len(text[ns:ne]) - len(text[ns:ne].lstrip()))
        end = start + len(body)
        # markup around a post in a text dump is left out
        start, end = start + LEADING_TAGS.match(body).end(), end - (len(body) - TRAILING_TAGS.search(body).start())
        end = start + len(TRAILING_LINKS.sub("", text[start:end]))  # and the post's trailing links
        if end - start < 8:
            continue
        cand = Candidate(start, end, "direct", "block-quote")
        _speaker_fields(doc, cand, subj, v)
        c0, c1 = cue_span(doc, v, None)
        cand.cue = (doc.tokens[c0].start, doc.tokens[c1 - 1].end)
        cand.extra["cue_token"] = v
        cand.confidence = 0.6
        yield cand


POSTING = {"tweet", "retweet", "post", "email", "e-mail", "text", "send", "write"}
# what a post can carry as its object and still be a statement: an expressed thanks, sympathy or stance
EXPRESSED = {"thanks", "congratulations", "condolence", "condolences", "sympathy", "sympathies", "support", "approval",
             "disapproval", "appreciation", "prayers", "praise", "apology", "apologies", "gratitude", "regrets",
             "wishes", "solidarity", "outrage", "encouragement", "endorsement"}
POSSESSIVES = {"his", "her", "their", "its", "our", "my", "your"}
EXPRESSION_PREPOSITIONS = {"to", "for", "of", "on", "over", "with"}


def posted_expressions(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    """`Clinton tweeted her thanks to the president`, `sent his condolences to the families`: a verb of posting or
    sending whose object is an expressed thanks, sympathy or stance (`EXPRESSED`); the object (with a `to`/`for`/`of`
    phrase right after it) is the statement, the verb's subject the speaker. Not `posted a photo`."""
    for t in doc.tokens:
        v = t.i
        if t.upos != "VERB" or t.lemma.lower() not in POSTING or in_quote[v] or has_aux_pass(doc, v):
            continue
        first = v + 1
        if first < len(doc.tokens) and doc.tokens[first].text.lower() in ("out", "back"):
            first += 1
        k = first + (first < len(doc.tokens) and doc.tokens[first].text.lower() in POSSESSIVES)
        while k < len(doc.tokens) and doc.tokens[k].upos == "ADJ":
            k += 1
        if k >= len(doc.tokens) or doc.tokens[k].text.lower() not in EXPRESSED or doc.tokens[k].upos != "NOUN":
            continue
        if t.lemma.lower() == "send" and doc.tokens[k].text.lower() == "support":
            continue  # "sent support to the rebels": aid, not words
        subj = subject_of(doc, v)
        if subj is None or not can_speak(doc, subj):
            continue
        last = _expression_end(doc, k)
        cand = Candidate(doc.tokens[first].start, doc.tokens[last - 1].end, "indirect", "speech-act-expression")
        _speaker_fields(doc, cand, subj, v)
        if cand.speaker_tok is None:
            continue
        c0, c1 = cue_span(doc, v, stop=first)
        cand.cue = (doc.tokens[c0].start, doc.tokens[c1 - 1].end)
        cand.extra["cue_token"] = v
        cand.confidence = 0.6
        yield cand


def _expression_end(doc: ParsedDoc, k: int) -> int:
    """The token after the expressed noun at `k` and a phrase on whom or what it is for (`to the president`, `of
    the filibuster`), however the parser hung that phrase; the phrase ends at a comma or the sentence's end."""
    last = k + 1
    sent_end = doc.sent_of(k).last
    if last < sent_end and doc.tokens[last].lemma.lower() in EXPRESSION_PREPOSITIONS and doc.tokens[last].upos == "ADP":
        j = last + 1
        while j < sent_end and doc.tokens[j].text not in (",", ";", ":", ".", "—", "–", "(") and not (
                doc.tokens[j].upos in ("VERB", "AUX") and doc.tokens[j].xpos not in ("VBG", "VBN")):
            j += 1
        last = j if j > last + 1 else last
    return last
