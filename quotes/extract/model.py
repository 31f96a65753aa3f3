"""Learned span proposals: the CONTENT, SOURCE and CUE spans a model made by `quotes train` tags in an article.

The model tags each paragraph (the unit it was trained on) from its raw text: it needs no parse, so it runs the
same beside every parser backend. `hybrid` merges its proposals with the rules' records. Which extractor a run
uses: `--extractor MODEL_DIR|corpus|rules` (the `extractor` option of the API; `corpus` is the model shipped in
the package), else `$QUOTES_EXTRACTOR`, else the rules alone. The model is loaded once per process, on first use.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..learn.folder import load_model, read_meta

RULES = "rules"
ENV = "QUOTES_EXTRACTOR"
# the models shipped inside the package, by name: `corpus` was trained on the project's own annotated corpus
# (data/corpus/) with `quotes train data/corpus/brat -o quotes/models/corpus`
SHIPPED = ("corpus",)
MODES = ("hybrid", "boundaries", "wide", "model")  # see quotes.extract.hybrid
DEFAULT_MODE = "hybrid"


@dataclass(frozen=True)
class Proposal:
    """One span the model tagged, with offsets into the article text."""

    label: str  # CONTENT, SOURCE or CUE
    start: int
    end: int


@dataclass(frozen=True)
class SpanModel:
    """A model folder, described by its meta.json; the pipeline itself loads on the first `propose`."""

    folder: str
    mode: str = DEFAULT_MODE
    meta: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def open(cls, folder: str | Path, mode: str = DEFAULT_MODE) -> SpanModel:
        """Checks the folder at once, so a wrong path fails the run before any article is parsed."""
        if mode not in MODES:
            raise ValueError(f"extractor mode must be one of {', '.join(MODES)}, not {mode!r}")
        resolved = str(Path(folder).expanduser().resolve())
        meta = read_meta(resolved)
        # what makes this model this model, for cache keys: its meta.json, which changes with every training run
        digest = hashlib.sha1((Path(resolved) / "meta.json").read_bytes()).hexdigest()[:12]
        return cls(resolved, mode, {**meta, "digest": digest})

    @property
    def label(self) -> str:
        """Names the model in cache keys: folder name, digest of its description, mode."""
        return f"{Path(self.folder).name}@{self.meta.get('digest', '?')}:{self.mode}"

    def propose(self, text: str, paras: list[tuple[int, int]]) -> list[Proposal]:
        """Every span the model tags in the paragraphs `paras` of `text`, in text order."""
        nlp = load_model(self.folder)
        out = []
        for (s, e), doc in zip(paras, nlp.pipe([text[s:e] for s, e in paras], batch_size=64), strict=True):
            out.extend(Proposal(ent.label_, s + ent.start_char, s + ent.end_char) for ent in doc.ents)
        return out


def get_extractor(option: str | Path | SpanModel | None = None, mode: str | None = None) -> SpanModel | None:
    """The span model a run uses, or None for the rules alone: `option` (a model folder or "rules"), else
    $QUOTES_EXTRACTOR, else none."""
    if isinstance(option, SpanModel):
        return option
    value = str(option) if option is not None else os.environ.get(ENV, "")
    if not value.strip() or value.strip() == RULES:
        return None
    return SpanModel.open(shipped_model(value.strip()) or value, mode or DEFAULT_MODE)


def shipped_model(name: str) -> Path | None:
    """The folder of the model shipped in the package under `name` (see `SHIPPED`), or None for another name."""
    if name not in SHIPPED:
        return None
    from importlib import resources

    return Path(str(resources.files("quotes").joinpath("models", name)))
