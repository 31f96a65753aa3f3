"""The learned spans and the rules together: the model proposes, the rules refine, every record says which made it.

The ways to combine them (`SpanModel.mode`, `--combine`), measured on held-out PolNeAR articles (docs/training.md):

- `boundaries`: the rules' records, each extended to the model content that holds it (the record at least
  `REFIT_OVERLAP` of it, the content holding neither the record's cue nor its speaker); such a record's `rule`
  becomes `<rule>+model`. Only extended: where a model content is shorter than a rule record, measurement showed
  the model's convention at work more often than a better boundary;
- `hybrid` (the default): `boundaries`, plus each model content no rule record touches when it is *anchored*: the
  model tags a cue right next to it whose head word is a cue the lexicon knows (the rules' cue lists, the kinds'
  attitude and evidence cues, quotes/data/anchors.json), and the content is a clause or a quotation of at least
  `MIN_WORDS` words (a bare noun phrase after a cue is where a model trained on one annotation convention misleads
  most on news annotated another way);
- `wide`: `boundaries`, plus every model content next to any cue the model tags (higher recall on news annotated
  like PolNeAR, lower precision elsewhere);
- `model`: the model's contents alone, each with its nearest cue and source (for measuring the model).

A model record's `rule` is `model`; its speaker mention is the cue's subject in the parse, else the model's source
next to the cue; its attribution kind comes from the cue as for the rules' records, so the default speech-only
output holds only speech. Speaker resolution, canonical names and clusters stay the rules' (later stages), and the
segments of one statement share a `statement_id` again after boundaries move.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..parse.doc import ParsedDoc
from ..records import Article, Quote, quote_id
from ..text import DOUBLE_MARKS
from .candidates import Candidate
from .model import Proposal, SpanModel

REFIT_OVERLAP = 0.3  # a rule record is extended to a model content of which it is at least this share
CUE_REACH = 40  # characters between a content and the model cue that goes with it
SOURCE_REACH = 80  # characters between a cue and the model source that goes with it
MIN_WORDS = 3
MODEL_CONFIDENCE = 0.6
RELATIVE = {"who", "which", "that", "whom"}


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
        out = [q for g in groups for q in model_records(article, doc, g)]
    else:
        out = refit(article.text, doc, rules, [c for g in groups for c in g.contents])
        if mode in ("hybrid", "wide"):
            taken = [(q.start, q.end) for q in out] + [(q.start, q.end) for q in rules]
            for g in groups:
                if any(_overlap(c, t) for c in g.contents for t in taken):
                    continue
                if anchored(doc, article.text, g, strict=mode == "hybrid"):
                    out.extend(model_records(article, doc, g))
    out.sort(key=lambda q: (q.start, q.end))
    return _restated(article, out)


# -- the model's spans as attributions --------------------------------------------------------------------------

def attribution_groups(text: str, proposals: list[Proposal]) -> list[Group]:
    """The model's contents, each with the nearest model cue (within `CUE_REACH` characters, same line) and the
    model source nearest that cue; contents on both sides of one cue in one paragraph (a quotation interrupted by
    its cue) are one group."""
    contents = [(p.start, p.end) for p in proposals if p.label == "CONTENT"]
    cues = [(p.start, p.end) for p in proposals if p.label == "CUE"]
    sources = [(p.start, p.end) for p in proposals if p.label == "SOURCE"]
    last_by_cue: dict[tuple[int, int], Group] = {}
    groups: list[Group] = []
    for c in contents:
        cue = _nearest(text, c, cues, CUE_REACH)
        earlier = last_by_cue.get(cue) if cue is not None else None
        if earlier is not None and earlier.contents[-1][1] <= cue[0] < c[0] and "\n" not in text[earlier.contents[-1][0]:c[1]]:
            earlier.contents.append(c)  # "“A,” she said, “B.”"
            continue
        g = Group([c], cue, _nearest(text, cue, sources, SOURCE_REACH) if cue else None)
        if cue is not None:
            last_by_cue[cue] = g
        groups.append(g)
    return groups


def _nearest(text: str, span: tuple[int, int], candidates: list[tuple[int, int]], reach: int
             ) -> tuple[int, int] | None:
    """The candidate closest to `span` (before or after it, or overlapping), at most `reach` characters away and
    not across a line break."""
    best, best_gap = None, reach + 1
    for cand in candidates:
        gap = cand[0] - span[1] if cand[0] >= span[1] else span[0] - cand[1] if cand[1] <= span[0] else 0
        if 0 <= gap < best_gap and "\n" not in text[min(cand[1], span[1]) : max(cand[0], span[0])]:
            best, best_gap = cand, gap
    return best


def anchored(doc: ParsedDoc, text: str, g: Group, strict: bool) -> bool:
    """Whether a model content stands as a record of its own: a model cue next to it; with `strict`, a cue the
    lexicon knows and a content that is a clause or a quotation."""
    if g.cue is None:
        return False
    if not strict:
        return True
    tok = head_token(doc, g.cue)
    return tok is not None and known_cue(cue_lemma(doc, tok)) and any(_clause(doc, text, a, b) for a, b in g.contents)


def known_cue(lemma: str) -> bool:
    """A cue lemma the rules' lexicon, the kinds' lists or quotes/data/anchors.json know."""
    from .attitude import kind_lexicon
    from .lexicon import lexicon

    lex, kinds = lexicon(), kind_lexicon()
    return (lex.is_cue(lemma) or lemma == "according" or any(lemma in words for words in (
        lex.speech_nouns, lex.comment_nouns, lex.naming, lex.refusals, lex.framing, lex.gerund_cues,
        lex.finding_cues, kinds.attitude_clause, kinds.attitude_infinitive, kinds.evidence_cues, anchors())))


@lru_cache(maxsize=1)
def anchors() -> frozenset[str]:
    """The cue lemmas of quotes/data/anchors.json, beyond the rules' lexicon."""
    raw = json.loads(resources.files("quotes").joinpath("data/anchors.json").read_text(encoding="utf-8"))
    return frozenset(w.lower() for w in raw["verbs"])


def cue_lemma(doc: ParsedDoc, tok: int) -> str:
    """The cue word's lemma, mended where the tagger lemmatises a cue wrongly ("hopes" → "hop", "according" →
    "accord")."""
    from .attitude import _forms, kind_lexicon

    t = doc.tokens[tok]
    word, lemma = t.text.lower(), t.lemma.lower()
    if word == "according":
        return word
    kinds = kind_lexicon()
    for base in kinds.attitude_clause | kinds.attitude_infinitive:
        if lemma != base and word in _forms(frozenset({base})):
            return base
    return lemma


def _clause(doc: ParsedDoc, text: str, a: int, b: int) -> bool:
    piece = text[a:b]
    if len(piece.split()) < MIN_WORDS:
        return False
    return any(m in piece for m in DOUBLE_MARKS) or any(doc.tokens[i].upos in ("VERB", "AUX")
                                                        for i in doc.tokens_between(a, b))


# -- the rules' records with the model's boundaries ---------------------------------------------------------

def refit(text: str, doc: ParsedDoc, rules: list[Quote], contents: list[tuple[int, int]]) -> list[Quote]:
    """Each rule record extended to the model content that holds it, where one does (sharing at least
    `REFIT_OVERLAP` of it and holding neither the record's cue nor its speaker): a reported clause the rules cut
    short of its coordinated parts. A model content is given to one record only (the one it overlaps most)."""
    choice: dict[int, tuple[float, tuple[int, int]]] = {}
    for k, q in enumerate(rules):
        for c in contents:
            share = _overlap((q.start, q.end), c) / max(q.end - q.start, c[1] - c[0])
            if not (c[0] <= q.start and q.end <= c[1]):
                continue  # only to extend: where a model content cuts a rule record short, the two conventions differ
            if share >= REFIT_OVERLAP and not _holds(c, q) and share > choice.get(k, (0.0, c))[0]:
                choice[k] = (share, c)
    owner: dict[tuple[int, int], tuple[float, int]] = {}
    for k, (share, c) in choice.items():
        if share > owner.get(c, (0.0, -1))[0]:
            owner[c] = (share, k)
    out = []
    for k, q in enumerate(rules):
        c = choice[k][1] if k in choice else None
        if c is None or owner[c][1] != k or c == (q.start, q.end):
            out.append(q)
        else:
            out.append(_with_bounds(text, doc, q, *c))
    return out


def _holds(c: tuple[int, int], q: Quote) -> bool:
    """The content span holds the record's cue or speaker: not a boundary for this record."""
    return any(s is not None and e is not None and _overlap(c, (s, e)) for s, e in
               ((q.cue_start, q.cue_end), (q.speaker_start, q.speaker_end)))


def _with_bounds(text: str, doc: ParsedDoc, q: Quote, start: int, end: int) -> Quote:
    start, end, quote_type = typed(text, start, end)
    if (start, end) == (q.start, q.end):
        return q
    return q.evolve(start=start, end=end, text=text[start:end], quote_type=quote_type,
                    context=_context(text, doc, q, start, end), rule=f"{q.rule}+model")


def typed(text: str, start: int, end: int) -> tuple[int, int, str]:
    """(start, end, quote_type) of a content: `direct` when it is one quotation (its marks then left out, as the
    rules leave them out), `mixed` when it holds quotation marks, else `indirect`."""
    piece = text[start:end].rstrip(" ,.")
    marks = sum(piece.count(m) for m in DOUBLE_MARKS)
    if marks == 2 and piece[:1] in "“\"" and piece[-1:] in "”\"" and len(piece) > 2:
        return start + 1, start + len(piece) - 1, "direct"
    return start, end, "mixed" if marks else "indirect"


def _context(text: str, doc: ParsedDoc, q: Quote, start: int, end: int) -> str:
    """The sentences holding the content, its cue and its speaker (as the rules' records have it)."""
    points = [start, end] + [p for p in (q.cue_start, q.cue_end, q.speaker_start, q.speaker_end) if p is not None]
    lo, hi = min(points), max(points)
    for s in doc.sents:
        if s.start <= lo < s.end:
            lo = min(lo, s.start)
        if s.start < hi <= s.end:
            hi = max(hi, s.end)
    return text[lo:hi]


# -- the model's own records --------------------------------------------------------------------------------

def model_records(article: Article, doc: ParsedDoc, g: Group) -> list[Quote]:
    """One record per content segment of `g`, with the cue, speaker mention and kind that go with it."""
    from . import _record
    from .attitude import attribution_kind

    text = article.text
    cue_tok = head_token(doc, g.cue) if g.cue else None
    speaker_tok, mention = _speaker(doc, g, cue_tok)
    cue = cue_lemma(doc, cue_tok) if cue_tok is not None else ""
    kind = attribution_kind(cue, "model", doc.tokens[speaker_tok].lemma if speaker_tok is not None else "")
    out = []
    for a, b in g.contents:
        start, end, quote_type = typed(text, a, b)
        cand = Candidate(start=start, end=end, quote_type=quote_type, rule="model", cue=g.cue, speaker_tok=speaker_tok,
                         mention=mention, mention_type=_mention_type(doc, speaker_tok), confidence=MODEL_CONFIDENCE)
        if cand.mention_type == "relative":
            cand.antecedent = _antecedent(doc, speaker_tok)
        cand.extra["cue_token"] = cue_tok
        out.append(_record(article, doc, cand, "").evolve(attribution=kind))
    if len(out) > 1:  # the segments of one quotation interrupted by its cue
        out = [q.evolve(statement_id=out[0].quote_id) for q in out]
    return out


def head_token(doc: ParsedDoc, span: tuple[int, int]) -> int | None:
    """The token of `span` whose head lies outside it (a verb first), or None when no token lies within."""
    toks = doc.tokens_between(*span) or [t for t in (doc.token_at(span[0]),) if t >= 0]
    if not toks:
        return None
    inside = set(toks)
    heads = [i for i in toks if doc.tokens[i].head not in inside or doc.tokens[i].head == i]
    verbs = [i for i in heads + toks if doc.tokens[i].upos in ("VERB", "AUX")]
    return (verbs or heads or toks)[0]


def _speaker(doc: ParsedDoc, g: Group, cue_tok: int | None) -> tuple[int | None, tuple[int, int] | None]:
    """(head token, span) of the speaker mention: the cue's subject in the parse, else the model's source."""
    if cue_tok is not None:
        from .spans import np_span
        from .syntax import subject_of

        subj = subject_of(doc, cue_tok)
        if subj is not None and not any(c[0] <= subj.start < c[1] for c in g.contents):
            first, last = np_span(doc, subj.i)
            return subj.i, (doc.tokens[first].start, doc.tokens[last - 1].end)
    if g.source is not None:
        tok = head_token(doc, g.source)
        if tok is not None:
            return tok, g.source
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


# -- statements -----------------------------------------------------------------------------------------------

def _restated(article: Article, records: list[Quote]) -> list[Quote]:
    """Records of one statement (one statement_id before, or the segments of one model group) share the quote_id of
    the first of them again, now that boundaries may have moved."""
    first: dict[str, str] = {}
    out = []
    for q in records:
        own = quote_id(article.article_id, q.start, q.end, q.text)
        out.append(q.evolve(statement_id=first.setdefault(q.statement_id or own, own)))
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))
