"""Model folders: a spaCy pipeline whose meta.json also describes how `quotes train` made it.

meta.json's `quotes` block holds the labels, the training data (paths, fingerprint, counts, what was set
aside), the held-out figures of the chosen pass, the seed, the config's training settings and the versions of
quotes, spaCy and the base model. A folder loads with one call, `load_model`, once per process.
"""

from __future__ import annotations

import json
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import QuotesError

FORMAT = 1  # the layout of the `quotes` block; a folder of another format is refused with advice


class ModelError(QuotesError):
    """A model folder is missing, unreadable or not made by `quotes train`; the message names the folder."""


def read_meta(folder: str | Path) -> dict[str, Any]:
    """The `quotes` block of a model folder's meta.json (raises ModelError when it is not a quotes model)."""
    folder = Path(folder)
    meta_file = folder / "meta.json"
    if not folder.is_dir():
        raise ModelError(f"{folder}: no such model folder (make one with `quotes train ... -o {folder}`)")
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{meta_file}: cannot read the model's description ({exc})") from exc
    block = meta.get("quotes") if isinstance(meta, dict) else None
    if not isinstance(block, dict):
        raise ModelError(f"{folder}: not a model made by `quotes train` (its meta.json has no 'quotes' block)")
    if block.get("format") != FORMAT:
        raise ModelError(f"{folder}: model format {block.get('format')!r}, this quotes reads format {FORMAT}: "
                         "train it again with this version")
    return block


@lru_cache(maxsize=4)
def load_model(folder: str) -> Any:
    """The spaCy pipeline of a model folder, loaded once per process (folder given as a resolved path string)."""
    read_meta(folder)
    import spacy

    try:
        return spacy.load(folder)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"{folder}: cannot load the model's pipeline ({exc})") from exc


def save_model(nlp: Any, folder: str | Path) -> Path:
    """Write `nlp` (its meta already filled) to `folder`, replacing an earlier model there but nothing else: the
    folder is written beside and moved into place, so an interrupted run leaves the previous model whole."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        try:
            read_meta(folder)
        except ModelError as exc:
            raise ModelError(f"{folder}: exists and is not a quotes model; refusing to replace it "
                             "(choose another -o folder)") from exc
    tmp = folder.with_name(f".{folder.name}.writing")
    old = folder.with_name(f".{folder.name}.old")
    for stale in (tmp, old):
        if stale.exists():
            shutil.rmtree(stale)
    nlp.to_disk(tmp)
    if folder.exists():
        folder.rename(old)
    tmp.rename(folder)
    if old.exists():
        shutil.rmtree(old)
    return folder
