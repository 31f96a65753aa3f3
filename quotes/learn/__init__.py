"""Training beside the pipeline: annotated articles (`quotes.annotations`) → a span model folder.

`train` makes a model folder from annotations (config `attribution.cfg`, fixed seed, held-out pass choice);
`load_model` / `read_meta` open one. Extraction uses a model through `quotes.extract.model`.
"""

from __future__ import annotations

from .folder import ModelError, load_model, read_meta
from .train import Training, train

__all__ = ["ModelError", "Training", "load_model", "read_meta", "train"]
