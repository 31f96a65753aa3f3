"""Bytes to text: plain text strictly (UTF-8, else Windows-1252 that looks like text, else a failure with advice);
HTML as a browser shows it (the declared charset, else UTF-8 with undecodable bytes as U+FFFD and one warning)."""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from .files import convert_advice

log = logging.getLogger("quotes")

Warn = Callable[[str], None]
SNIFF = 8192
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\x7fELF",
                 b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!", b"\xd0\xcf\x11\xe0", b"SQLite format")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\udc80-\udcff]")
_BODY = re.compile(rb"<body[\s>]|</head\s*>", re.IGNORECASE)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_bytes(data: bytes, encoding: str | None = None, origin: str = "input", warn: Warn | None = None) -> str:
    """Text of `data`: the given encoding, else UTF-8 (a BOM removed), else Windows-1252 when that decodes
    cleanly and looks like text (with a warning). Raises InputError for binary or undecodable data."""
    if looks_binary(data[:SNIFF], encoding):
        raise InputError(binary_reason(data[:SNIFF], origin))
    if encoding is None:
        encoding = bom_encoding(data)
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(undecodable(data, encoding, exc)) from exc
        return text.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fixed = try_cp1252(data)
        if fixed is None:
            raise InputError(undecodable(data, None, exc)) from exc
        (warn or log.warning)(f"{origin}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}), "
                              "read as Windows-1252 (use --encoding to choose)")
        return fixed


def decode_html(data: bytes, encoding: str | None = None, origin: str = "input", warn: Warn | None = None,
                header_charset: str | None = None) -> str:
    """Markup of an HTML page. `encoding` (--encoding) is strict, as for text. Otherwise a byte order mark, then
    the charset the server (`header_charset`) or the page declares, then UTF-8; bytes that still do not decode
    become U+FFFD, as a browser shows them, with one warning naming the page and how many there were."""
    if looks_binary(data[:SNIFF], encoding):
        raise InputError(binary_reason(data[:SNIFF], origin))
    if encoding is not None:
        return decode_bytes(data, encoding, origin, warn)
    chosen = bom_encoding(data) or _usable(header_charset, data) or declared_charset(data) or "utf-8"
    try:
        return data.decode(chosen).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        text = data.decode(chosen, errors="replace").removeprefix("\ufeff")
        n = text.count("\ufffd") - data.decode(chosen, errors="ignore").count("\ufffd")
        name = "UTF-8" if codecs.lookup(chosen).name == "utf-8" else chosen
        (warn or log.warning)(f"{origin}: not valid {name} (first at byte offset {exc.start}): "
                              f"{n} undecodable byte sequence{'s' if n != 1 else ''} shown as U+FFFD")
        return text


def _usable(charset: str | None, data: bytes) -> str | None:
    """A declared charset worth using: a known codec, and not a single-byte one claimed by valid UTF-8 bytes
    (UTF-8 multi-byte sequences do not happen by accident; pages mislabelled latin-1 do)."""
    if not charset:
        return None
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return None
    if name in ("utf-8", "ascii"):
        return "utf-8"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return charset


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a meta tag (when usable, see `_usable`)."""
    m = _CHARSET.search(data[:_head_end(data)])
    return _usable(m.group(1).decode("ascii"), data) if m else None


def _head_end(data: bytes) -> int:
    """Where the page's head ends (its body starts), at most 128 KB in: a charset declared anywhere in the head
    counts, as browsers switch to it when they meet it (pages with long inline scripts declare it late)."""
    head = data[:131072]
    m = _BODY.search(head)
    return m.start() if m else len(head)


def bom_encoding(data: bytes) -> str | None:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def looks_binary(head: bytes, encoding: str | None = None) -> bool:
    """NUL bytes, control characters or a known binary signature (PDF, images, archives, ...)."""
    wide = encoding is not None and codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    if not head or wide or bom_encoding(head) == "utf-16":
        return False
    if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 or b == 127)
    return controls > len(head) * 0.05


def binary_reason(head: bytes, origin: str = "") -> str:
    """Why binary data is refused; a PDF (whatever its name) gets the advice a .pdf file gets."""
    if head.startswith(b"%PDF"):
        return f"binary file (a PDF), skipped; {convert_advice(Path(Path(origin).stem + '.pdf'))}"
    return "binary file, skipped"


def try_cp1252(data: bytes) -> str | None:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if len(_CONTROL.findall(text)) > len(text) * 0.01:
        return None
    letters = sum(ch.isalpha() or ch.isspace() for ch in text)
    return text if letters >= len(text) * 0.6 else None


def undecodable(data: bytes, encoding: str | None, exc: UnicodeDecodeError | None = None) -> str:
    where = f" (byte 0x{data[exc.start]:02x} at offset {exc.start})" if exc is not None else ""
    if encoding is None or codecs.lookup(encoding).name == "utf-8":
        return f"not valid UTF-8{where}: try --encoding latin-1 (or the file's real encoding)"
    return f"cannot decode as {encoding}{where}: try another --encoding"


def has_surrogates(s: str) -> bool:
    return _SURROGATE.search(s) is not None
