"""The learned spans and the rules together: the model proposes, the rules refine, every record says which made it.

Three ways to combine them (`SpanModel.mode`):

- `boundaries`: the rules' records, each with the content boundaries of the model's content that matches it best
  (sharing at least `REFIT_OVERLAP` of the longer span, holding neither the record's cue nor its speaker);
  such a record's `rule` becomes `<rule>+model`;
- `hybrid` (the default): `boundaries`, plus the model's contents that no rule record covers when a cue anchors
  them: the model's cue next to the content, whose head word is a cue the lexicon knows (speech, attitude or
  evidence). The speaker is the model's source next to the cue, else the cue's subject in the parse; `rule`
  `model`. The attribution kind is typed from the cue as for the rules, so the default speech-only output stays
  speech;
- `model`: the model's contents alone (each with its nearest cue and source), for measuring the model.

Speaker resolution, canonical names and clusters stay the rules' (later stages): a model record carries its speaker
mention and head token as a rule record does.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from ..parse.doc import ParsedDoc
from ..records import Article, Quote, quote_id
from ..text import DOUBLE_MARKS
from .candidates import Candidate
from .model import Proposal, SpanModel

REFIT_OVERLAP = 0.3  # a model content replaces a record's boundaries when it shares this much of the longer span
CUE_REACH = 40  # characters between a content and the model cue that anchors it
SOURCE_REACH = 80  # characters between a cue and the model source that goes with it
MODEL_CONFIDENCE = 0.6
RELATIVE = {"who", "which", "that", "whom"}
HAS_STATEMENTS = "statement_id" in {f.name for f in fields(Quote)}


@dataclass
class Group:
    """The model's spans for one attribution: content segments and the cue and source that go with them."""

    contents: list[tuple[int, int]]
    cue: tuple[int, int] | None = None
    source: tuple[int, int] | None = None


def with_model(article: Article, doc: ParsedDoc, rules: list[Quote], model: SpanModel) -> list[Quote]:
    """`rules` (the article's rule records) combined with what `model` tags in the article, as its mode says."""
    from . import article_paragraphs

    return combine(article, doc, rules, model.propose(article.text, article_paragraphs(article.text)), model.mode)


def combine(article: Article, doc: ParsedDoc, rules: list[Quote], proposals: list[Proposal], mode: str
            ) -> list[Quote]:
    """The records of `article` from the rules' `rules` and the model's `proposals`, by `start`."""
    groups = attribution_groups(article.text, proposals)
    if mode == "model":
        out = [r for g in groups for r in _model_records(article, doc, g, anchored=False)]
    else:
        contents = [c for g in groups for c in g.contents]
        out = refit(article.text, doc, rules, contents)
        if mode == "hybrid":
            taken = [(q.start, q.end) for q in out] + [(q.start, q.end) for q in rules]
            for g in groups:
                if not any(_overlap(c, t) for c in g.contents for t in taken):
                    out.extend(_model_records(article, doc, g, anchored=True))
    out.sort(key=lambda q: (q.start, q.end))
    return _restated(article, out)


# -- the model's spans as attributions --------------------------------------------------------------------------

def attribution_groups(text: str, proposals: list[Proposal]) -> list[Group]:
    """The model's contents, each with the nearest model cue (within `CUE_REACH` characters) and the model source
    nearest that cue; contents on both sides of one cue in one sentence (a quotation interrupted by its cue) are
    one group."""
    contents = [(p.start, p.end) for p in proposals if p.label == "CONTENT"]
    cues = [(p.start, p.end) for p in proposals if p.label == "CUE"]
    sources = [(p.start, p.end) for p in proposals if p.label == "SOURCE"]
    by_cue: dict[tuple[int, int] | None, list[Group]] = {}
    groups: list[Group] = []
    for c in contents:
        cue = _nearest(text, c, cues, CUE_REACH)
        earlier = by_cue.get(cue) if cue is not None else None
        if earlier and earlier[-1].contents[-1][1] <= cue[0] < c[0] and _one_sentence(text, earlier[-1].contents[-1][0], c[1]):
            earlier[-1].contents.append(c)  # "“A,” she said, “B.”"
            continue
        g = Group([c], cue, _nearest(text, cue, sources, SOURCE_REACH) if cue else None)
        by_cue.setdefault(cue, []).append(g)
        groups.append(g)
    return groups


def _nearest(text: str, span: tuple[int, int], candidates: list[tuple[int, int]], reach: int
             ) -> tuple[int, int] | None:
    best, best_gap = None, reach + 1
    for cand in candidates:
        gap = cand[0] - span[1] if cand[0] >= span[1] else span[0] - cand[1] if cand[1] <= span[0] else 0
        if 0 <= gap < best_gap and "\n" not in text[min(cand[1], span[1]) : max(cand[0], span[0])]:
            best, best_gap = cand, gap
    return best


def _one_sentence(text: str, a: int, b: int) -> bool:
    return "\n" not in text[a:b]


# -- (a) the rules' records with the model's boundaries -------------------------------------------------------

def refit(text: str, doc: ParsedDoc, rules: list[Quote], contents: list[tuple[int, int]]) -> list[Quote]:
    """Each rule record with the boundaries of the model content that matches it best, where one does; a model
    content is given to one record only (the one it overlaps most)."""
    choice: dict[int, tuple[float, tuple[int, int]]] = {}
    owner: dict[tuple[int, int], tuple[float, int]] = {}
    for k, q in enumerate(rules):
        for c in contents:
            share = _overlap((q.start, q.end), c) / max(q.end - q.start, c[1] - c[0])
            if share < REFIT_OVERLAP or _holds(c, q):
                continue
            if share > choice.get(k, (0.0, c))[0]:
                choice[k] = (share, c)
    for k, (share, c) in choice.items():
        if share > owner.get(c, (0.0, -1))[0]:
            owner[c] = (share, k)
    out = []
    for k, q in enumerate(rules):
        c = choice.get(k, (0.0, None))[1]
        if c is None or owner[c][1] != k or c == (q.start, q.end):
            out.append(q)
            continue
        out.append(_with_bounds(text, doc, q, *c))
    return out


def _holds(c: tuple[int, int], q: Quote) -> bool:
    """The content span holds the record's cue or speaker: not a boundary for this record."""
    return any(s is not None and e is not None and _overlap(c, (s, e)) for s, e in
               ((q.cue_start, q.cue_end), (q.speaker_start, q.speaker_end)))


def _with_bounds(text: str, doc: ParsedDoc, q: Quote, start: int, end: int) -> Quote:
    start, end, quote_type = typed(text, start, end)
    return q.evolve(start=start, end=end, text=text[start:end], quote_type=quote_type,
                    context=_context(text, doc, start, end, q), rule=f"{q.rule}+model")


def typed(text: str, start: int, end: int) -> tuple[int, int, str]:
    """(start, end, quote_type) of a content: `direct` when it is one quotation (its marks then left out, as the
    rules leave them out), `mixed` when it holds quotation marks, else `indirect`."""
    piece = text[start:end].rstrip(" ,.")
    marks = sum(piece.count(m) for m in DOUBLE_MARKS)
    if marks == 2 and piece[:1] in "“\"" and piece[-1:] in "”\"" and len(piece) > 2:
        return start + 1, start + len(piece) - 1, "direct"
    return start, end, "mixed" if marks else "indirect"


def _context(text: str, doc: ParsedDoc, start: int, end: int, q: Quote | None = None) -> str:
    points = [start, end] + ([p for p in (q.cue_start, q.cue_end, q.speaker_start, q.speaker_end) if p is not None]
                             if q else [])
    lo, hi = min(points), max(points)
    for s in doc.sents:
        if s.start <= lo < s.end:
            lo = min(lo, s.start)
        if s.start < hi <= s.end:
            hi = max(hi, s.end)
    return text[lo:hi]


# -- (b) the model's own records --------------------------------------------------------------------------

def _model_records(article: Article, doc: ParsedDoc, g: Group, anchored: bool) -> list[Quote]:
    """One record per content segment of `g` (none when `anchored` and no known cue anchors it)."""
    from .attitude import attribution_kind, kind_lexicon
    from .lexicon import lexicon

    text = article.text
    cue_tok = _head_token(doc, g.cue) if g.cue else None
    if anchored and (cue_tok is None or not _known_cue(doc.tokens[cue_tok].lemma.lower(), lexicon(), kind_lexicon())):
        return []
    speaker_tok, mention = _speaker(doc, g, cue_tok)
    out = []
    for a, b in g.contents:
        start, end, quote_type = typed(text, a, b)
        cand = Candidate(start=start, end=end, quote_type=quote_type, rule="model", cue=g.cue, speaker_tok=speaker_tok,
                         mention=mention, mention_type=_mention_type(doc, speaker_tok), confidence=MODEL_CONFIDENCE)
        if cand.mention_type == "relative":
            cand.antecedent = _antecedent(doc, speaker_tok)
        cand.extra["cue_token"] = cue_tok
        cue = doc.tokens[cue_tok].lemma if cue_tok is not None else ""
        source = doc.tokens[speaker_tok].lemma if speaker_tok is not None else ""
        out.append(_as_quote(article, doc, cand, attribution_kind(cue, "model", source)))
    if HAS_STATEMENTS and len(out) > 1:  # the segments of one quotation interrupted by its cue
        out = [q.evolve(statement_id=out[0].quote_id) for q in out]
    return out


def _known_cue(lemma: str, lex, kinds) -> bool:
    return (lex.is_cue(lemma) or lemma in lex.speech_nouns or lemma in lex.comment_nouns or lemma == "according"
            or lemma in kinds.attitude_clause or lemma in kinds.attitude_infinitive or lemma in kinds.evidence_cues)


def _head_token(doc: ParsedDoc, span: tuple[int, int]) -> int | None:
    """The token of `span` whose head lies outside it (a verb first), or None when no token lies within."""
    toks = doc.tokens_between(*span) or [t for t in (doc.token_at(span[0]),) if t >= 0]
    if not toks:
        return None
    inside = set(toks)
    heads = [i for i in toks if doc.tokens[i].head not in inside or doc.tokens[i].head == i]
    verbs = [i for i in heads + toks if doc.tokens[i].upos in ("VERB", "AUX")]
    return (verbs or heads or toks)[0]


def _speaker(doc: ParsedDoc, g: Group, cue_tok: int | None) -> tuple[int | None, tuple[int, int] | None]:
    """(head token, span) of the speaker mention: the model's source, else the parse's subject of the cue."""
    if g.source is not None:
        tok = _head_token(doc, g.source)
        if tok is not None:
            return tok, g.source
    if cue_tok is not None:
        from .syntax import np_span, subject_of

        subj = subject_of(doc, cue_tok)
        if subj is not None and not any(c[0] <= subj.start < c[1] for c in g.contents):
            first, last = np_span(doc, subj.i)
            return subj.i, (doc.tokens[first].start, doc.tokens[last - 1].end)
    return None, None


def _mention_type(doc: ParsedDoc, tok: int | None) -> str:
    if tok is None:
        return "none"
    t = doc.tokens[tok]
    if t.text.lower() in RELATIVE and t.upos == "PRON":
        return "relative"
    return {"PRON": "pronoun", "PROPN": "name"}.get(t.upos, "nominal")


def _antecedent(doc: ParsedDoc, tok: int) -> int | None:
    """The noun a relative pronoun's clause modifies ("Brandt, who said …")."""
    i = tok
    for _ in range(4):
        t = doc.tokens[i]
        if t.deprel == "acl:relcl":
            return t.head
        if t.head == i:
            return None
        i = t.head
    return None


def _as_quote(article: Article, doc: ParsedDoc, c: Candidate, kind: str) -> Quote:
    from . import _record

    q = _record(article, doc, c, *([""] if HAS_STATEMENTS else [[]]))
    return q.evolve(attribution=kind)


# -- statements -----------------------------------------------------------------------------------------------

def _restated(article: Article, records: list[Quote]) -> list[Quote]:
    """Records of one statement (the same statement_id before, or segments of one model group) share the quote_id
    of the first of them again, now that boundaries may have moved."""
    if not HAS_STATEMENTS:
        return records
    first: dict[str, str] = {}
    out = []
    for q in records:
        own = quote_id(article.article_id, q.start, q.end, q.text)
        key = q.statement_id or own
        out.append(q.evolve(statement_id=first.setdefault(key, own)))
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))
