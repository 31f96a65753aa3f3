"""Ingest stage: turn input paths (files, folders, `-`) into `Article` records, streaming.

Every input is accounted for: a readable article becomes an `Article`, anything that cannot be read
(binary data, undecodable bytes, a malformed JSONL line or CSV row, a missing `text` field, an article
over the size limit) becomes a `Failure` naming the file (and line) and the reason, and reading goes
on with the next input. Recoverable oddities (an empty file, a Windows-1252 file read by fallback) are
reported through the `warn` callback.

Article texts follow CONTRACT.md "Offsets": the decoded text with a leading byte order mark removed and
line endings left untouched, so offsets computed on it index the file's text exactly.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from .errors import InputError
from .records import Article, Failure
from .text import HEADER_RE

__all__ = [
    "DEFAULT_MAX_ARTICLE_SIZE",
    "DOCUMENT_SUFFIXES",
    "INPUT_FORMATS",
    "INPUT_SUFFIXES",
    "decode_bytes",
    "html_to_article",
    "iter_files",
    "parse_size",
    "read_inputs",
    "unsupported_reason",
]

log = logging.getLogger("quotes")

INPUT_FORMATS = ("txt", "jsonl", "csv", "html", "conllu", "json")
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
_HTML_SIZE_FACTOR = 4  # markup weighs more than the text it carries
_SNIFF = 8192
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\x7fELF",
                 b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!", b"\xd0\xcf\x11\xe0", b"SQLite format")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

Warn = Callable[[str], None]
Item = Article | Failure


def read_inputs(paths: Iterable[str | Path], input_format: str | None = None, source_name: str | None = None,
                encoding: str | None = None, *, max_article_size: int = DEFAULT_MAX_ARTICLE_SIZE,
                warn: Warn | None = None, stdin: BinaryIO | None = None, skip: Warn | None = None) -> Iterator[Item]:
    """Articles (and Failures) from files, folders (recursive, sorted) and `-` (standard input), in order.

    `input_format` (txt, jsonl, csv, html, conllu) overrides the file extension; `source_name` is the
    outlet for inputs that carry none; `encoding` overrides detection (UTF-8, then Windows-1252).
    Documents found in folders that cannot be read (PDF, Word: `DOCUMENT_SUFFIXES`) are reported through
    `skip` (default: `warn`), one message each; named directly, such a file is a Failure."""
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise InputError(f"unknown input format {input_format!r}: choose one of {', '.join(INPUT_FORMATS)}")
    reader = _Reader(input_format, source_name or "", encoding, max_article_size, warn or log.warning,
                     skip or warn or log.warning)
    seen: dict[str, str] = {}
    for item in reader.read_all(paths, stdin):
        if isinstance(item, Article):
            if item.article_id in seen:
                reader.warn(f"{item.origin}: article_id {item.article_id!r} already used by {seen[item.article_id]}; "
                            "quote ids stay distinct only within distinct article ids")
            else:
                seen[item.article_id] = item.origin
        yield item


def unsupported_reason(path: Path) -> str:
    """Why a document file (PDF, Word, ...) is not read, with the formats that are and how to convert it."""
    return f"{path.suffix.lstrip('.').upper()} files are not read; {_convert_advice(path)}"


def _convert_advice(path: Path) -> str:
    how = DOCUMENT_SUFFIXES.get(path.suffix.lower(), DOCUMENT_SUFFIXES[".pdf"]).replace("FILE", path.stem)
    return f"inputs are {', '.join(sorted(INPUT_SUFFIXES))}: convert it to text first, e.g. `{how}`"


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | str]:
    """The input files named by `paths`: files as given, folders expanded recursively (sorted, hidden
    entries skipped, only known input extensions), `-` passed through. Missing paths are passed through
    so the reader can report them."""
    for p in paths:
        if str(p) == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path, problems: list[Failure] | None = None,
          suffixes: Mapping[str, str] = INPUT_SUFFIXES) -> Iterator[Path]:
    """Files with one of `suffixes` (input files by default) under `folder`, sorted by relative path. Symbolic links to files and folders are followed, each
    folder read once (no loops); what cannot be read (an unreadable folder, a dangling link, a link back into a
    folder being read) goes to `problems` as a Failure naming it, never skipped silently."""
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


class _Reader:
    """Reads each kind of input; holds the options shared by all of them."""

    def __init__(self, input_format: str | None, source_name: str, encoding: str | None, max_size: int,
                 warn: Warn, skip: Warn):
        self.input_format = input_format
        self.source_name = source_name.strip()  # metadata is stripped alike in every format (docs/usage.md)
        self.encoding = encoding
        self.max_size = max_size
        self.warn = warn
        self.skip = skip
        if encoding is not None:
            try:
                codecs.lookup(encoding)
            except LookupError as exc:
                raise InputError(f"unknown encoding {encoding!r}: try --encoding utf-8 or --encoding latin-1") from exc

    def read_all(self, paths: Iterable[str | Path], stdin: BinaryIO | None) -> Iterator[Item]:
        for p in paths:
            if str(p) == "-":
                yield from self.read_stdin(stdin if stdin is not None else sys.stdin.buffer)
                continue
            path = Path(p)
            if path.is_dir():
                problems: list[Failure] = []
                files = list(_walk(path, problems))
                documents = list(_walk(path, None, DOCUMENT_SUFFIXES))
                yield from problems
                if not files and not problems:
                    self.warn(f"{path}: folder holds no input files ({', '.join(sorted(INPUT_SUFFIXES))})")
                for f in documents:
                    self.skip(f"{f}: skipped: {unsupported_reason(f)}")
                for f in files:
                    yield from self.read_file(f)
            else:
                yield from self.read_file(path)

    # -- one file ---------------------------------------------------------------------------------------

    def read_file(self, path: Path) -> Iterator[Item]:
        origin = str(path)
        if not path.exists():
            yield Failure(origin, "no such file or directory")
            return
        suffix = path.suffix.lower()
        if self.input_format is None and suffix in DOCUMENT_SUFFIXES:
            yield Failure(origin, unsupported_reason(path))
            return
        fmt = self.input_format or INPUT_SUFFIXES.get(suffix) or EXPLICIT_SUFFIXES.get(suffix, "txt")
        try:
            if fmt in ("jsonl", "csv"):
                with path.open("rb") as stream:
                    yield from self.read_rows(stream, origin, path.stem, fmt)
            elif fmt == "json":
                yield from self.read_json(path.read_bytes(), origin, path.stem)
            elif fmt == "conllu":
                yield self.read_conllu(path)
            else:
                size = path.stat().st_size
                limit = self.max_size * (_HTML_SIZE_FACTOR if fmt == "html" else 1)
                if size > limit:
                    yield Failure(origin, _too_big(size, limit))
                    return
                data = path.read_bytes()
                yield self.html_article(data, origin, path.stem) if fmt == "html" else \
                    self.text_article(data, origin, path.stem)
        except InputError as exc:
            yield Failure(origin, str(exc))
        except OSError as exc:
            yield Failure(origin, f"cannot read: {exc.strerror or exc}")

    def read_stdin(self, stream: BinaryIO) -> Iterator[Item]:
        fmt = self.input_format or "txt"
        try:
            if fmt in ("jsonl", "csv"):
                yield from self.read_rows(stream, "<stdin>", "stdin", fmt)
                return
            if fmt == "json":
                yield from self.read_json(stream.read(), "<stdin>", "stdin")
                return
            data = stream.read(self.max_size * _HTML_SIZE_FACTOR + 1)
            limit = self.max_size * (_HTML_SIZE_FACTOR if fmt == "html" else 1)
            if len(data) > limit:
                yield Failure("<stdin>", _too_big(len(data), limit))
            elif fmt == "html":
                yield self.html_article(data, "<stdin>", "stdin")
            elif fmt == "conllu":
                yield Failure("<stdin>", "CoNLL-U input must be a file, not standard input")
            else:
                yield self.text_article(data, "<stdin>", "stdin")
        except InputError as exc:
            yield Failure("<stdin>", str(exc))

    # -- plain text and HTML ----------------------------------------------------------------------------

    def text_article(self, data: bytes, origin: str, stem: str) -> Article:
        text = decode_bytes(data, self.encoding, origin, self.warn)
        if not text.strip():
            self.warn(f"{origin}: empty file, no quotes")
        published = ""
        m = HEADER_RE.match(text)
        if m:
            published = self.iso_date(m.group(1), origin)
        return Article(article_id=stem, text=text, source=self.source_name, published=published, origin=origin)

    def html_article(self, data: bytes, origin: str, stem: str) -> Article:
        if _looks_binary(data[:_SNIFF], self.encoding):
            raise InputError(_binary_reason(data[:_SNIFF], origin))
        markup = decode_bytes(data, self.encoding or _declared_charset(data), origin, self.warn)
        article = html_to_article(markup, article_id=stem, origin=origin)
        if len(article.text) > self.max_size:
            raise InputError(_too_big(len(article.text), self.max_size))
        if not article.text.strip():
            self.warn(f"{origin}: no article text found in the HTML, no quotes")
        published = self.iso_date(article.published, origin) if article.published else ""
        return replace(article, source=article.source or self.source_name, published=published)

    # -- CoNLL-U ----------------------------------------------------------------------------------------

    def read_conllu(self, path: Path) -> Item:
        from .parse.conllu_backend import read_conllu_article

        try:
            article = read_conllu_article(path)
        except InputError as exc:
            return Failure(str(path), str(exc).removeprefix(f"{path}: "))
        except (ValueError, UnicodeDecodeError) as exc:
            return Failure(str(path), f"malformed CoNLL-U: {exc}")
        if len(article.text) > self.max_size:
            return Failure(str(path), _too_big(len(article.text), self.max_size))
        return replace(article, source=article.source or self.source_name, origin=article.origin or str(path))

    # -- JSONL and CSV rows -----------------------------------------------------------------------------

    def read_rows(self, stream: BinaryIO, origin: str, stem: str, fmt: str) -> Iterator[Item]:
        if not hasattr(stream, "peek"):
            stream = io.BufferedReader(stream)  # type: ignore[arg-type]
        head = stream.peek(_SNIFF)[:_SNIFF]
        if _looks_binary(head, self.encoding):
            yield Failure(origin, _binary_reason(head, origin))
            return
        encoding = self.encoding or _bom_encoding(head) or "utf-8-sig"
        text = io.TextIOWrapper(stream, encoding=encoding, errors="surrogateescape", newline="")
        rows = _jsonl_rows(text) if fmt == "jsonl" else _csv_rows(text, self.max_size)
        n = 0
        try:
            for line, fields in rows:
                n += 1
                where = f"{origin}:{line}"
                try:
                    yield self.row_article(fields, where, f"{stem}:{line}")
                except InputError as exc:
                    yield Failure(where, str(exc))
        except InputError as exc:  # the file as a whole (no header, no text column): that failure says it all
            yield Failure(origin, str(exc))
            return
        finally:
            text.detach()
        if n == 0:
            self.warn(f"{origin}: no rows, no quotes")

    def read_json(self, data: bytes, origin: str, stem: str) -> Iterator[Item]:
        """A JSON list of article objects (or `{"articles": [...]}`); item n is `<origin>#n`, id `<stem>:n`."""
        text = decode_bytes(data, self.encoding, origin, self.warn)
        try:
            value = json.loads(text) if text.strip() else []
        except json.JSONDecodeError as exc:
            raise InputError(f"malformed JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from exc
        if isinstance(value, dict):
            value = [value] if "text" in value else value.get("articles")
        if not isinstance(value, list):
            raise InputError("expected a JSON list of articles (objects with a 'text' field)")
        if not value:
            self.warn(f"{origin}: no articles, no quotes")
        for n, fields in enumerate(value, start=1):
            where = f"{origin}#{n}"
            try:
                if not isinstance(fields, dict):
                    raise InputError(f"expected a JSON object, got {type(fields).__name__}")
                yield self.row_article(fields, where, f"{stem}:{n}")
            except InputError as exc:
                yield Failure(where, str(exc))

    def row_article(self, fields: dict | Exception, where: str, default_id: str) -> Article:
        if isinstance(fields, Exception):
            raise InputError(str(fields))
        fields = {k: self.fix_text(v, where) if isinstance(v, str) else v for k, v in fields.items()}
        text = fields.get("text")
        if text is None:
            raise InputError("no 'text' field")
        if not isinstance(text, str):
            raise InputError(f"'text' is a {type(text).__name__}, not a string")
        if len(text) > self.max_size:
            raise InputError(_too_big(len(text), self.max_size))
        if not text.strip():
            self.warn(f"{where}: empty 'text', no quotes")
        text = text.removeprefix("\ufeff")
        published = _field(fields, "published", "date")
        return Article(
            article_id=_field(fields, "id", "article_id") or default_id, text=text,
            source=_field(fields, "source") or self.source_name, url=_field(fields, "url"),
            title=_field(fields, "title"), published=self.iso_date(published, where) if published else "",
            origin=where)

    def fix_text(self, value: str, where: str) -> str:
        """Bytes the chosen encoding could not decode come as lone surrogates: decode them as
        Windows-1252 when that gives text, else fail the row with advice."""
        if not _has_surrogates(value):
            return value
        raw = value.encode(self.encoding or "utf-8", errors="surrogateescape")
        if self.encoding is None:
            fixed = _try_cp1252(raw)
            if fixed is not None:
                self.warn(f"{where}: not valid UTF-8, read as Windows-1252 (use --encoding to choose)")
                return fixed
        raise InputError(_undecodable(raw, self.encoding))

    def iso_date(self, value: object, where: str) -> str:
        """`YYYY-MM-DD` from a date or ISO timestamp; anything else is dropped with a warning."""
        s = str(value).strip()
        try:
            return date.fromisoformat(s[:10]).isoformat()
        except ValueError:
            self.warn(f"{where}: published date {s!r} is not an ISO date (YYYY-MM-DD), ignored")
            return ""


def _field(fields: dict, *names: str) -> str:
    for name in names:
        value = fields.get(name)
        if value is not None and value != "":
            return str(value).strip() if not isinstance(value, str) else value.strip()
    return ""


def _jsonl_rows(text: io.TextIOBase) -> Iterator[tuple[int, dict | Exception]]:
    for line_no, line in enumerate(text, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            yield line_no, ValueError(f"malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        if not isinstance(value, dict):
            yield line_no, ValueError(f"expected a JSON object, got {type(value).__name__}")
        else:
            yield line_no, value


def _csv_rows(text: io.TextIOBase, max_size: int) -> Iterator[tuple[int, dict | Exception]]:
    if csv.field_size_limit() < max_size + 1:
        csv.field_size_limit(max_size + 1)
    reader = csv.reader(text)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise InputError(f"unreadable CSV header: {exc}") from exc
    columns = [h.strip().lower().lstrip("\ufeff") for h in header]
    if "text" not in columns:
        raise InputError(f"no 'text' column (columns: {', '.join(columns) or 'none'}): name the column "
                         "that holds the article text 'text'")
    while True:
        line_no = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield line_no, ValueError(f"malformed CSV row: {exc}")
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            yield line_no, ValueError(f"malformed CSV row: {len(row)} fields, the header has {len(columns)}")
            continue
        yield line_no, dict(zip(columns, row))


# -- decoding -------------------------------------------------------------------------------------------


def decode_bytes(data: bytes, encoding: str | None = None, origin: str = "input", warn: Warn | None = None) -> str:
    """Text of `data`: the given encoding, else UTF-8 (a BOM removed), else Windows-1252 when that decodes
    cleanly and looks like text (with a warning). Raises InputError for binary or undecodable data."""
    if _looks_binary(data[:_SNIFF], encoding):
        raise InputError(_binary_reason(data[:_SNIFF], origin))
    if encoding is None:
        encoding = _bom_encoding(data)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(_undecodable(data, encoding, exc)) from exc
        return text.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fixed = _try_cp1252(data)
        if fixed is None:
            raise InputError(_undecodable(data, None, exc)) from exc
        (warn or log.warning)(f"{origin}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}), "
                              "read as Windows-1252 (use --encoding to choose)")
        return fixed


def _bom_encoding(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _looks_binary(head: bytes, encoding: str | None = None) -> bool:
    """NUL bytes, control characters or a known binary signature (PDF, images, archives, ...)."""
    wide = encoding is not None and codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    if not head or wide or _bom_encoding(head) == "utf-16":
        return False
    if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 or b == 127)
    return controls > len(head) * 0.05


def _binary_reason(head: bytes, origin: str = "") -> str:
    """Why binary data is refused; a PDF (whatever its name) gets the advice a .pdf file gets."""
    if head.startswith(b"%PDF"):
        return f"binary file (a PDF), skipped; {_convert_advice(Path(Path(origin).stem + '.pdf'))}"
    return "binary file, skipped"


def _try_cp1252(data: bytes) -> str | None:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if len(_CONTROL.findall(text)) > len(text) * 0.01:
        return None
    letters = sum(ch.isalpha() or ch.isspace() for ch in text)
    return text if letters >= len(text) * 0.6 else None


def _undecodable(data: bytes, encoding: str | None, exc: UnicodeDecodeError | None = None) -> str:
    where = f" (byte 0x{data[exc.start]:02x} at offset {exc.start})" if exc is not None else ""
    if encoding is None or codecs.lookup(encoding).name == "utf-8":
        return f"not valid UTF-8{where}: try --encoding latin-1 (or the file's real encoding)"
    return f"cannot decode as {encoding}{where}: try another --encoding"


_SURROGATE = re.compile("[\udc80-\udcff]")


def _has_surrogates(s: str) -> bool:
    return _SURROGATE.search(s) is not None


def _too_big(size: int, limit: int) -> str:
    return (f"article is {size / 1e6:.1f} MB, over the {limit / 1e6:g} MB limit: split it, "
            "or raise --max-article-size")


def parse_size(value: str) -> int:
    """A size like `10MB`, `500k`, `2G` or a plain number of bytes."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*", value.lower())
    if not m:
        raise ValueError(f"not a size: {value!r} (examples: 10MB, 500KB, 2000000)")
    factor = {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}[m.group(2)]
    return int(float(m.group(1)) * factor)


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares, used only when it is not UTF-8 (UTF-8 is tried first anyway)."""
    m = _CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii")
    try:
        if codecs.lookup(name).name == "utf-8":
            return None
    except LookupError:
        return None
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError:
        return name


# -- HTML -----------------------------------------------------------------------------------------------

_SKIP = {"script", "style", "nav", "noscript", "template", "svg", "form", "aside", "footer", "button", "select",
         "iframe", "object"}
_PARA = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "pre", "dd", "dt"}
_BREAK = _PARA | {"div", "section", "article", "main", "br", "tr", "td", "th", "table", "ul", "ol", "header",
                  "body", "hr"}
_META_FIELDS = {"og:title": "title", "og:url": "url", "og:site_name": "source", "article:published_time": "published",
                "date": "published", "pubdate": "published", "publishdate": "published", "dc.date": "published"}


class _ArticleHTML(HTMLParser):
    """Collects the text of paragraph-like elements (and, separately, loose text between blocks)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.skip_stack: list[str] = []
        self.para_depth = 0
        self.pre_depth = 0
        self.blocks: list[str] = []
        self.loose: list[str] = []
        self.buf: list[str] = []
        self.in_title = False
        self.title = ""
        self.h1 = ""
        self.h1_buf: list[str] | None = None
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._meta(dict(attrs))
            return
        if tag == "link" and (dict(attrs).get("rel") or "").lower() == "canonical":
            self.meta.setdefault("url", dict(attrs).get("href") or "")
            return
        if tag == "title" and not self.skip_depth:
            self.in_title = True
            return
        if tag == "time" and "published" not in self.meta and dict(attrs).get("datetime"):
            self.meta["published"] = dict(attrs)["datetime"] or ""
        if tag in _SKIP:
            self.skip_depth += 1
            self.skip_stack.append(tag)
            return
        if self.skip_depth:
            return
        if tag in _BREAK:
            self._flush()
        if tag in _PARA:
            self.para_depth += 1
        if tag == "pre":
            self.pre_depth += 1
        if tag == "h1" and self.h1_buf is None and not self.h1:
            self.h1_buf = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        if tag in self.skip_stack:  # also closes skipped elements left open inside it
            del self.skip_stack[len(self.skip_stack) - 1 - self.skip_stack[::-1].index(tag):]
            self.skip_depth = len(self.skip_stack)
            return
        if self.skip_depth:
            return
        if tag in _BREAK:
            self._flush()
        if tag in _PARA and self.para_depth:
            self.para_depth -= 1
        if tag == "pre" and self.pre_depth:
            self.pre_depth -= 1
        if tag == "h1" and self.h1_buf is not None:
            self.h1 = _squash("".join(self.h1_buf))
            self.h1_buf = None

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if self.skip_depth:
            return
        self.buf.append(data)
        if self.h1_buf is not None:
            self.h1_buf.append(data)

    def _flush(self) -> None:
        raw = "".join(self.buf)
        self.buf = []
        text = raw.strip("\r\n") if self.pre_depth else _squash(raw)
        if text.strip():
            (self.blocks if self.para_depth else self.loose).append(text)

    def _meta(self, attrs: dict[str, str | None]) -> None:
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        field_name = _META_FIELDS.get(key) or ("published" if key == "datepublished" else None)
        if field_name and attrs.get("content") and field_name not in self.meta:
            self.meta[field_name] = attrs["content"] or ""

    def close(self) -> None:
        super().close()
        self._flush()


def _squash(s: str) -> str:
    return " ".join(s.split())


def html_to_article(markup: str, article_id: str = "html", origin: str = "") -> Article:
    """The article in an HTML page: paragraphs (p, headings, list items, block quotes) joined by blank
    lines, without scripts, styles or navigation; title, url, outlet and date from the page's metadata."""
    parser = _ArticleHTML()
    parser.feed(markup)
    parser.close()
    paras = parser.blocks or parser.loose
    title = _squash(parser.title) or parser.h1 or parser.meta.get("title", "")
    return Article(article_id=article_id, text="\n\n".join(paras), source=parser.meta.get("source", ""),
                   url=parser.meta.get("url", ""), title=title, published=parser.meta.get("published", ""),
                   origin=origin)
