"""Extraction stage: every statement attributed to a source in a parsed article.

The rules, one module per construction family (direct.py `direct_quotes`, labels.py `transcript_labels`,
reported.py `reported_speech`, speech_acts.py `speech_acts`, according.py `according_to`, naming.py `naming_quotes`, complements.py for
non-finite and finding complements, nouns.py for nouns of saying, posts.py for posts and block quotations), each yield candidates;
linking.py links continuations and floating quotes to their speakers; this module attaches relays, removes
statements nested in other statements, and turns what is left into `Quote` records with exact offsets.
Speaker names are left for the resolve stage: records carry the mention as written.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ..parse.doc import ParsedDoc
from ..records import Article, Quote
from ..text import DATELINE_RE, body_start, paragraphs
from .according import according_to
from .asides import as_asides
from .attitude import attribution_kind, intentions, stances
from .candidates import Candidate
from .complements import findings, misread_findings, nonfinite_statements, relative_namings
from .direct import direct_quotes
from .labels import headline_labels, quote_labels, transcript_labels
from .linking import fronted_segments, link_continuations, statement_ids
from .marks import QuoteSpan, find_spans
from .mixed import classify
from .naming import naming_quotes
from .nonspeech import with_nonspeech
from .nouns import colon_statements, copular_statements, noun_statements
from .posts import block_quotes, credit_lines, embedded_posts, posted_expressions
from .reported import reported_speech
from .spans import in_purpose_clause, np_with_mods
from .speech_acts import speech_acts

__all__ = ["Candidate", "extract_quotes", "find_spans"]

PRIORITY = {"direct": 0, "reported": 1, "citing": 1, "reported-cue-after": 1, "according-to": 2, "naming": 3,
            "reported-nonfinite": 3, "reported-finding": 3, "reported-noun": 3, "naming-relative": 3, "reported-cognition": 4,
            "speech-act-directive": 4, "speech-act-commitment": 4, "speech-act-demand": 4, "speech-act-evaluation": 4,
            "speech-act-citation": 4, "speech-act-announcement": 4, "speech-act-expression": 4, "speech-act-question": 4,
            "speech-act-warning": 4, "reported-aside": 2,
            "attitude-stance": 4, "attitude-intention": 5}
QUOTE_RUN_ON = 600  # characters a quotation opened inside a reported clause may run past the clause to its close


def article_paragraphs(text: str) -> list[tuple[int, int]]:
    skip = body_start(text)
    out = []
    for s, e in paragraphs(text):
        if s < skip:
            s = min(skip, e)
        if e > s:
            out.append((s, e))
    return out


def extract_quotes(article: Article, doc: ParsedDoc) -> list[Quote]:
    """Every statement attributed in `article`, as `Quote` records with raw speaker mentions, by `start`."""
    text = article.text
    if doc.text != text:
        raise ValueError(f"{article.article_id}: parse does not belong to this article's text")
    paras = article_paragraphs(text)
    spans = find_spans(text, paras)
    in_quote = _inside(doc, spans)
    labelled = [*transcript_labels(doc, spans, paras), *quote_labels(doc, spans, paras), *embedded_posts(doc, paras),
                *credit_lines(doc, spans, paras), *block_quotes(doc, paras)]
    directs = [d for d in direct_quotes(doc, spans, paras)
               if not any(_overlap(d.start, d.end, c.start, c.end) for c in labelled)] + labelled
    quote_ends = {s.open_mark: s.outer_end for s in spans}
    others = [*reported_speech(doc, in_quote), *according_to(doc, in_quote),
              *naming_quotes(doc, in_quote, quote_ends), *nonfinite_statements(doc, in_quote), *findings(doc, in_quote),
              *noun_statements(doc, in_quote), *copular_statements(doc, in_quote), *colon_statements(doc, in_quote),
              *relative_namings(doc, in_quote),
              *misread_findings(doc, in_quote), *speech_acts(doc, in_quote), *posted_expressions(doc, in_quote), *as_asides(doc, in_quote),
              *stances(doc, in_quote), *intentions(doc, in_quote)]
    # "… brought up the threat in order to caution against Western support": an aim, not a statement
    others = [c for c in others if not (c.cue and in_purpose_clause(doc, doc.token_at(c.cue[0])))]
    relays = [c for c in others if c.rule == "relay"]
    others = [c for c in others if c.rule != "relay"]
    opens = [s.open_mark for s in spans]
    others = [c for c in others if not _starts_inside_quote(c, spans, opens)]
    for c in others:
        _absorb_contrast(doc, c)
        _absorb_following_quote(text, c, quote_ends)
        _close_open_quote(c, spans, opens)
        classify(text, c)
    _trim_datelines(text, paras, directs + others)
    _attach_relays(others, relays)
    accepted = _select(text, directs, others)
    link_continuations(text, accepted, spans, paras)
    accepted = [c for c in accepted if c.extra.get("pending") is None or c.follows is not None or c.cue]
    accepted += fronted_segments(accepted, others)
    accepted = with_nonspeech(doc, in_quote, accepted)  # attitudes and evidence that never displace speech
    headline = headline_span(text, paras)
    if headline is not None:  # "Biden says he will not pardon his son": a title, not the article's report
        accepted = [c for c in accepted if not headline[0] <= c.start < headline[1]]
    for label in headline_labels(doc, paras):  # … but "Lynch: No outside influence on the probe" credits its claim
        accepted = [c for c in accepted if not _overlap(c.start, c.end, label.start, label.end)] + [label]
    for c in accepted:
        _with_complementiser(doc, c)
        _quoted_by(doc, c)
        _without_full_stop(doc, c)
    accepted.sort(key=lambda c: (c.start, c.end))
    statements = statement_ids(article, accepted)
    return [_record(article, doc, c, sid) for c, sid in zip(accepted, statements, strict=True)]


def _with_complementiser(doc: ParsedDoc, c: Candidate) -> None:
    """A reported clause starts at its complementiser: `said {that the bridge would reopen}`, as attribution
    annotation draws it (the PolNeAR guidelines: "that" is part of the content). The rules find the clause from
    its verb, so the `that` right before it is added here when it opens the clause after the cue."""
    if c.quote_type == "direct" or not c.cue or c.cue[1] > c.start:
        return
    t = doc.token_at(c.start)
    if t <= 0:
        return
    prev = doc.tokens[t - 1]
    if prev.text.lower() != "that" or prev.start < c.cue[1] or doc.text[prev.end : c.start].strip():
        return
    if prev.upos == "SCONJ" or prev.deprel == "mark" and doc.tokens[prev.head].start >= c.start:
        c.start = prev.start


def _without_full_stop(doc: ParsedDoc, c: Candidate) -> None:
    """`said in a post on X.`: the sentence's full stop the tokenizer fused to a one-letter word is not the cue's."""
    if not c.cue or c.cue[1] - c.cue[0] < 2 or doc.text[c.cue[1] - 1] != ".":
        return
    k = doc.token_at(c.cue[1] - 1)
    tok = doc.tokens[k] if k >= 0 else None
    rest = doc.text[c.cue[1] : c.cue[1] + 3]
    if tok is not None and len(tok.text) == 2 and tok.text[0].isupper() and (
            not rest.strip() or rest[:1].isspace() and (rest.lstrip()[:1].isupper() or rest.lstrip()[:1] in "“\"‘'")):
        c.cue = (c.cue[0], c.cue[1] - 1)


def _quoted_by(doc: ParsedDoc, c: Candidate) -> None:
    """`X was quoted as saying by state media`: the outlet that quoted the speaker is the relay (`via`), and the
    cue is the whole `was quoted as saying`."""
    v = c.extra.get("cue_token")
    if v is None or c.via is not None or not c.cue:
        return
    t = doc.tokens[v]
    quote = v if t.lemma.lower() == "quote" else t.head if t.lemma.lower() == "say" else None
    if quote is None or doc.tokens[quote].lemma.lower() != "quote" or doc.tokens[quote].xpos != "VBN":
        return
    saying = next((k for k in doc.children(quote) if k.lemma.lower() == "say" and k.i > quote), None)
    heads = [quote] + ([saying.i] if saying is not None else [])
    by = next((k for h in heads for k in doc.children(h) if k.deprel in ("obl", "obl:agent") and k.i > quote
               and any(x.deprel == "case" and x.lemma.lower() == "by" for x in doc.children(k.i))), None)
    if by is not None:
        first, last = np_with_mods(doc, by.i)
        while first < last and doc.tokens[first].lemma.lower() == "by":
            first += 1
        c.via = (doc.tokens[first].start, doc.tokens[last - 1].end)
    if saying is not None and v == quote and saying.i == quote + 2 and doc.tokens[quote + 1].text.lower() == "as":
        c.cue = (c.cue[0], max(c.cue[1], saying.end))  # "was quoted" → "was quoted as saying"


def _absorb_contrast(doc: ParsedDoc, c: Candidate) -> None:
    """`said the goal was not to “make it great again” but to “make it whole again”`, `said he would run not because
    of …, but because …`: the parser hangs the `but` half of a contrast on the cue; an infinitive or a reason clause
    cannot be the cue's own next act, so it is the content's second half."""
    v = c.extra.get("cue_token")
    if v is None or c.rule not in ("reported", "reported-cognition", "citing") or c.start < doc.tokens[v].end:
        return
    for k in doc.children(v):
        if k.deprel not in ("conj", "advcl") or k.start < c.end:
            continue
        kids_ = [x for x in doc.children(k.i) if x.i < k.i]
        infinitive = any(x.deprel == "aux" and x.lemma.lower() == "to" for x in kids_) and not any(
            x.deprel.startswith("nsubj") for x in kids_)
        if not infinitive and not any(x.deprel == "mark" and x.lemma.lower() == "because" for x in kids_):
            continue
        first = min(doc.subtree(k.i))
        between = " ".join(doc.text[c.end : doc.tokens[first].end if doc.tokens[first].text.lower() == "but"
                                    else doc.tokens[first].start].replace(",", " ").strip(" ”\"'’").split())
        if between not in ("but", "but rather"):
            continue
        last = max(doc.subtree(k.i))
        while last > k.i and doc.tokens[last].upos == "PUNCT" and doc.tokens[last].text not in ("”", "\"", "''", "’"):
            last -= 1
        c.end = doc.tokens[last].end


def _absorb_following_quote(text: str, c: Candidate, quote_ends: dict[int, int]) -> None:
    """`would back the budget “if the money is real”`: a quoted fragment that continues the clause
    without a break belongs to it, however the parser attached it."""
    gap = len(text[c.end :]) - len(text[c.end :].lstrip(" "))
    if gap <= 1 and c.end + gap in quote_ends and c.rule not in ("naming",) and c.end > c.start:
        c.end = quote_ends[c.end + gap]


def _starts_inside_quote(c: Candidate, spans: list[QuoteSpan], opens: list[int]) -> bool:
    """A reported clause that starts inside a quotation its cue is outside of: the parser tore the quotation apart
    (`told supporters … “talking to the people this stage didn’t reach.”`)."""
    k = bisect_left(opens, c.start) - 1
    if k < 0 or not c.cue:
        return False
    s = spans[k]
    return s.start < c.start < s.end and not s.start <= c.cue[0] < s.end and c.end <= s.end + 1


def _close_open_quote(c: Candidate, spans: list[QuoteSpan], opens: list[int]) -> None:
    """`replied that the law had exceptions the president “keeps pretending aren’t there,”`: a quotation opened
    inside the content closes inside it, however the parser hung its last words; and one that runs on over more
    sentences (`He said Cruz “has courage. He is not afraid.”`) carries the statement to its closing mark."""
    k = bisect_left(opens, c.start)
    while k < len(spans) and spans[k].open_mark < c.end:
        s = spans[k]
        if s.close_mark is not None and c.end < s.outer_end <= c.end + QUOTE_RUN_ON:
            c.end = s.outer_end
        k += 1


# what opens a paragraph before its first sentence: a wire dateline ("SOLVENNA, June 12 (Meridian) – ") or a
# live blog's time stamp ("11:15 p.m. — ")
TIME_STAMP = re.compile(r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*[-–—]{1,2}\s+(?=\S)", re.IGNORECASE)


def _trim_datelines(text: str, paras: list[tuple[int, int]], cands: list[Candidate]) -> None:
    """A reported clause or a speaker mention that starts a paragraph does not include the paragraph's dateline or
    time stamp."""
    starts = {}
    for s, e in paras:
        m = DATELINE_RE.match(text[s:e]) or TIME_STAMP.match(text, s, e)
        if m:
            starts[s] = s + (m.end() - m.start())
    if not starts:
        return
    for c in cands:
        body = starts.get(c.start)
        if body is not None and body < c.end:
            c.start = body
        if c.mention:  # "ARLEN - Executive Mansion press secretary Dorian Falk" read as one noun phrase
            body = starts.get(c.mention[0])
            if body is not None and body < c.mention[1]:
                c.mention = (body, c.mention[1])


def headline_span(text: str, paras: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The first paragraph when it reads as a headline: short, with no sentence-final punctuation, and
    followed by the article."""
    if len(paras) < 2:
        return None
    s, e = paras[0]
    first = text[s:e].strip()
    if first and len(first.split()) <= 20 and first[-1] not in ".!?:;,\"”’'…)":
        return s, e
    return None


def _inside(doc: ParsedDoc, spans: list[QuoteSpan]) -> list[bool]:
    flags = [False] * len(doc.tokens)
    for s in spans:
        for t in doc.tokens_between(s.start, s.end):
            flags[t] = True
    return flags


def _attach_relays(cands: list[Candidate], relays: list[Candidate]) -> None:
    for r in relays:
        for c in cands:
            if c.extra.get("cue_token") == r.extra["relay_for"]:
                c.via = r.via


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _select(text: str, directs: list[Candidate], others: list[Candidate]) -> list[Candidate]:
    """Direct quotes first; then reported statements that are not inside a quote or another statement."""
    accepted: list[Candidate] = list(directs)
    attributed_spans = [(d.start, d.end) for d in directs]
    # a reported clause made of a quotation interrupted by its own cue ('“The question,” she said, “is whether …”')
    # is the direct quote's segments, which the direct rule gives one record each
    direct_cues = {d.extra.get("cue_token") for d in directs if d.cue} - {None}
    others = [c for c in others if not (c.cue and c.start < c.cue[0] < c.end and c.extra.get("cue_token") in direct_cues
                                        and (text[c.start : c.start + 1] in "“\"‘" or text.startswith("''", c.start)))]
    # statements nested inside another statement's content belong to it ("We hear that Mr Trump says …")
    outer = sorted(others, key=lambda c: (PRIORITY.get(c.rule, 5), -(c.end - c.start)))
    kept: list[Candidate] = []
    for c in outer:
        length = max(1, c.end - c.start)
        if any(_overlap(c.start, c.end, s, e) / length >= 0.6 for s, e in attributed_spans):
            continue  # the clause is a direct quote already found with its attribution
        clash = None
        for k in kept:
            if _overlap(c.start, c.end, k.start, k.end) > 0:
                clash = k
                break
        if clash is not None:
            if c.rule == "according-to" and clash.start < c.start < clash.end:
                # "A confirmed that X, with Y expected …, according to B": two statements
                clash.end = _trim_tail(text, clash.start, c.start)
                if clash.end - clash.start < 8:
                    kept.remove(clash)
            else:
                continue
        kept.append(c)
    # a reported statement whose cue lies inside another statement's content is nested in it
    final = []
    for c in kept:
        if c.cue and any(k is not c and k.start <= c.cue[0] < k.end for k in kept + directs):
            continue
        final.append(c)
    # a quote wholly inside a mixed statement is that statement's fragment
    out = []
    for d in accepted:
        if any(m.quote_type == "mixed" and m.start <= d.start and d.end <= m.end for m in final):
            continue
        out.append(d)
    return out + final


_TAIL = re.compile(r"[\s,;:—–-]*(?:\b(?:with|and|but|as|while|amid|who|which)\b)?[\s,;:—–-]*$")


def _trim_tail(text: str, start: int, end: int) -> int:
    piece = text[start:end]
    m = _TAIL.search(piece)
    return start + (m.start() if m else len(piece))


def _without_article(name: str) -> str:
    return name[4:] if name[:4].lower() == "the " else name


def _sentence_bounds(doc: ParsedDoc, lo: int, hi: int) -> tuple[int, int]:
    start, end = lo, hi
    for s in doc.sents:
        if s.start <= lo < s.end or (s.start >= lo and s.start < hi):
            start = min(start, s.start)
        if s.start < hi <= s.end or (s.end <= hi and s.end > lo):
            end = max(end, s.end)
    return start, end


def _kind(doc: ParsedDoc, c: Candidate) -> str:
    """speech, attitude or evidence, from the cue's head word, the rule and the source's head noun."""
    v = c.extra.get("cue_token")
    cue = doc.tokens[v].lemma if v is not None else (doc.text[c.cue[0] : c.cue[1]].split() or [""])[0] if c.cue else ""
    source = doc.tokens[c.speaker_tok].lemma if c.speaker_tok is not None else ""
    return attribution_kind(cue, c.rule, source)


def _record(article: Article, doc: ParsedDoc, c: Candidate, statement_id: str) -> Quote:
    text = article.text
    points = [c.start, c.end] + [p for span in (c.cue, c.mention) if span for p in span]
    lo, hi = min(points), max(points)
    cs, ce = _sentence_bounds(doc, lo, hi)
    cs, ce = max(0, min(cs, lo)), min(len(text), max(ce, hi))
    extra = {"speaker_tok": c.speaker_tok, "antecedent": c.antecedent, "role": c.role}
    if c.extra.get("late"):
        extra["late"] = True
    follows = c.extra.get("follows")
    if follows is not None:
        extra["follows_start"] = follows.start
    return Quote(
        article_id=article.article_id,
        quote_type=c.quote_type,
        text=text[c.start : c.end],
        start=c.start,
        end=c.end,
        context=text[cs:ce],
        cue=text[c.cue[0] : c.cue[1]] if c.cue else "",
        cue_start=c.cue[0] if c.cue else None,
        cue_end=c.cue[1] if c.cue else None,
        speaker_mention=text[c.mention[0] : c.mention[1]] if c.mention else "",
        speaker_start=c.mention[0] if c.mention else None,
        speaker_end=c.mention[1] if c.mention else None,
        speaker_role=text[c.role[0] : c.role[1]] if c.role else "",
        via=_without_article(text[c.via[0] : c.via[1]]) if c.via else "",
        cited_source=text[c.cited[0] : c.cited[1]] if c.cited else "",
        statement_id=statement_id,
        attribution=_kind(doc, c),
        confidence=round(c.confidence, 2),
        parser=doc.parser,
        source=article.source,
        url=article.url,
        title=article.title,
        published=article.published,
        rule=c.rule,
        mention_type=c.mention_type,
        extra=extra,
    )
