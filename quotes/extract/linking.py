"""Linking quotation segments: a quote without a cue of its own takes the attribution it continues (the other
segment of a quote interrupted by its cue, a paragraph of a multi-paragraph quote, or, floating, the last
statement just before), and `statement_ids` gives the segments of one quotation one `statement_id`."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from ..records import Article, quote_id
from ..text import paragraphs
from .candidates import Candidate
from .marks import QuoteSpan

FLOATING_REACH = 2  # paragraphs back in which a floating quote looks for its speaker

# rules whose records are segments of a quotation carried by one cue: a quote interrupted by its cue (both segments
# find the same cue), a quote resumed after its attribution, a paragraph that reopens with a quotation mark
SEGMENT_RULES = ("direct-cue-before", "direct-cue-after", "direct-split", "direct-multi-paragraph", "direct-fronted")


def statement_ids(article: Article, cands: list[Candidate]) -> list[str]:
    """The `statement_id` of each candidate (ordered by start): direct segments carried by the same cue share the
    `quote_id` of the first of them, and so does a quote without a cue right after a statement, in its last
    paragraph or the next, which it continues (`“…,” said Mr Dunlap.` ⏎ `“I warned them years ago.”`); any other
    candidate is a statement of its own."""
    starts = [s for s, _ in paragraphs(article.text)]

    def para(pos: int) -> int:
        return bisect_right(starts, pos) - 1

    first_of: dict[object, str] = {}
    assigned: dict[int, str] = {}
    last_para: dict[str, int] = {}  # statement -> paragraph of its last segment so far
    out = []
    for c in cands:
        sid = quote_id(article.article_id, c.start, c.end, article.text[c.start : c.end])
        cue = c.extra.get("cue_token")
        follows = c.extra.get("follows")
        if (c.quote_type == "direct" or c.rule == "direct-fronted") and c.rule in SEGMENT_RULES and cue is not None:
            sid = first_of.setdefault(cue, sid)
        elif c.extra.get("statement_key") is not None:  # a reported content and its part before the cue
            sid = first_of.setdefault(("reported", c.extra["statement_key"]), sid)
        elif c.rule == "direct-floating" and follows is not None:
            # `Biden “has a lot of roles to play,” said Doyle. “He deservedly has that appeal.”`: a quote with no
            # cue right after a statement, in its paragraph or the next, resumes it
            continued = assigned.get(id(follows))
            if continued is not None and last_para.get(continued) in (para(c.start) - 1, para(c.start)):
                sid = continued
        assigned[id(c)] = sid
        last_para[sid] = para(c.end)
        out.append(sid)
    return out


def fronted_segments(accepted: list[Candidate], found: list[Candidate]) -> list[Candidate]:
    """The part of a reported content before its parenthetical cue (`Today, she says, only three remain` gives
    `Today`; `The new rules, the mayor said, will take effect …` gives `The new rules`): a segment of the same
    statement, with its speaker and cue, where no accepted record holds it. When the part after the cue is a
    quotation (`the campaign, she said, “is a dinner party …”`), the direct quote's segment (`direct-fronted`)."""
    out = []
    for c in found:
        prefix = c.extra.get("prefix")
        if prefix is None or any(k.start < prefix[1] and prefix[0] < k.end for k in accepted):
            continue
        seg = replace(c, start=prefix[0], end=prefix[1], quote_type="indirect", rule="reported-fronted",
                      confidence=c.confidence - 0.05, extra=dict(c.extra, prefix=None))
        if any(k is c for k in accepted):
            c.extra["statement_key"] = seg.extra["statement_key"] = id(c)
        else:
            quote = next((k for k in accepted if k.quote_type == "direct" and k.extra.get("cue_token") is not None
                          and k.extra.get("cue_token") == c.extra.get("cue_token") and c.start <= k.start < c.end),
                         None)
            if quote is None:
                continue
            seg.rule = "direct-fronted"
        out.append(seg)
    return out


def link_continuations(text: str, cands: list[Candidate], spans: list[QuoteSpan],
                       paras: list[tuple[int, int]]) -> None:
    """Give quotes without a cue of their own the attribution they continue."""
    by_span = {}
    for c in cands:
        k = c.extra.get("pending")
        if k is not None:
            by_span[k] = c
    direct_at = {}
    for c in cands:
        if c.quote_type == "direct" and c.cue:
            for k, s in enumerate(spans):
                if s.start <= c.start and c.end <= s.end:
                    direct_at[k] = c
    ordered = sorted((c for c in cands if c.cue and c.extra.get("pending") is None), key=lambda c: c.cue[0])
    for k, cand in sorted(by_span.items()):
        source = _segment_source(spans, k, direct_at)
        if source is not None:
            _take_attribution(cand, source, "direct-split" if spans[k].para == _para_of(paras, source.start)
                              else "direct-multi-paragraph")
            continue
        _float(cand, spans[k], ordered, paras)


def _para_of(paras: list[tuple[int, int]], pos: int) -> int:
    for i, (s, e) in enumerate(paras):
        if s <= pos <= e:
            return i
    return -1


def _segment_source(spans: list[QuoteSpan], k: int, direct_at: dict[int, Candidate]) -> Candidate | None:
    """The attributed direct quote whose quotation the span `k` continues, or None."""
    span = spans[k]
    source = None
    # `“A,” he said. “B …` with B left open at the paragraph's end: B resumes A, whatever follows
    same = [direct_at[j] for j in range(k) if j in direct_at and spans[j].para == span.para]
    if span.open_ended and same:
        source = same[-1]
    # a multi-paragraph quote: the segment that closes the chain carries the attribution
    elif span.open_ended or (k > 0 and spans[k - 1].open_ended and spans[k - 1].para == span.para - 1):
        j = k
        while j < len(spans) and j + 1 < len(spans) and spans[j].open_ended and spans[j + 1].para == spans[j].para + 1:
            j += 1
        if j != k and j in direct_at:
            source = direct_at[j]
        if source is None:
            j = k - 1
            while j >= 0 and spans[j].para >= span.para - (k - j) and j not in direct_at and spans[j].open_ended:
                j -= 1
            if j >= 0 and j in direct_at and (spans[j].open_ended or spans[j].para == span.para):
                source = direct_at[j]
    if source is None and same:
        source = same[-1]
    return source


def _take_attribution(cand: Candidate, source: Candidate, rule: str) -> None:
    cand.cue, cand.mention, cand.speaker_tok = source.cue, source.mention, source.speaker_tok
    cand.mention_type, cand.antecedent, cand.role = source.mention_type, source.antecedent, source.role
    cand.extra["cue_token"] = source.extra.get("cue_token")
    cand.rule = rule
    cand.confidence = source.confidence - 0.05
    cand.extra["pending"] = None


def _float(cand: Candidate, span: QuoteSpan, ordered: list[Candidate], paras: list[tuple[int, int]]) -> None:
    """Floating: the last attributed statement in the paragraphs just before."""
    before = [c for c in ordered if c.cue[0] < span.open_mark]
    if before:
        last = before[-1]
        if 0 <= span.para - _para_of(paras, last.cue[0]) <= FLOATING_REACH:
            cand.follows = id(last)
            cand.extra["follows"] = last
            cand.rule = "direct-floating"
            # the attribution it continues is where its speaker is written
            cand.cue, cand.mention, cand.role = last.cue, last.mention, last.role
            cand.mention_type = last.mention_type if last.mention else "none"
            cand.confidence = 0.55
