"""Ingest stage: turn input paths (files, folders, `-`, http(s) addresses) into `Article` records, streaming.

Every input is accounted for: a readable article becomes an `Article`, anything that cannot be read
(binary data, undecodable bytes, a malformed JSONL line or CSV row, a missing `text` field, an article
over the size limit, a page that cannot be downloaded) becomes a `Failure` naming the file, line or address
and the reason, and reading goes on with the next input. Recoverable oddities (an empty file, a
Windows-1252 file read by fallback, undecodable bytes in a web page) are reported through the `warn` callback.

Article texts follow CONTRACT.md "Offsets": the decoded text with a leading byte order mark removed and
line endings left untouched (for HTML: the extracted text), so offsets computed on it index the text exactly.

Modules: files (which files are inputs), encoding (bytes to text), reader (each format), rows (JSONL/CSV),
html and tags (web pages), urls (downloading pages, the page cache).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ..errors import InputError
from ..records import Article, Failure
from .encoding import Warn, decode_bytes, decode_html
from .files import (
    DEFAULT_MAX_ARTICLE_SIZE,
    DOCUMENT_SUFFIXES,
    HTML_SIZE_FACTOR,
    INPUT_FORMATS,
    INPUT_SUFFIXES,
    is_url,
    iter_files,
    parse_size,
    unsupported_reason,
)
from .html import html_to_article
from .reader import Item, Reader

if TYPE_CHECKING:
    from .urls import FetchOptions

__all__ = [
    "DEFAULT_MAX_ARTICLE_SIZE",
    "DOCUMENT_SUFFIXES",
    "INPUT_FORMATS",
    "INPUT_SUFFIXES",
    "FetchOptions",
    "decode_bytes",
    "decode_html",
    "html_to_article",
    "is_url",
    "iter_files",
    "parse_size",
    "read_inputs",
    "unsupported_reason",
]

log = logging.getLogger("quotes")


def __getattr__(name: str) -> object:
    if name == "FetchOptions":  # imported on first use (see read_inputs)
        from .urls import FetchOptions

        return FetchOptions
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def read_inputs(paths: Iterable[str | Path], input_format: str | None = None, source_name: str | None = None,
                encoding: str | None = None, *, max_article_size: int = DEFAULT_MAX_ARTICLE_SIZE,
                warn: Warn | None = None, stdin: BinaryIO | None = None, skip: Warn | None = None,
                cache: bool | str | Path | None = None, fetch: FetchOptions | None = None) -> Iterator[Item]:
    """Articles (and Failures) from files, folders (recursive, sorted), `-` (standard input) and http(s)
    addresses, in order.

    `input_format` (txt, jsonl, csv, html, conllu, json, urls) overrides the file extension (`urls`: each file
    holds addresses, one a line); `source_name` is the outlet for inputs that carry none; `encoding` overrides
    detection (UTF-8, then Windows-1252; for HTML the declared charset, then UTF-8).
    Documents found in folders that cannot be read (PDF, Word: `DOCUMENT_SUFFIXES`) are reported through
    `skip` (default: `warn`), one message each; named directly, such a file is a Failure.
    `cache` (as for `quotes.pipeline.run`: None/False none, True the default folder, or a folder) keeps
    downloaded pages so a re-run does not download them again; `fetch` sets timeouts, rate and size limit."""
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise InputError(f"unknown input format {input_format!r}: choose one of {', '.join(INPUT_FORMATS)}")
    warn = warn or log.warning

    def fetcher():  # made when the first address is read: urllib and the cache are for runs over web pages only
        from .urls import Fetcher, FetchOptions, PageCache

        return Fetcher(fetch or FetchOptions(max_bytes=max_article_size * HTML_SIZE_FACTOR), PageCache.open(cache))

    reader = Reader(input_format, source_name or "", encoding, max_article_size, warn, skip or warn, fetcher)
    seen: dict[str, str] = {}
    for item in reader.read_all(paths, stdin):
        if isinstance(item, Article):
            if item.article_id in seen:
                reader.warn(f"{item.origin}: article_id {item.article_id!r} already used by {seen[item.article_id]}; "
                            "quote ids stay distinct only within distinct article ids")
            else:
                seen[item.article_id] = item.origin
        yield item


__all__ += ["Article", "Failure"]
