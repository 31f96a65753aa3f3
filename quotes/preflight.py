"""What a run decides and checks before it parses anything: how many parser processes to start, and whether an
output path can be written without clobbering a folder, an input or standard input."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from .errors import OutputError
from .ingest import iter_files

PARALLEL_MIN_BYTES = 500_000  # below this, starting parser processes costs more than it saves


def default_jobs(paths: tuple[str, ...], input_format: str | None) -> int:
    """All cores for big inputs (and rows on standard input, whose size is unknown), one process otherwise."""
    total = 0
    for path in iter_files(paths):
        if path == "-":
            if input_format in ("jsonl", "csv"):
                return os.cpu_count() or 1
            continue
        try:
            total += Path(path).stat().st_size
        except OSError:
            continue
        if total >= PARALLEL_MIN_BYTES:
            return os.cpu_count() or 1
    return 1


def check_output_path(output: str, paths: tuple[str, ...]) -> None:
    """Raise OutputError unless `output` names a file in an existing, writable folder that is no input, standard
    input included."""
    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write {output}: folder {folder} does not exist")
    if target.is_dir():
        raise OutputError(f"cannot write {output}: it is a folder; give a file name")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {output}: folder {folder} is not writable")
    resolved = target.resolve()
    for path in iter_files(paths):
        if path == "-":
            if same_file(sys.stdin, resolved):
                raise OutputError(f"refusing to overwrite {output}, which is standard input: choose another -o FILE")
        elif Path(path).resolve() == resolved:
            raise OutputError(f"refusing to overwrite input file {path} with output: choose another -o FILE")


def same_file(stream: Any, path: Path) -> bool:
    """Whether the open `stream` reads the file at `path`."""
    try:
        here, there = os.fstat(stream.fileno()), path.stat()
    except (OSError, ValueError, AttributeError):
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)
