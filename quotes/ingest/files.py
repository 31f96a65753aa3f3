"""Which files are inputs: the extensions read, folders walked, documents refused with advice, size limits."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ..records import Failure

INPUT_FORMATS = ("txt", "jsonl", "csv", "html", "conllu", "json", "urls")
INPUT_SUFFIXES = {".txt": "txt", ".jsonl": "jsonl", ".csv": "csv", ".html": "html", ".htm": "html",
                  ".conllu": "conllu"}
# Read when named explicitly, not picked up from folders: a JSON list of articles (what `quotes articles
# --format json` writes) and XHTML pages.
EXPLICIT_SUFFIXES = {".json": "json", ".xhtml": "html"}
# Documents people save articles as, which quotes cannot read: named in a folder, each is reported and skipped;
# named directly, each is a failure. The advice says how to get text out of them.
DOCUMENT_SUFFIXES = {".pdf": "pdftotext FILE.pdf FILE.txt", ".docx": "pandoc FILE.docx -t plain -o FILE.txt",
                     ".doc": "libreoffice --headless --convert-to txt FILE.doc",
                     ".odt": "pandoc FILE.odt -t plain -o FILE.txt", ".rtf": "pandoc FILE.rtf -t plain -o FILE.txt",
                     ".epub": "pandoc FILE.epub -t plain -o FILE.txt"}
DEFAULT_MAX_ARTICLE_SIZE = 10_000_000  # bytes of text; bigger articles are refused, never an out-of-memory crash
HTML_SIZE_FACTOR = 4  # markup weighs more than the text it carries
_URL = re.compile(r"https?://", re.IGNORECASE)


def is_url(value: str | Path) -> bool:
    """An http(s) address given where a path could be (`quotes extract https://...`)."""
    return isinstance(value, str) and _URL.match(value) is not None


def unsupported_reason(path: Path) -> str:
    """Why a document file (PDF, Word, ...) is not read, with the formats that are and how to convert it."""
    return f"{path.suffix.lstrip('.').upper()} files are not read; {convert_advice(path)}"


def convert_advice(path: Path) -> str:
    how = DOCUMENT_SUFFIXES.get(path.suffix.lower(), DOCUMENT_SUFFIXES[".pdf"]).replace("FILE", path.stem)
    return f"inputs are {', '.join(sorted(INPUT_SUFFIXES))}: convert it to text first, e.g. `{how}`"


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | str]:
    """The input files named by `paths`: files as given, folders expanded recursively (sorted, hidden
    entries skipped, only known input extensions), `-` and URLs passed through. Missing paths are passed
    through so the reader can report them."""
    for p in paths:
        if str(p) == "-" or is_url(p):
            yield str(p)
            continue
        path = Path(p)
        if path.is_dir():
            yield from walk(path)
        else:
            yield path


def walk(folder: Path, problems: list[Failure] | None = None,
         suffixes: Mapping[str, str] = INPUT_SUFFIXES) -> Iterator[Path]:
    """Files with one of `suffixes` (input files by default) under `folder`, sorted by relative path. Symbolic links
    to files and folders are followed, each folder read once (no loops); what cannot be read (an unreadable folder,
    a dangling link, a link back into a folder being read) goes to `problems` as a Failure naming it, never skipped
    silently."""
    found: list[tuple[str, Path]] = []
    open_folders = {os.path.realpath(folder)}

    def note(path: Path, why: str) -> None:
        if problems is not None:
            problems.append(Failure(str(path), why))

    def visit(directory: Path, rel: str) -> None:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            note(directory, f"cannot read folder: {exc.strerror or exc}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path, sub = Path(entry.path), f"{rel}{entry.name}"
            if entry.is_symlink() and not os.path.exists(entry.path):
                note(path, f"dangling symbolic link (to {os.readlink(entry.path)})")
            elif entry.is_dir():
                real = os.path.realpath(entry.path)
                if real in open_folders:
                    note(path, f"symbolic link loop (to {real}), not followed")
                    continue
                open_folders.add(real)
                visit(path, sub + "/")
                open_folders.discard(real)
            elif path.suffix.lower() in suffixes and entry.is_file():
                found.append((sub, path))

    visit(folder, "")
    yield from (path for _, path in sorted(found))


def too_big(size: int, limit: int) -> str:
    return (f"article is {size / 1e6:.1f} MB, over the {limit / 1e6:g} MB limit: split it, "
            "or raise --max-article-size")


def parse_size(value: str) -> int:
    """A size like `10MB`, `500k`, `2G` or a plain number of bytes."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*", value.lower())
    if not m:
        raise ValueError(f"not a size: {value!r} (examples: 10MB, 500KB, 2000000)")
    factor = {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}[m.group(2)]
    return int(float(m.group(1)) * factor)
