"""Credits after the words they credit: an embedded post as news pages print it (`Iron Mike was not asked to
speak. — Donald J. Trump (@realDonaldTrump) June 29, 2016`), and a quoted paragraph followed by a credit line of
its own (`“It needs to stop.”` ⏏ `— Michelle Marks, Philadelphia.`). The name is the speaker, the dash the cue; the
post's text (without its trailing links) or the quotation is the statement, in the poster's own words (direct).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..parse.doc import ParsedDoc
from .candidates import Candidate
from .marks import QuoteSpan

NAME = r"[A-Z][\w.’'&-]*(?: (?:[A-Z][\w.’'&-]*|of|the|de|van|von|la)){0,5}"
# `… — Paul Ryan (@SpeakerRyan) July 5, 2016`: the dash, the display name, the handle, an optional date
POST_CREDIT = re.compile(rf"\s*(?P<dash>—|–|--|-)\s*(?P<name>{NAME})\s*\(@\w{{1,15}}\)(?:\s*[A-Z][a-z]{{2,8}}\.? \d{{1,2}},? \d{{4}})?")
TRAILING_LINKS = re.compile(r"(?:\s*(?:https?://\S+|pic\.twitter\.com/\S+|t\.co/\S+))+\s*$")
TAG = re.compile(r"<[^>\n]{0,200}>")  # markup around a post (`<tweet author="…">`) kept in some plain-text dumps
# a credit line of its own after a quoted paragraph: `— Bernie Sanders.`, `-Michelle Marks, Philadelphia.`
CREDIT_LINE = re.compile(rf"\s*(?P<dash>—|–|--|-)\s*(?P<name>{NAME})(?:,[^\n]{{1,60}})?\.?\s*$")
CREDIT_WORDS = 12  # words of a credit line, at most


def embedded_posts(doc: ParsedDoc, paras: list[tuple[int, int]]) -> Iterator[Candidate]:
    text = doc.text
    for ps, pe in paras:
        for m in POST_CREDIT.finditer(text, ps, pe):
            start = ps
            tags = [t for t in TAG.finditer(text, ps, m.start())]
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
