"""The stanza backend: its converter on real `stanza.Document`s, a real `stanza.Pipeline` driven through
stub resources and registered test processors, model detection and the model download."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import re
import threading
import time
import zipfile
from pathlib import Path
from typing import ClassVar

import pytest

stanza = pytest.importorskip("stanza")

from stanza.models.common.doc import Document
from stanza.pipeline import registry
from stanza.pipeline.processor import (
    Processor,
    ProcessorVariant,
    register_processor,
    register_processor_variant,
)
from stanza.utils.conll import CoNLL

from quotes.errors import ParserUnavailable
from quotes.parse import get_parser
from quotes.parse.conllu_backend import ConlluBackend, misc_value, read_conllu_article
from quotes.parse.models import download_stanza, reachable
from quotes.parse.stanza_backend import (
    REQUIRED_PROCESSORS,
    StanzaBackend,
    convert_stanza_doc,
    stanza_models_installed,
)

FIXTURES = Path(__file__).parent / "fixtures" / "parse"
OFFSETS = FIXTURES / "stanza_offsets.conllu"


def words(doc):
    return [(t.text, t.deprel, doc.tokens[t.head].text if t.head != t.i else "ROOT") for t in doc.tokens]


def assert_offsets_exact(doc):
    for t in doc.tokens:
        assert doc.text[t.start:t.end] == t.text or "'" in t.text, t
    for e in doc.ents:
        assert doc.text[e.start:e.end] == doc.span_text(e.first, e.last)


# --- the converter on Documents read by stanza's own CoNLL-U reader -------------------------------------------

@pytest.fixture(scope="module")
def offsets_doc():
    return convert_stanza_doc(CoNLL.conll2doc(input_file=str(OFFSETS)), "stanza:test")


def test_conll_offsets_from_misc_index_the_text(offsets_doc):
    doc = offsets_doc
    assert doc.text == "\"We don't negotiate,\" Nadia Okafor told reporters. The bill won't be signed by Halvik Line."
    assert_offsets_exact(doc)
    assert [(s.start, s.end) for s in doc.sents] == [(0, 50), (51, 91)]
    assert doc.parser == "stanza:test"


def test_mwt_words_get_their_own_piece_of_the_token(offsets_doc):
    doc = offsets_doc
    do, nt = doc.tokens[2], doc.tokens[3]
    assert (do.text, do.start, do.end, do.lemma) == ("do", 4, 6, "do")
    assert (nt.text, nt.start, nt.end, nt.lemma) == ("n't", 6, 9, "not")
    wo = next(t for t in doc.tokens if t.lemma == "will")
    assert (doc.text[wo.start:wo.end], doc.text[wo.end:wo.end + 3]) == ("wo", "n't")
    assert doc.token_at(61) == wo.i and doc.token_at(63) == wo.i + 1


def test_heads_become_document_wide_and_roots_point_to_themselves(offsets_doc):
    doc = offsets_doc
    told = next(t for t in doc.tokens if t.text == "told")
    signed = next(t for t in doc.tokens if t.text == "signed")
    assert told.is_root and told.deprel == "root" and told.sent == 0
    assert signed.is_root and signed.sent == 1 and signed.i == 17
    assert ("negotiate", "ccomp", "told") in words(doc)
    assert ("reporters", "iobj", "told") in words(doc)
    assert ("bill", "nsubj:pass", "signed") in words(doc)  # subtypes kept
    assert ("be", "aux:pass", "signed") in words(doc)
    assert ("Halvik", "obl:agent", "signed") in words(doc)
    assert ("by", "case", "Halvik") in words(doc)
    assert all(doc.sents[t.sent].first <= t.head < doc.sents[t.sent].last for t in doc.tokens)


def test_entities_from_ner_in_misc(offsets_doc):
    doc = offsets_doc
    assert [(e.label, doc.text[e.start:e.end]) for e in doc.ents] == [("PERSON", "Nadia Okafor"), ("ORG", "Halvik Line")]
    nadia, okafor = doc.tokens[7], doc.tokens[8]
    assert (nadia.ent, nadia.ent_iob, okafor.ent, okafor.ent_iob) == ("PERSON", "B", "PERSON", "I")
    assert doc.tokens[9].ent == "" and doc.tokens[9].ent_iob == "O"


def test_reconstructed_text_without_offsets_gives_the_same_parse(offsets_doc):
    source = re.sub(r"start_char=\d+\|end_char=\d+\|?", "", OFFSETS.read_text())
    source = re.sub(r"\t(?=\n|$)", "\t_", source)
    assert "start_char" not in source and "SpaceAfter=No" in source
    stripped = CoNLL.conll2doc(input_str=source, reconstruct_text=True)
    assert stripped.sentences[0].tokens[0].start_char is not None
    doc = convert_stanza_doc(stripped, "stanza:test")
    assert doc.text == offsets_doc.text
    assert words(doc) == words(offsets_doc)
    assert [(t.start, t.end) for t in doc.tokens] == [(t.start, t.end) for t in offsets_doc.tokens]


STANZA_NER_CONLLU = """\
# text = Kremlin spokesman Dmitry Peskov said Moscow can't accept it.
1	Kremlin	Kremlin	PROPN	NNP	_	2	compound	_	ner=S-ORG
2	spokesman	spokesman	NOUN	NN	_	5	nsubj	_	ner=O
3	Dmitry	Dmitry	PROPN	NNP	_	2	appos	_	ner=B-PERSON
4	Peskov	Peskov	PROPN	NNP	_	3	flat	_	ner=E-PERSON
5	said	say	VERB	VBD	_	0	root	_	ner=O
6	Moscow	Moscow	PROPN	NNP	_	9	nsubj	_	ner=S-GPE
7-8	can't	_	_	_	_	_	_	_	ner=O
7	ca	can	AUX	MD	_	9	aux	_	_
8	n't	not	PART	RB	_	9	advmod	_	_
9	accept	accept	VERB	VB	_	5	ccomp	_	_
10	it	it	PRON	PRP	_	9	obj	_	ner=O|SpaceAfter=No
11	.	.	PUNCT	.	_	5	punct	_	ner=O

"""


def test_stanza_lowercase_ner_and_single_token_entities():
    sdoc = CoNLL.conll2doc(input_str=STANZA_NER_CONLLU, reconstruct_text=True)
    doc = convert_stanza_doc(sdoc, "stanza:test")
    assert [(e.label, doc.text[e.start:e.end]) for e in doc.ents] == [
        ("ORG", "Kremlin"), ("PERSON", "Dmitry Peskov"), ("GPE", "Moscow")]
    ca = doc.tokens[6]
    assert (doc.text[ca.start:ca.end], ca.lemma, ca.deprel, doc.tokens[ca.head].text) == ("ca", "can", "aux", "accept")
    assert ("Dmitry", "appos", "spokesman") in words(doc)
    assert_offsets_exact(doc)


def test_document_without_text_or_offsets_gets_its_text_rebuilt():
    sdoc = CoNLL.conll2doc(input_str=STANZA_NER_CONLLU)
    assert sdoc.text is None and sdoc.sentences[0].tokens[0].start_char is None
    doc = convert_stanza_doc(sdoc, "stanza:test")
    assert doc.text == "Kremlin spokesman Dmitry Peskov said Moscow can't accept it."
    assert_offsets_exact(doc)
    assert [(e.label, doc.text[e.start:e.end]) for e in doc.ents][1] == ("PERSON", "Dmitry Peskov")


def test_stanza_converter_and_conllu_backend_agree_on_the_same_analysis():
    """One CoNLL-U analysis read by stanza and converted, and read by the pure-Python conllu backend, gives
    the same neutral document (the stanza offsets are re-aligned to the article's paragraph breaks)."""
    path = FIXTURES / "ferry.conllu"
    article = read_conllu_article(path)
    (ours,) = ConlluBackend().parse_articles([article])
    theirs = convert_stanza_doc(CoNLL.conll2doc(input_file=str(path), reconstruct_text=True), "conllu",
                                text=article.text)
    assert theirs.tokens == ours.tokens
    assert theirs.sents == ours.sents
    assert theirs.ents == ours.ents


# --- the converter on Documents built from token dicts ------------------------------------------------------------

def dict_document() -> Document:
    text = "  Ms. Lund said: “I won’t go.”\nIt rained."
    s1 = [
        {"id": 1, "text": "Ms.", "lemma": "Ms.", "upos": "PROPN", "xpos": "NNP", "head": 2, "deprel": "compound",
         "start_char": 2, "end_char": 5, "ner": "B-PERSON"},
        {"id": 2, "text": "Lund", "lemma": "Lund", "upos": "PROPN", "xpos": "NNP", "head": 3, "deprel": "nsubj",
         "start_char": 6, "end_char": 10, "ner": "E-PERSON"},
        {"id": 3, "text": "said", "lemma": "say", "upos": "VERB", "xpos": "VBD", "head": 0, "deprel": "root",
         "start_char": 11, "end_char": 15, "ner": "O"},
        {"id": 4, "text": ":", "lemma": ":", "upos": "PUNCT", "xpos": ":", "head": 3, "deprel": "punct",
         "start_char": 15, "end_char": 16, "ner": "O"},
        {"id": 5, "text": "“", "lemma": "“", "upos": "PUNCT", "xpos": "``", "head": 9, "deprel": "punct",
         "start_char": 17, "end_char": 18, "ner": "O"},
        {"id": 6, "text": "I", "lemma": "I", "upos": "PRON", "xpos": "PRP", "head": 9, "deprel": "nsubj",
         "start_char": 18, "end_char": 19, "ner": "O"},
        {"id": (7, 8), "text": "won’t", "start_char": 20, "end_char": 25, "ner": "O"},
        {"id": 7, "text": "wo", "lemma": "will", "upos": "AUX", "xpos": "MD", "head": 9, "deprel": "aux"},
        {"id": 8, "text": "n’t", "lemma": "not", "upos": "PART", "xpos": "RB", "head": 9, "deprel": "advmod"},
        {"id": 9, "text": "go", "lemma": "go", "upos": "VERB", "xpos": "VB", "head": 3, "deprel": "parataxis",
         "start_char": 26, "end_char": 28, "ner": "O"},
        {"id": 10, "text": ".", "lemma": ".", "upos": "PUNCT", "xpos": ".", "head": 9, "deprel": "punct",
         "start_char": 28, "end_char": 29, "ner": "O"},
        {"id": 11, "text": "”", "lemma": "”", "upos": "PUNCT", "xpos": "''", "head": 9, "deprel": "punct",
         "start_char": 29, "end_char": 30, "ner": "O"},
    ]
    s2 = [
        {"id": 1, "text": "It", "lemma": "it", "upos": "PRON", "head": 2, "deprel": "expl", "start_char": 31,
         "end_char": 33, "ner": "O"},
        {"id": 2, "text": "rained", "lemma": "rain", "upos": "VERB", "head": 0, "deprel": "ROOT", "start_char": 34,
         "end_char": 40, "ner": "O"},
        {"id": 3, "text": ".", "lemma": ".", "upos": "PUNCT", "head": 2, "deprel": "punct", "start_char": 40,
         "end_char": 41, "ner": "O"},
    ]
    return Document([s1, s2], text=text)


def test_dict_document_offsets_curly_quotes_and_mwt():
    sdoc = dict_document()
    assert [e.text for e in sdoc.ents] == ["Ms. Lund"]  # stanza itself built the entity from the BIOES tags
    doc = convert_stanza_doc(sdoc, "stanza:dict")
    assert_offsets_exact(doc)
    assert [t.text for t in doc.tokens[:3]] == ["Ms.", "Lund", "said"]
    wo, nt = doc.tokens[6], doc.tokens[7]
    assert (wo.start, wo.end, nt.start, nt.end) == (20, 22, 22, 25)
    assert nt.text == "n’t" and doc.text[nt.start:nt.end] == "n’t"
    assert ("go", "parataxis", "said") in words(doc)
    assert doc.tokens[-2].deprel == "root" and doc.tokens[-2].is_root  # "ROOT" lower-cased
    assert [(s.start, s.end) for s in doc.sents] == [(2, 30), (31, 41)]
    assert [(e.label, e.start, e.end) for e in doc.ents] == [("PERSON", 2, 10)]


def test_mwt_whose_words_do_not_spell_the_token_share_its_span():
    text = "Vamos del centro."
    sent = [
        {"id": 1, "text": "Vamos", "lemma": "ir", "upos": "VERB", "head": 0, "deprel": "root",
         "start_char": 0, "end_char": 5},
        {"id": (2, 3), "text": "del", "start_char": 6, "end_char": 9},
        {"id": 2, "text": "de", "lemma": "de", "upos": "ADP", "head": 4, "deprel": "case"},
        {"id": 3, "text": "el", "lemma": "el", "upos": "DET", "head": 4, "deprel": "det"},
        {"id": 4, "text": "centro", "lemma": "centro", "upos": "NOUN", "head": 1, "deprel": "obl",
         "start_char": 10, "end_char": 16},
        {"id": 5, "text": ".", "lemma": ".", "upos": "PUNCT", "head": 1, "deprel": "punct",
         "start_char": 16, "end_char": 17},
    ]
    doc = convert_stanza_doc(Document([sent], text=text), "stanza:x")
    de, el = doc.tokens[1], doc.tokens[2]
    assert (de.start, de.end, el.start, el.end) == (6, 9, 6, 9)
    assert (de.text, el.text) == ("de", "el")
    assert doc.tokens[3].start == 10


# --- a real stanza.Pipeline over stub resources and registered test processors ----------------------------------

GOLD: dict[str, Document] = {}
VARIANT = "quotestest"


def _gold(document) -> Document:
    return GOLD[document if isinstance(document, str) else document.text]


class GoldTokenizer(ProcessorVariant):
    """Tokenizes (tokens, multi-word ranges, offsets) as the known analysis says; nothing else."""

    def __init__(self, config):
        self.config = config

    def process(self, document):
        gold, rows = _gold(document), []
        for sent in gold.sentences:
            rows.append([])
            for tok in sent.tokens:
                rows[-1].append({"id": tok.id, "text": tok.text, "start_char": tok.start_char,
                                 "end_char": tok.end_char})
                if len(tok.words) > 1:
                    rows[-1].extend({"id": (w.id,), "text": w.text} for w in tok.words)
        return Document(rows, text=gold.text)


class PassThroughMWT(ProcessorVariant):
    OVERRIDE = True

    def __init__(self, config):
        pass

    def process(self, document):
        return document  # the test tokenizer already expanded multi-word tokens


def _copier(*fields):
    class Copy(ProcessorVariant):
        OVERRIDE = True

        def __init__(self, config):
            pass

        def process(self, document):
            for sent, gold in zip(document.sentences, _gold(document).sentences, strict=True):
                for w, g in zip(sent.words, gold.words, strict=True):
                    for f in fields:
                        setattr(w, f, getattr(g, f))
            return document

    return Copy


class GoldNER(Processor):
    """Stands in for NERProcessor (whose variants cannot load without a trained model)."""

    PROVIDES_DEFAULT: ClassVar[set[str]] = {"ner"}  # stanza unions these as sets
    REQUIRES_DEFAULT: ClassVar[set[str]] = {"tokenize"}

    def process(self, document):
        for sent, gold in zip(document.sentences, _gold(document).sentences, strict=True):
            for tok, g in zip(sent.tokens, gold.tokens, strict=True):
                tok.ner = g.ner or misc_value(g.words[0].misc or "", "NER") or "O"
        document.build_ents()
        return document


@pytest.fixture
def stub_stanza(tmp_path):
    """A resources dir holding only resources.json, and test processors registered with stanza."""
    saved_classes = dict(registry.NAME_TO_PROCESSOR_CLASS)
    saved_names = list(registry.PIPELINE_NAMES)
    saved_variants = {k: dict(v) for k, v in registry.PROCESSOR_VARIANTS.items()}
    register_processor_variant("tokenize", VARIANT)(GoldTokenizer)
    register_processor_variant("mwt", VARIANT)(PassThroughMWT)
    register_processor_variant("pos", VARIANT)(_copier("upos", "xpos"))
    register_processor_variant("lemma", VARIANT)(_copier("lemma"))
    register_processor_variant("depparse", VARIANT)(_copier("head", "deprel"))
    register_processor("ner")(GoldNER)
    registry.PIPELINE_NAMES[:] = saved_names  # keep stanza's processor order (ner already has its place)
    (tmp_path / "resources.json").write_text(json.dumps({"en": {"lang_name": "English"}}))
    yield tmp_path
    registry.NAME_TO_PROCESSOR_CLASS.clear()
    registry.NAME_TO_PROCESSOR_CLASS.update(saved_classes)
    registry.PIPELINE_NAMES[:] = saved_names
    registry.PROCESSOR_VARIANTS.clear()
    registry.PROCESSOR_VARIANTS.update(saved_variants)
    GOLD.clear()


def add_gold(conllu: str) -> str:
    sdoc = CoNLL.conll2doc(input_str=conllu, reconstruct_text=True)
    GOLD[sdoc.text] = sdoc
    return sdoc.text


def test_backend_drives_a_real_pipeline(stub_stanza):
    para1 = add_gold(OFFSETS.read_text())
    para2 = add_gold(STANZA_NER_CONLLU)
    article = f" date 2024-03-01 KARVIK - {para1}\n\n{para2}\n"
    backend = StanzaBackend(pipeline_kwargs={"dir": str(stub_stanza), "package": VARIANT})
    assert isinstance(backend.pipeline, stanza.Pipeline)
    assert {type(p).__name__ for p in backend.pipeline.processors.values()} >= {"TokenizeProcessor", "GoldNER"}
    assert set(backend.pipeline.processors) == set(REQUIRED_PROCESSORS)
    assert backend.label == f"stanza:en_{VARIANT}-{stanza.__version__}"

    docs = list(backend.parse(["", article, "   \n", article]))
    assert len(docs) == 4 and docs[0].tokens == [] and docs[2].tokens == []
    doc = docs[1]
    assert doc.text == article and doc.parser == backend.label
    assert_offsets_exact(doc)
    offset = article.index(para1)
    direct = convert_stanza_doc(GOLD[para1], "x")
    assert [(t.start + offset, t.end + offset) for t in direct.tokens] == [(t.start, t.end) for t in doc.tokens[:22]]
    assert words(doc)[:22] == words(direct)
    assert [(e.label, doc.text[e.start:e.end]) for e in doc.ents] == [
        ("PERSON", "Nadia Okafor"), ("ORG", "Halvik Line"), ("ORG", "Kremlin"), ("PERSON", "Dmitry Peskov"),
        ("GPE", "Moscow")]
    assert [doc.text[s.start:s.end] for s in doc.sents][2] == para2
    assert [t.sent for t in doc.tokens][-1] == 2 and doc.tokens[-1].head == doc.tokens[26].i  # "." -> said
    assert words(docs[3]) == words(doc)


def test_backend_batches_documents(stub_stanza):
    para = add_gold(STANZA_NER_CONLLU)
    backend = StanzaBackend(batch_size=2, pipeline_kwargs={"dir": str(stub_stanza), "package": VARIANT})
    calls = []
    real = backend.pipeline.bulk_process
    backend.pipeline.bulk_process = lambda docs: calls.append(len(docs)) or real(docs)
    docs = list(backend.parse([para] * 5))
    assert calls == [2, 2, 1]
    assert all(words(d) == words(docs[0]) for d in docs)


PRETOKENIZED_GOLD = """\
# text = Rain fell , officials said .
1	Rain	rain	NOUN	NN	_	2	nsubj	_	ner=O
2	fell	fall	VERB	VBD	_	5	ccomp	_	ner=O
3	,	,	PUNCT	,	_	5	punct	_	ner=O
4	officials	official	NOUN	NNS	_	5	nsubj	_	ner=O
5	said	say	VERB	VBD	_	0	root	_	ner=O
6	.	.	PUNCT	.	_	5	punct	_	ner=O

"""


def test_real_tokenizer_rewriting_the_text_is_realigned(stub_stanza):
    """stanza's own TokenizeProcessor in pretokenized mode re-joins tokens with single spaces; the backend
    still gives offsets into the chunk it sent."""
    add_gold(PRETOKENIZED_GOLD)
    package = {p: VARIANT for p in REQUIRED_PROCESSORS} | {"tokenize": "default"}
    backend = StanzaBackend(pipeline_kwargs={"dir": str(stub_stanza), "package": package,
                                             "tokenize_pretokenized": True})
    assert type(backend.pipeline.processors["tokenize"]).__name__ == "TokenizeProcessor"
    assert not hasattr(backend.pipeline.processors["tokenize"], "_variant")
    text = "Rain   fell ,  officials said ."
    (doc,) = backend.parse([text])
    assert doc.text == text
    assert_offsets_exact(doc)
    assert [(t.text, t.start) for t in doc.tokens] == [("Rain", 0), ("fell", 7), (",", 12), ("officials", 15),
                                                       ("said", 25), (".", 30)]
    assert ("fell", "ccomp", "said") in words(doc)


def test_backend_accepts_a_ready_pipeline(stub_stanza):
    para = add_gold(STANZA_NER_CONLLU)
    pipe = stanza.Pipeline(lang="en", dir=str(stub_stanza), package=VARIANT, processors="tokenize,mwt,pos,lemma,"
                           "depparse,ner", download_method=None, use_gpu=False, logging_level="WARN")
    backend = StanzaBackend(model="mine", pipeline=pipe)
    (doc,) = backend.parse([para])
    assert doc.parser == f"stanza:en_mine-{stanza.__version__}"
    assert ("accept", "ccomp", "said") in words(doc)


def test_missing_models_give_one_actionable_line(tmp_path):
    with pytest.raises(ParserUnavailable, match=r"quotes models download stanza") as info:
        StanzaBackend(pipeline_kwargs={"dir": str(tmp_path)})
    assert "\n" not in str(info.value)
    (tmp_path / "resources.json").write_text(json.dumps({"en": {"lang_name": "English"}}))
    with pytest.raises(ParserUnavailable, match=r"not installed in .*quotes models download stanza"):
        StanzaBackend(pipeline_kwargs={"dir": str(tmp_path)})


def test_get_parser_stanza_without_models_names_the_download_command(tmp_path, monkeypatch):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path))
    with pytest.raises(ParserUnavailable, match=r"run `quotes models download stanza` where the network allows"):
        get_parser("stanza", quiet=True)


def test_model_may_name_a_resources_directory(stub_stanza):
    para = add_gold(STANZA_NER_CONLLU)
    backend = StanzaBackend(model=str(stub_stanza), pipeline_kwargs={"package": VARIANT})
    assert backend.pipeline.dir == str(stub_stanza)
    (doc,) = backend.parse([para])
    assert ("Moscow", "nsubj", "accept") in words(doc)


def test_damaged_models_give_one_actionable_line(tmp_path):
    root = fake_models(tmp_path)  # every file in place, none a real model
    assert stanza_models_installed(root)
    with pytest.raises(ParserUnavailable, match=r"could not load .* delete them and run `quotes models download "
                                                r"stanza`") as info:
        StanzaBackend(pipeline_kwargs={"dir": str(root)})
    assert "\n" not in str(info.value)


def test_stanza_not_installed_gives_the_install_hint(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "stanza", None)
    with pytest.raises(ParserUnavailable, match=r"pip install torch==2.13.0 .* pip install 'quotes\[stanza\]'"):
        StanzaBackend()


# --- model detection ---------------------------------------------------------------------------------------------

# stanza's resources.json layout: the default package per processor, and each model's dependencies
DEFAULT_PACKAGE = {"tokenize": "combined", "mwt": "combined", "pos": "combined_charlm",
                   "lemma": "combined_nocharlm", "depparse": "combined_charlm", "ner": "ontonotes-ww-multi_charlm"}
EN_RESOURCES = {
    "lang_name": "English",
    "packages": {"default": DEFAULT_PACKAGE},
    "pos": {"combined_charlm": {"dependencies": [{"model": "pretrain", "package": "conll17"},
                                                 {"model": "forward_charlm", "package": "1billion"}]}},
    "ner": {"ontonotes-ww-multi_charlm": {"dependencies": [{"model": "pretrain", "package": "conll17"}]}},
}


def model_files(skip: str = "") -> dict[str, bytes]:
    """Relative paths of every model file the default English package needs, minus `skip`."""
    paths = [f"{proc}/{pkg}.pt" for proc, pkgs in DEFAULT_PACKAGE.items()
             for pkg in ([pkgs] if isinstance(pkgs, str) else pkgs)]
    paths += ["pretrain/conll17.pt", "forward_charlm/1billion.pt"]
    return {p: b"not a real model" for p in paths if p != skip}


def fake_models(root: Path, skip: str = "", resources: dict | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "resources.json").write_text(json.dumps(resources if resources is not None else {"en": EN_RESOURCES}))
    for rel, data in model_files(skip).items():
        (root / "en" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "en" / rel).write_bytes(data)
    return root


def test_models_installed_checks_every_processor(tmp_path, monkeypatch):
    assert not stanza_models_installed(tmp_path / "nowhere")
    assert not stanza_models_installed(fake_models(tmp_path / "no-ner", skip="ner/ontonotes-ww-multi_charlm.pt"))
    full = fake_models(tmp_path / "full")
    assert stanza_models_installed(full)
    assert not stanza_models_installed(full, lang="fr")
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(full))
    assert stanza_models_installed()
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "no-ner"))
    assert not stanza_models_installed()


def test_models_installed_checks_the_default_package_and_its_dependencies(tmp_path):
    assert not stanza_models_installed(fake_models(tmp_path / "no-pretrain", skip="pretrain/conll17.pt"))
    other = fake_models(tmp_path / "other-pos", skip="pos/combined_charlm.pt")
    (other / "en" / "pos").mkdir(exist_ok=True)
    (other / "en" / "pos" / "gum.pt").write_bytes(b"")  # some POS model, but not the default package's
    assert not stanza_models_installed(other)
    # an older or unusual resources.json without package lists: the files on disk decide
    assert stanza_models_installed(fake_models(tmp_path / "old", resources={"en": {"lang_name": "English"}}))
    broken = fake_models(tmp_path / "broken")
    (broken / "resources.json").write_text("{not json")
    assert not stanza_models_installed(broken)


def test_models_installed_is_false_without_stanza_and_fast(tmp_path, monkeypatch):
    full = fake_models(tmp_path)
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    assert not stanza_models_installed(full)
    monkeypatch.undo()
    t0 = time.perf_counter()
    for _ in range(20):
        stanza_models_installed()
    assert time.perf_counter() - t0 < 1.0


def test_auto_parser_follows_model_detection(tmp_path, monkeypatch):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "empty"))
    assert get_parser("auto", quiet=True).name == "spacy"


@pytest.mark.skipif(not stanza_models_installed(), reason="stanza English models are not installed "
                    "(run `quotes models download stanza` where the network allows)")
def test_real_english_models_parse_a_quote():
    backend = StanzaBackend()
    (doc,) = backend.parse(['"We will not back down," Finance Minister Ilse Maren told reporters in Karvik.'])
    assert_offsets_exact(doc)
    told = next(t for t in doc.tokens if t.lemma == "tell")
    assert told.is_root
    assert any(e.label == "PERSON" and "Maren" in doc.text[e.start:e.end] for e in doc.ents)


# --- model download ----------------------------------------------------------------------------------------------

def test_download_fails_fast_with_one_line_when_host_unreachable(tmp_path):
    t0 = time.perf_counter()
    with pytest.raises(ParserUnavailable, match=r"could not download stanza English models: .*cannot reach "
                                                r"the model host 127\.0\.0\.1:9") as info:
        download_stanza(model_dir=tmp_path, resources_url="http://127.0.0.1:9/resources", timeout=2)
    assert "\n" not in str(info.value)
    assert time.perf_counter() - t0 < 10
    assert reachable("http://127.0.0.1:9/", timeout=2) is not None


@pytest.fixture
def model_host(tmp_path, monkeypatch):
    """A local HTTP server playing stanza's resources and model hosts."""
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        for rel, data in model_files().items():
            z.writestr(rel, data)
    blob = archive.getvalue()
    files: dict[str, bytes] = {"/en/default.zip": blob}
    served: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self):
            self.send_response(200 if self.path in files else 404)
            self.end_headers()

        def do_GET(self):
            served.append(self.path)
            body = files.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_port}"
    from stanza.resources.common import DEFAULT_RESOURCES_VERSION

    files[f"/res/resources_{DEFAULT_RESOURCES_VERSION}.json"] = json.dumps({
        "url": base + "/{lang}/{filename}",
        "en": EN_RESOURCES | {"default_md5": hashlib.md5(blob).hexdigest()},
    }).encode()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, served
    server.shutdown()
    server.server_close()


def test_download_installs_models_from_a_reachable_host(tmp_path, model_host):
    base, served = model_host
    target = tmp_path / "resources"
    assert not stanza_models_installed(target)
    assert download_stanza(model_dir=target, resources_url=base + "/res") == str(target)
    assert "/en/default.zip" in served
    assert stanza_models_installed(target)
