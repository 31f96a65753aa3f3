"""The report's quotes by speaker: one collapsible section per speaker, each quote in its sentences with the
content, cue and speaker mention marked."""

from __future__ import annotations

import html
import re
from itertools import pairwise

from ..records import ATTRIBUTION_KINDS, Article
from ..text import body_start
from .values import (
    CONTEXT_CHARS,
    NO_OUTLET,
    OPEN_UP_TO,
    Row,
    anchor,
    as_int,
    as_text,
    esc,
    kind_of,
    outlet_of,
    ranked_speakers,
)


def speakers_html(ledger: list[Row], by_speaker: dict[str, list[Row]], by_id: dict[str, Article]) -> str:
    info = {as_text(r["speaker"]): r for r in ledger}
    expand = sum(len(q) for q in by_speaker.values()) <= OPEN_UP_TO
    sections = "\n".join(_speaker_section(s, by_speaker[s], info.get(s, {}), by_id, expand)
                         for s in ranked_speakers(ledger, by_speaker))
    kinds = sorted({kind_of(q) for rows in by_speaker.values() for q in rows}, key=ATTRIBUTION_KINDS.index)
    kind_select = ""
    if kinds != ["speech"]:  # a run with --attributions all: choose which kinds to show
        options = "".join(f'<option value="{k}">{k}</option>' for k in kinds)
        kind_select = (f'<select id="kind-filter" aria-label="attribution kind"><option value="">all kinds</option>'
                       f'{options}</select>')
    return ('<section id="quotes-section"><h2>Quotes by speaker</h2>'
            '<p class="muted legend"><mark class="hl-content">content</mark> '
            '<mark class="hl-cue">cue</mark> <mark class="hl-speaker">speaker mention</mark></p>'
            '<div class="controls"><input type="search" id="speaker-filter" placeholder="Filter speakers" '
            f'aria-label="filter speakers">{kind_select}<button type="button" id="expand-all">expand all</button>'
            '<button type="button" id="collapse-all">collapse all</button></div>'
            f'<div id="speakers">{sections}</div></section>')


def _speaker_section(speaker: str, quotes: list[Row], info: Row, by_id: dict[str, Article], expand: bool) -> str:
    quotes = sorted(quotes, key=_chrono)
    n_articles = len({as_text(q.get("article_id")) for q in quotes})
    kind = as_text(info.get("speaker_type")) or as_text(quotes[0].get("speaker_type"))
    roles = as_text(info.get("roles")) or "; ".join(sorted({as_text(q.get("speaker_role")) for q in quotes} - {""}))
    meta = " · ".join(x for x in (kind, roles) if x)
    items = "\n".join(_cluster_html(group, by_id) for group in _clusters(quotes))
    return (f'<details class="speaker" id="{anchor(speaker)}" data-speaker="{esc(speaker)}"'
            f'{" open" if expand else ""}>'
            f'<summary><span class="name">{esc(speaker)}</span> <span class="muted">{esc(meta)}</span> '
            f'<span class="count">{len(quotes)} quote{"s" if len(quotes) != 1 else ""} in {n_articles} '
            f'article{"s" if n_articles != 1 else ""}</span></summary>'
            f'<ol class="quotes">\n{items}\n</ol></details>')


def _chrono(row: Row) -> tuple[str, str, int]:
    return (as_text(row.get("published"))[:10] or "9999", as_text(row.get("article_id")), as_int(row.get("start")) or 0)


def _clusters(quotes: list[Row]) -> list[list[Row]]:
    """Quotes grouped by `cluster_id` (a quote without one stands alone), in order of first appearance."""
    groups: dict[str, list[Row]] = {}
    for i, row in enumerate(quotes):
        groups.setdefault(as_text(row.get("cluster_id")) or f"\x00{i}", []).append(row)
    return list(groups.values())


def _cluster_html(group: list[Row], by_id: dict[str, Article]) -> str:
    if len(group) == 1:
        return _quote_html(group[0], by_id)
    n_articles = len({as_text(q.get("article_id")) for q in group})
    outlets = sorted({outlet_of(q) for q in group} - {NO_OUTLET})
    where = f" — {esc(', '.join(outlets))}" if outlets else ""
    items = "\n".join(_quote_html(q, by_id) for q in group)
    return (f'<li class="cluster" data-cluster="{esc(group[0].get("cluster_id"))}"><div class="cluster-head">'
            f"Same statement reported {len(group)} times in {n_articles} article{'s' if n_articles != 1 else ''}"
            f'{where}</div><ol class="quotes">{items}</ol></li>')


def _quote_html(row: Row, by_id: dict[str, Article]) -> str:
    kind = as_text(row.get("quote_type")) or "unknown"
    article = by_id.get(as_text(row.get("article_id")))
    title = as_text(row.get("title")) or (article.title if article else "") or as_text(row.get("article_id"))
    url = as_text(row.get("url")) or (article.url if article else "")
    name = esc(title)
    if url.lower().startswith(("http://", "https://")):
        name = f'<a href="{esc(url)}" rel="noopener noreferrer">{name}</a>'
    bits = [f'<span class="badge t-{esc(kind)}">{esc(kind)}</span>', f'<span class="art">{name}</span>']
    if kind_of(row) != "speech":
        bits.insert(1, f'<span class="badge k-{esc(kind_of(row))}">{esc(kind_of(row))}</span>')
    for value, cls in ((outlet_of(row) if as_text(row.get("source")) else "", "outlet"),
                       (as_text(row.get("published"))[:10], "date")):
        if value:
            bits.append(f'<span class="{cls}">{esc(value)}</span>')
    extras = [f"{label} {esc(row.get(col))}" for col, label in (("cue", "cue:"), ("via", "via"),
                                                                 ("cited_source", "citing"))
              if as_text(row.get(col))]
    if extras:
        bits.append(f'<span class="muted">{" · ".join(extras)}</span>')
    return (f'<li class="quote" data-quote="{esc(row.get("quote_id"))}" data-kind="{esc(kind_of(row))}">'
            f'<div class="meta">{" ".join(bits)}</div>'
            f'<blockquote class="ctx">{_context_html(row, article)}</blockquote></li>')


# A sentence ends at . ! or ? (with any closing quotation marks) followed by space, or at a line break.
_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*\s+|\n+")


def _context_html(row: Row, article: Article | None) -> str:
    text = as_text(row.get("text"))
    start, end = as_int(row.get("start")), as_int(row.get("end"))
    if article is None or start is None or end is None or article.text[start:end] != text:
        return _fallback_context(row, text)
    spans = [(start, end, "hl-content")]
    for prefix, cls in (("cue", "hl-cue"), ("speaker", "hl-speaker")):
        s, e = as_int(row.get(f"{prefix}_start")), as_int(row.get(f"{prefix}_end"))
        if s is not None and e is not None and 0 <= s < e <= len(article.text):
            spans.append((s, e, cls))
    return highlight(article.text, spans, body_start(article.text))


def _fallback_context(row: Row, text: str) -> str:
    """No article text to index (or offsets do not match it): the record's context, content highlighted."""
    context = as_text(row.get("context")) or text
    at = context.find(text) if text else -1
    if at < 0:
        return html.escape(context)
    return highlight(context, [(at, at + len(text), "hl-content")])


def highlight(text: str, spans: list[tuple[int, int, str]], body: int = 0) -> str:
    """The sentences around `spans`, each span wrapped in a <mark> with its class; all text escaped.

    Text before `body` (the article's date header and dateline) is left out unless a span reaches into it."""
    lo, hi, clip_lo, clip_hi = _window(text, min(s for s, _, _ in spans), max(e for _, e, _ in spans), body)
    cuts = sorted({lo, hi} | {min(max(p, lo), hi) for s, e, _ in spans for p in (s, e)})
    out = ["… " if clip_lo else ""]
    for a, b in pairwise(cuts):
        piece = html.escape(text[a:b])
        classes = " ".join(cls for s, e, cls in spans if s <= a and b <= e)
        out.append(f'<mark class="{classes}">{piece}</mark>' if classes else piece)
    out.append(" …" if clip_hi else "")
    return "".join(out)


def _window(text: str, lo: int, hi: int, body: int = 0) -> tuple[int, int, bool, bool]:
    """Widen [lo, hi) to whole sentences, at most CONTEXT_CHARS each way; flags say where text was cut."""
    first = body if body <= lo else 0
    floor = max(first, lo - CONTEXT_CHARS)
    start = None
    for match in _BOUNDARY.finditer(text, floor, lo):
        start = match.end()
    ceiling = min(len(text), hi + CONTEXT_CHARS)
    match = _BOUNDARY.search(text, hi, ceiling)
    end = match.start() + len(match.group().rstrip()) if match else None
    return (floor if start is None else start, ceiling if end is None else end,
            start is None and floor > first, end is None and ceiling < len(text))
