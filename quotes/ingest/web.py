"""Web addresses as inputs: `quotes extract https://...` and files of addresses (`--input-format urls`). Each
address is one input: its page downloaded (or read from the page cache) and read as HTML, `url` set to the
address it was finally served from; a page that cannot be had is one Failure with the HTTP status or error."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any, Protocol

from ..errors import InputError
from ..records import Article, Failure
from .encoding import decode_bytes
from .files import is_url

Item = Article | Failure


class Reader(Protocol):
    """What reading a web address needs of `quotes.ingest.reader.Reader` (named here, not imported: the reader
    imports this module)."""

    fetcher: Any
    encoding: str | None
    source_name: str
    warn: Callable[[str], None]

    def text_article(self, data: bytes, origin: str, stem: str) -> Article: ...

    def html_article(self, data: bytes, origin: str, stem: str, url: str = "", charset: str = "") -> Article: ...


def read_url(reader: Reader, url: str) -> Item:
    """The article at `url` (article id and origin: the address as given), or a Failure naming the problem."""
    try:
        page = reader.fetcher.get(url)
        if page.content_type == "text/plain":
            article = reader.text_article(page.data, url, url) if not page.charset else Article(
                article_id=url, text=decode_bytes(page.data, page.charset, url, reader.warn),
                source=reader.source_name, origin=url)
        else:
            article = reader.html_article(page.data, url, url, url=page.final_url, charset=page.charset)
    except InputError as exc:
        return Failure(url, str(exc))
    return replace(article, url=page.final_url)


def read_url_list(reader: Reader, data: bytes, origin: str) -> Iterator[Item]:
    """Each address in a list (one a line; blank lines and lines starting with # skipped), in order."""
    try:
        text = decode_bytes(data, reader.encoding, origin, reader.warn)
    except InputError as exc:
        yield Failure(origin, str(exc))
        return
    n = 0
    for line_no, line in enumerate(text.splitlines(), start=1):
        address = line.strip()
        if not address or address.startswith("#"):
            continue
        n += 1
        if is_url(address):
            yield read_url(reader, address)
        else:
            yield Failure(f"{origin}:{line_no}", f"not an http(s) address: {address[:80]!r}")
    if n == 0:
        reader.warn(f"{origin}: no addresses, no quotes")
