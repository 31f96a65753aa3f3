"""stanza backend: a `stanza.Pipeline` (tokenize, mwt, pos, lemma, depparse, ner) and its converter.

stanza already speaks Universal Dependencies, so `convert_stanza_doc` only re-indexes: words (after
multi-word-token expansion) become tokens with character offsets from their surface token, heads go
from 1-based sentence-relative to document-wide 0-based (a root points to itself), relations are
lower-cased with subtypes kept, and entities come from the tokens' BIOES tags (`token.ner`, or `NER=`/
`ner=` in MISC for documents read from CoNLL-U).

stanza and torch are imported only when the backend is built, so the rest of `quotes` never pays for
them; `stanza_models_installed` answers from the file system alone, without importing either.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pickle
import re
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from ..errors import ParserUnavailable, QuotesError
from .base import Backend, register
from .conllu_backend import apply_entities, decode_entity_tags, misc_value, split_word_spans
from .doc import Entity, ParsedDoc, Sentence, Token

PROCESSORS = "tokenize,mwt,pos,lemma,depparse,ner"
REQUIRED_PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
INSTALL_HINT = "stanza is not installed: pip install torch==2.13.0 (or a CPU torch) then pip install 'quotes[stanza]'"
DOWNLOAD_HINT = "run `quotes models download stanza` where the network allows"


def stanza_resources_dir() -> Path | None:
    """Where stanza keeps its models (STANZA_RESOURCES_DIR, else its per-user cache), or None when stanza
    is not installed. Reads stanza's version file instead of importing it (importing stanza loads torch)."""
    if env := os.environ.get("STANZA_RESOURCES_DIR"):
        return Path(env)
    try:
        spec = importlib.util.find_spec("stanza")
        if spec is None or not spec.submodule_search_locations:
            return None
        version_file = Path(next(iter(spec.submodule_search_locations))) / "_version.py"
        m = re.search(r"__resources_version__\s*=\s*['\"]([^'\"]+)", version_file.read_text(encoding="utf-8"))
        from platformdirs import user_cache_dir
    except (ImportError, OSError, ValueError):
        return None
    if not m:
        return None
    return Path(user_cache_dir("stanza", "StanfordNLP", m.group(1))) / "resources"


def stanza_models_installed(resources_dir: str | Path | None = None, lang: str = "en") -> bool:
    """True when stanza is importable and its `lang` models for every processor we run are on disk.

    Fast, offline, and never raises: `--parser auto` asks it on every run."""
    try:
        if importlib.util.find_spec("stanza") is None:
            return False
        root = Path(resources_dir) if resources_dir else stanza_resources_dir()
        if root is None or not (root / "resources.json").is_file():
            return False
        if not all(any((root / lang / proc).glob("*.pt")) for proc in REQUIRED_PROCESSORS):
            return False  # the common case (nothing downloaded) is answered without reading resources.json
        needed = default_model_files(root, lang)
        return needed is None or all(path.is_file() for path in needed)
    except (OSError, ValueError, ImportError, KeyError, TypeError, AttributeError):
        return False  # an unreadable or unexpected resources.json: stanza could not load it either


def default_model_files(root: Path, lang: str = "en") -> list[Path] | None:
    """The model files stanza's default `lang` package loads for our processors (with their pretrained
    embeddings and character LMs), per `root/resources.json`; None when that file does not list them."""
    resources = json.loads((root / "resources.json").read_text(encoding="utf-8"))
    lang_res = resources.get(lang)
    if not isinstance(lang_res, dict) or not isinstance(lang_res.get("packages", {}).get("default"), dict):
        return None
    default = lang_res["packages"]["default"]
    files: list[Path] = []
    for proc in REQUIRED_PROCESSORS:
        packages = default.get(proc)
        if not packages:
            return [root / lang / proc / "default.pt"]  # the default package lacks a processor we need
        for package in [packages] if isinstance(packages, str) else packages:
            files.append(root / lang / proc / f"{package}.pt")
            for dep in lang_res.get(proc, {}).get(package, {}).get("dependencies", []):
                files.append(root / lang / dep["model"] / f"{dep['package']}.pt")
    return files


def load_stanza_pipeline(model: str | None = None, **overrides: Any) -> tuple[Any, str]:
    """A CPU `stanza.Pipeline` for English that never touches the network, and its package name.

    `model` is a stanza package name ("default", "default_accurate", ...) or a resources directory;
    `overrides` are passed to `stanza.Pipeline` last (tests use them for a stub resources dir)."""
    try:
        import stanza
    except ImportError as e:
        raise ParserUnavailable(INSTALL_HINT) from e
    kwargs: dict[str, Any] = {"lang": "en", "processors": PROCESSORS, "download_method": None, "use_gpu": False,
                              "logging_level": "WARN", "package": "default"}
    if model and (os.sep in model or Path(model).is_dir()):
        kwargs["dir"] = model
    else:
        kwargs["package"] = model or "default"
        if (default_dir := stanza_resources_dir()) is not None:
            kwargs["dir"] = str(default_dir)
    kwargs.update(overrides)
    where = kwargs.get("dir", "stanza's resources directory")
    try:
        pipeline = stanza.Pipeline(**kwargs)
    except FileNotFoundError as e:
        raise ParserUnavailable(f"stanza English models are not installed in {where}: {DOWNLOAD_HINT}") from e
    except (ValueError, KeyError) as e:  # unknown package or language in resources.json
        raise ParserUnavailable(f"stanza cannot load English package {kwargs['package']!r} from {where} "
                                f"({_one_line(e)}): {DOWNLOAD_HINT}, or pick a package with --model") from e
    except (RuntimeError, EOFError, pickle.UnpicklingError) as e:  # a truncated or incompatible model file
        raise ParserUnavailable(f"stanza could not load its English models from {where} ({_one_line(e)}): "
                                f"they may be damaged; delete them and {DOWNLOAD_HINT}") from e
    return pipeline, str(kwargs["package"])


def _one_line(error: BaseException, limit: int = 200) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def convert_stanza_doc(doc: Any, label: str, text: str | None = None) -> ParsedDoc:
    """A `stanza.Document` as a neutral `ParsedDoc` whose offsets index `text` (default: `doc.text`).

    Passing the text that was parsed guards against processors that rewrite it (pretokenized input is
    re-joined with single spaces): tokens whose offsets do not point at their form are found in the text.
    Documents read from CoNLL-U without text get the text rebuilt from their tokens."""
    if text is None:
        text = doc.text if doc.text is not None else _rebuild_text(doc)
    tokens: list[Token] = []
    sents: list[Sentence] = []
    ents: list[Entity] = []
    cursor = 0
    for sent in doc.sentences:
        first = len(tokens)
        tags: list[str] = []
        for tok in sent.tokens:
            start, end = _token_span(text, tok, cursor)
            cursor = end
            words = list(tok.words)
            tag = tok.ner or misc_value(tok.misc or "", "NER", "ner") or next(
                (v for w in words if (v := misc_value(w.misc or "", "NER", "ner"))), None) or "O"
            for w, (ws, we) in zip(words, split_word_spans(text, start, end, [w.text for w in words])):
                i = len(tokens)
                head = first + w.head - 1 if w.head else i
                deprel = "root" if head == i else (w.deprel or "dep").lower()
                as_written = len(words) == 1 or (ws, we) != (start, end)  # else an MWT word sharing the span
                tokens.append(Token(i=i, text=text[ws:we] if as_written else w.text,
                                    start=ws, end=we, lemma=w.lemma or w.text, upos=w.upos or "X", head=head,
                                    deprel=deprel, sent=len(sents), xpos=w.xpos or ""))
                tags.append(tag)
        if len(tokens) == first:
            continue
        sents.append(Sentence(first, len(tokens), tokens[first].start, tokens[-1].end))
        for s, e, kind in decode_entity_tags(tags):
            ents.append(Entity(first + s, first + e, kind, tokens[first + s].start, tokens[first + e - 1].end))
    return ParsedDoc(text=text, tokens=apply_entities(tokens, ents), sents=sents, parser=label, ents=ents)


def _token_span(text: str, tok: Any, cursor: int) -> tuple[int, int]:
    """A surface token's offsets: stanza's own when they point at the token's text, else found in the text."""
    s, e = tok.start_char, tok.end_char
    valid = s is not None and e is not None and 0 <= s <= e <= len(text)
    if valid and s >= cursor and "".join(text[s:e].split()) == "".join(tok.text.split()):
        return s, e
    found = text.find(tok.text, cursor)
    if found >= 0:
        return found, found + len(tok.text)
    if valid:
        return s, e  # a normalised form: trust stanza's offsets
    raise QuotesError(f"stanza token {tok.text!r} has no offsets and does not occur in the text after {cursor}")


def _rebuild_text(doc: Any) -> str:
    sents = []
    for sent in doc.sentences:
        if sent.text:
            sents.append(sent.text)
            continue
        parts = []
        for tok in sent.tokens:
            parts.append(tok.text)
            parts.append(tok.spaces_after if tok.spaces_after is not None else " ")
        sents.append("".join(parts).rstrip())
    return " ".join(sents)


@register("stanza")
class StanzaBackend(Backend):
    """Parses chunks with a `stanza.Pipeline`, a batch of documents at a time (stanza's bulk mode)."""

    name = "stanza"

    def __init__(self, model: str | None = None, jobs: int = 1, batch_size: int = 32, *, pipeline: Any = None,
                 pipeline_kwargs: dict[str, Any] | None = None):
        super().__init__(model, jobs, batch_size)
        if pipeline is None:
            pipeline, package = load_stanza_pipeline(model, **(pipeline_kwargs or {}))
        else:
            package = model or "custom"
        self.pipeline = pipeline
        self.model = f"en_{Path(package).name}-{_stanza_version()}"

    def parse_chunks(self, chunks: Iterable[str]) -> Iterator[ParsedDoc]:
        label = self.label
        it = iter(chunks)
        while batch := list(islice(it, self.batch_size)):
            for chunk, doc in zip(batch, self.pipeline.bulk_process(batch), strict=True):
                yield convert_stanza_doc(doc, label, chunk)


def _stanza_version() -> str:
    try:
        from stanza import __version__
    except ImportError:
        return "unknown"
    return __version__
