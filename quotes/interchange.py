"""Quote records in the formats fact-check and annotation tools already read.

- `annotation`: W3C Web Annotations (JSON-LD), one per quote. The target is the article (its `url`, else
  `urn:quotes:article:<id>`) with two selectors for the same span: a `TextQuoteSelector` (the exact text and
  about 32 characters either side, widened until the three together occur once in the article, so the quote can
  be re-anchored by its words alone) and a `TextPositionSelector` (the record's `start`, `end`: code points
  into the article text as `quotes articles` writes it). The body carries the speaker (name, type, registry id
  as `sameAs`), the cue, the quote type and the attribution kind.
- `jsonld`: schema.org `Quotation` items in one `@graph`: `text`, `spokenByCharacter` and `creator` (a `Person`,
  `Organization` or `NewsMediaOrganization`, with `sameAs` for registry ids) and `isPartOf`, the `NewsArticle`
  (url, headline, publisher, datePublished), so a record can be embedded in a fact-check page.

Rows are Quote-table rows (`Quote.to_row()` or a parsed JSON record); an empty string counts as missing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import quote as percent_encode

from quotes.errors import OutputError

INTERCHANGE_FORMATS = ("annotation", "jsonld")
SELECTOR_CONTEXT = 32  # characters of prefix and suffix, widened only when the quote recurs in the article

ANNOTATION_CONTEXT: list[Any] = [
    "http://www.w3.org/ns/anno.jsonld",
    {
        "schema": "https://schema.org/",
        "quotes": "urn:quotes:vocab:",
        "sameAs": {"@id": "schema:sameAs", "@type": "@id"},
        "identifier": "schema:identifier",
        "speaker": "quotes:speaker",
        "speakerType": "quotes:speakerType",
        "speakerMention": "quotes:speakerMention",
        "role": "quotes:role",
        "cue": "quotes:cue",
        "quoteType": "quotes:quoteType",
        "attribution": "quotes:attribution",
        "confidence": "quotes:confidence",
        "statement": {"@id": "quotes:statement", "@type": "@id"},
        "cluster": {"@id": "quotes:cluster", "@type": "@id"},
    },
]

_SCHEMA_ORG_TYPES = {"person": "Person", "organization": "Organization", "media": "NewsMediaOrganization"}
_WIKIDATA_QID = re.compile(r"Q[1-9][0-9]*")
_URN_SAFE = ":/@!$&'()*+,;="
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")


# -- selectors ----------------------------------------------------------------------------------------------


def quote_selector(text: str, start: int, end: int, context: int = SELECTOR_CONTEXT) -> dict[str, str]:
    """The TextQuoteSelector of `text[start:end]`: exact, and `context` characters of prefix and suffix, doubled
    until (prefix, exact, suffix) occurs only at `start` (at worst the whole text either side)."""
    exact = text[start:end]
    width = context
    while True:
        prefix, suffix = text[max(0, start - width):start], text[end:end + width]
        if _matches(text, exact, prefix, suffix) == [start] or (width >= start and end + width >= len(text)):
            return {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix}
        width *= 2


def anchor(text: str, selector: Mapping[str, str]) -> tuple[int, int] | None:
    """Re-anchor a TextQuoteSelector on `text`: the (start, end) of its one occurrence with that prefix and
    suffix, or None when it occurs nowhere or more than once."""
    exact = selector["exact"]
    found = _matches(text, exact, selector.get("prefix", ""), selector.get("suffix", ""))
    return (found[0], found[0] + len(exact)) if len(found) == 1 else None


def _matches(text: str, exact: str, prefix: str, suffix: str) -> list[int]:
    found = []
    at = text.find(exact)
    while at != -1 and exact:
        if at >= len(prefix) and text.startswith(prefix, at - len(prefix)) and text.startswith(suffix, at + len(exact)):
            found.append(at)
        at = text.find(exact, at + 1)
    return found


# -- one record -------------------------------------------------------------------------------------------


def _value(row: Mapping[str, Any], column: str) -> Any:
    """The row's value, None when missing or empty."""
    value = row.get(column)
    return None if value is None or value == "" else value


def _compact(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if v is not None}


def article_iri(row: Mapping[str, Any]) -> str:
    """The article's url, else `urn:quotes:article:<article_id>`, the id percent-encoded where a URN's name may not
    hold a character (RFC 8141 allows ':', '/', '@' and the sub-delimiters)."""
    return _value(row, "url") or "urn:quotes:article:" + percent_encode(str(row["article_id"]), safe=_URN_SAFE)


def quote_iri(quote_id: str) -> str:
    return f"urn:quotes:quote:{quote_id}"


def registry_link(speaker_id: str | None) -> dict[str, str]:
    """`sameAs` for a registry id that names a resource (a Wikidata QID becomes its entity IRI, an IRI stays as
    it is), else the id as a plain `identifier`."""
    if not speaker_id:
        return {}
    if _WIKIDATA_QID.fullmatch(speaker_id):
        return {"sameAs": f"http://www.wikidata.org/entity/{speaker_id}"}
    if _URI.fullmatch(speaker_id):
        return {"sameAs": speaker_id}
    return {"identifier": speaker_id}


def annotation(row: Mapping[str, Any], article_text: str) -> dict[str, Any]:
    """The W3C Web Annotation of one record, its selectors computed on the article's text."""
    start, end = int(row["start"]), int(row["end"])
    if article_text[start:end] != row["text"]:
        raise OutputError(f"article {row['article_id']!r}: record {row['quote_id']} does not match the article "
                          f"text at {start}:{end}")
    speaker = _value(row, "speaker")
    body = _compact({
        "type": "TextualBody",
        "purpose": "describing",
        "format": "text/plain",
        "value": _summary(row),
        "speaker": _compact({"name": speaker, "speakerType": row.get("speaker_type") or "unknown",
                             **registry_link(_value(row, "speaker_id"))}),
        "speakerMention": _value(row, "speaker_mention"),
        "role": _value(row, "speaker_role"),
        "cue": _value(row, "cue"),
        "quoteType": row["quote_type"],
        "attribution": _value(row, "attribution"),
        "confidence": _value(row, "confidence"),
        "statement": quote_iri(row["statement_id"]) if _value(row, "statement_id") else None,
        "cluster": quote_iri(row["cluster_id"]) if _value(row, "cluster_id") else None,
    })
    return {
        "@context": ANNOTATION_CONTEXT,
        "id": quote_iri(row["quote_id"]),
        "type": "Annotation",
        "motivation": "describing",
        "body": body,
        "target": {
            "source": article_iri(row),
            "selector": [quote_selector(article_text, start, end),
                         {"type": "TextPositionSelector", "start": start, "end": end}],
        },
    }


def _summary(row: Mapping[str, Any]) -> str:
    """A line a person reads in an annotation tool: 'Dmitry Peskov (person), direct quote, cue "said"'."""
    who = _value(row, "speaker")
    parts = [f"{who} ({row.get('speaker_type') or 'unknown'})" if who else "unattributed",
             f"{row['quote_type']} quote"]
    if _value(row, "attribution") not in (None, "speech"):
        parts[-1] = f"{row['quote_type']} {row['attribution']}"
    if _value(row, "cue"):
        parts.append(f"cue \u201c{row['cue']}\u201d")
    return ", ".join(parts)


def quotation(row: Mapping[str, Any]) -> dict[str, Any]:
    """The schema.org Quotation of one record."""
    item: dict[str, Any] = {"@type": "Quotation", "@id": quote_iri(row["quote_id"]), "identifier": row["quote_id"],
                            "text": row["text"]}
    speaker = _value(row, "speaker")
    kind = _SCHEMA_ORG_TYPES.get(str(row.get("speaker_type")))
    if speaker and kind:
        who = _compact({"@type": kind, "name": speaker, **registry_link(_value(row, "speaker_id")),
                        "jobTitle": _value(row, "speaker_role") if kind == "Person" else None})
        item["spokenByCharacter"] = who
        item["creator"] = who
    elif speaker or _value(row, "speaker_mention"):
        # anonymous sources, groups and unresolved speakers are not people or organisations schema.org could name
        item["description"] = (f"attributed to {speaker or row['speaker_mention']} "
                               f"({row.get('speaker_type') or 'unknown'})")
    item["isPartOf"] = _compact({
        "@type": "NewsArticle",
        "@id": article_iri(row),
        "url": _value(row, "url"),
        "identifier": row["article_id"],
        "headline": _value(row, "title"),
        "publisher": {"@type": "Organization", "name": row["source"]} if _value(row, "source") else None,
        "datePublished": _value(row, "published"),
    })
    return item


# -- documents ----------------------------------------------------------------------------------------------


def annotation_document(rows: Iterable[Mapping[str, Any]], texts: Mapping[str, list[str]]) -> Iterator[str]:
    """A JSON array of annotations, one per row, in pieces (a long output is never held whole). `texts` maps
    each article id to its article texts (more than one when inputs share an id)."""
    return _array((annotation(row, _article_text(row, texts)) for row in rows), "[", "]\n", indent=1)


def jsonld_document(rows: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """A schema.org JSON-LD document whose `@graph` holds one Quotation per row, in pieces."""
    return _array((quotation(row) for row in rows), '{\n "@context": "https://schema.org",\n "@graph": [', "]\n}\n",
                  indent=2)


def _article_text(row: Mapping[str, Any], texts: Mapping[str, list[str]]) -> str:
    start, end = int(row["start"]), int(row["end"])
    for text in texts.get(row["article_id"], ()):
        if text[start:end] == row["text"]:
            return text
    raise OutputError(f"article {row['article_id']!r}: its text is needed for the annotation of record "
                      f"{row['quote_id']} and was not read")


def _array(items: Iterable[dict[str, Any]], head: str, tail: str, indent: int) -> Iterator[str]:
    """`head`, the items as an indented JSON array body, `tail` (an empty array stays on the head's line)."""
    pad = " " * indent
    yield head
    first = True
    for item in items:
        yield ("\n" if first else ",\n") + pad + json.dumps(item, ensure_ascii=False, indent=1).replace("\n", "\n" + pad)
        first = False
    yield tail if first else "\n" + " " * (indent - 1) + tail
