"""Reads each kind of input file (plain text, HTML, JSONL, CSV, JSON, CoNLL-U, lists of URLs) into Articles and
Failures; `quotes.ingest.read_inputs` is the entry point."""

from __future__ import annotations

import codecs
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ..errors import InputError
from ..records import Article, Failure
from ..text import HEADER_RE
from .encoding import (
    SNIFF,
    Warn,
    binary_reason,
    bom_encoding,
    decode_bytes,
    decode_html,
    has_surrogates,
    looks_binary,
    try_cp1252,
    undecodable,
)
from .files import (
    DOCUMENT_SUFFIXES,
    EXPLICIT_SUFFIXES,
    HTML_SIZE_FACTOR,
    INPUT_SUFFIXES,
    is_url,
    too_big,
    unsupported_reason,
    walk,
)
from .html import html_to_article
from .rows import csv_rows, field, jsonl_rows
from .web import read_url, read_url_list

if TYPE_CHECKING:
    from .urls import Fetcher

Item = Article | Failure


class Reader:
    """Reads each kind of input; holds the options shared by all of them."""

    def __init__(self, input_format: str | None, source_name: str, encoding: str | None, max_size: int,
                 warn: Warn, skip: Warn, fetcher: Callable[[], Fetcher] | None = None):
        self._make_fetcher = fetcher
        self._fetcher: Fetcher | None = None
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

    @property
    def fetcher(self) -> Fetcher:
        """The downloader, made on first use (a run over files never imports urllib or opens the page cache)."""
        if self._fetcher is None:
            if self._make_fetcher is not None:
                self._fetcher = self._make_fetcher()
            else:
                from .urls import Fetcher

                self._fetcher = Fetcher()
        return self._fetcher
    def read_all(self, paths: Iterable[str | Path], stdin: BinaryIO | None) -> Iterator[Item]:
        for p in paths:
            if str(p) == "-":
                yield from self.read_stdin(stdin if stdin is not None else sys.stdin.buffer)
                continue
            if is_url(p):
                yield read_url(self, str(p))
                continue
            path = Path(p)
            if path.is_dir():
                problems: list[Failure] = []
                files = list(walk(path, problems))
                documents = list(walk(path, None, DOCUMENT_SUFFIXES))
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
            elif fmt == "urls":
                yield from read_url_list(self, path.read_bytes(), origin)
            elif fmt == "conllu":
                yield self.read_conllu(path)
            else:
                size = path.stat().st_size
                limit = self.max_size * (HTML_SIZE_FACTOR if fmt == "html" else 1)
                if size > limit:
                    yield Failure(origin, too_big(size, limit))
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
            if fmt == "urls":
                yield from read_url_list(self, stream.read(), "<stdin>")
                return
            data = stream.read(self.max_size * HTML_SIZE_FACTOR + 1)
            limit = self.max_size * (HTML_SIZE_FACTOR if fmt == "html" else 1)
            if len(data) > limit:
                yield Failure("<stdin>", too_big(len(data), limit))
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

    def html_article(self, data: bytes, origin: str, stem: str, url: str = "", charset: str = "") -> Article:
        """`url` and `charset`: the page's address and the charset its server declared, for downloaded pages."""
        markup = decode_html(data, self.encoding, origin, self.warn, header_charset=charset or None)
        article = html_to_article(markup, article_id=stem, origin=origin, url=url, warn=self.warn)
        if len(article.text) > self.max_size:
            raise InputError(too_big(len(article.text), self.max_size))
        if not article.text.strip():
            self.warn(f"{origin}: no article text found in the HTML, no quotes")
        published = self.iso_date(article.published, origin) if article.published else ""
        return replace(article, source=article.source or self.source_name, published=published)

    # -- CoNLL-U ----------------------------------------------------------------------------------------

    def read_conllu(self, path: Path) -> Item:
        from ..parse.conllu_backend import read_conllu_article

        try:
            article = read_conllu_article(path)
        except InputError as exc:
            return Failure(str(path), str(exc).removeprefix(f"{path}: "))
        except (ValueError, UnicodeDecodeError) as exc:
            return Failure(str(path), f"malformed CoNLL-U: {exc}")
        if len(article.text) > self.max_size:
            return Failure(str(path), too_big(len(article.text), self.max_size))
        return replace(article, source=article.source or self.source_name, origin=article.origin or str(path))

    # -- JSONL and CSV rows -----------------------------------------------------------------------------

    def read_rows(self, stream: BinaryIO, origin: str, stem: str, fmt: str) -> Iterator[Item]:
        if not hasattr(stream, "peek"):
            stream = io.BufferedReader(stream)  # type: ignore[arg-type]
        head = stream.peek(SNIFF)[:SNIFF]
        if looks_binary(head, self.encoding):
            yield Failure(origin, binary_reason(head, origin))
            return
        encoding = self.encoding or bom_encoding(head) or "utf-8-sig"
        text = io.TextIOWrapper(stream, encoding=encoding, errors="surrogateescape", newline="")
        rows = jsonl_rows(text) if fmt == "jsonl" else csv_rows(text, self.max_size)
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
            raise InputError(too_big(len(text), self.max_size))
        if not text.strip():
            self.warn(f"{where}: empty 'text', no quotes")
        text = text.removeprefix("\ufeff")
        published = field(fields, "published", "date")
        return Article(
            article_id=field(fields, "id", "article_id") or default_id, text=text,
            source=field(fields, "source") or self.source_name, url=field(fields, "url"),
            title=field(fields, "title"), published=self.iso_date(published, where) if published else "",
            origin=where)

    def fix_text(self, value: str, where: str) -> str:
        """Bytes the chosen encoding could not decode come as lone surrogates: decode them as
        Windows-1252 when that gives text, else fail the row with advice."""
        if not has_surrogates(value):
            return value
        raw = value.encode(self.encoding or "utf-8", errors="surrogateescape")
        if self.encoding is None:
            fixed = try_cp1252(raw)
            if fixed is not None:
                self.warn(f"{where}: not valid UTF-8, read as Windows-1252 (use --encoding to choose)")
                return fixed
        raise InputError(undecodable(raw, self.encoding))

    def iso_date(self, value: object, where: str) -> str:
        """`YYYY-MM-DD` from a date or ISO timestamp; anything else is dropped with a warning."""
        s = str(value).strip()
        try:
            return date.fromisoformat(s[:10]).isoformat()
        except ValueError:
            self.warn(f"{where}: published date {s!r} is not an ISO date (YYYY-MM-DD), ignored")
            return ""


