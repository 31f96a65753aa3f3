"""The report's summary line, its paged ledger table and its wording variants (one block per statement)."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..records import Article, Quote
from ..wording import differing_spans, render
from .values import (
    NO_OUTLET,
    OPEN_UP_TO,
    PAGE_SIZE,
    QUOTE_TYPE_ORDER,
    UNATTRIBUTED,
    Row,
    anchor,
    as_int,
    as_text,
    esc,
    outlet_of,
    speaker_of,
)


def summary_html(summary: dict[str, Any], rows: list[Row], articles: Sequence[Article],
                  by_speaker: dict[str, list[Row]]) -> str:
    failures = [str(f) for f in summary.get("failures") or []]
    n_speakers = summary.get("speakers", len([s for s in by_speaker if s != UNATTRIBUTED]))
    parts = [f'<span><b data-k="{key}">{esc(value)}</b> {label}</span>' for key, value, label in (
        ("articles", summary.get("articles", len(articles)), "articles"),
        ("quotes", summary.get("quotes", len(rows)), "quotes"),
        ("speakers", n_speakers, "speakers"),
        ("failures", len(failures), "failures"),
    )]
    types = Counter(as_text(r.get("quote_type")) for r in rows)
    by_type = ", ".join(f"{types[t]} {t}" for t in QUOTE_TYPE_ORDER if types[t])
    parser = esc(summary.get("parser") or "unknown")
    out = [f'<p class="summary" id="summary">{" · ".join(parts)}'
           + (f' <span class="muted">({esc(by_type)})</span>' if by_type else "")
           + f' — parser <code id="parser">{parser}</code></p>',
           # This page holds every quote; past a few thousand articles a browsable database serves better.
           ('<p class="muted" id="serve-hint">For large corpora: <code>quotes add PATH... --db ledger.db</code>, '
            "then <code>quotes serve --db ledger.db</code> to search, facet and query every quote in a browser.</p>")]
    if failures:
        items = "".join(f"<li>{esc(f)}</li>" for f in failures)
        out.append(f'<details class="failures"><summary>{len(failures)} input{"s" if len(failures) != 1 else ""} '
                   'failed</summary>'
                   f"<ul>{items}</ul></details>")
    return "\n".join(out)


_LEDGER_HEAD = (
    ("speaker", "Speaker", False), ("speaker_type", "Type", False), ("roles", "Roles", False),
    ("n_quotes", "Quotes", True), ("n_direct", "Direct", True), ("n_indirect", "Indirect", True),
    ("n_mixed", "Mixed", True), ("n_statements", "Statements", True), ("n_articles", "Articles", True),
    ("n_sources", "Outlets", True), ("first_seen", "First seen", False), ("last_seen", "Last seen", False),
)

_NUM_ATTR = ' data-num="1"'


def ledger_html(ledger: list[Row], by_speaker: dict[str, list[Row]]) -> str:
    types = sorted({as_text(r.get("speaker_type")) for r in ledger} - {""})
    options = "".join(f'<option value="{esc(t)}">{esc(t)}</option>' for t in types)
    head = "".join(f'<th scope="col" data-col="{c}"{_NUM_ATTR if num else ""}>'
                   f'<button type="button">{label}</button></th>' for c, label, num in _LEDGER_HEAD)
    body = "\n".join(_ledger_row(r, by_speaker.get(as_text(r["speaker"]), [])) for r in ledger)
    return (
        '<section id="ledger-section"><h2>Speakers</h2>'
        '<div class="controls"><input type="search" id="ledger-filter" '
        'placeholder="Filter by speaker, alias, role or outlet" aria-label="filter speakers">'
        f'<select id="ledger-type" aria-label="speaker type"><option value="">all types</option>{options}</select>'
        '<span class="pager"><button type="button" id="ledger-prev">‹ previous</button>'
        '<span id="ledger-page" class="muted"></span>'
        '<button type="button" id="ledger-next">next ›</button></span></div>'
        f'<div class="table-wrap"><table id="ledger" data-page-size="{PAGE_SIZE}"><thead><tr>{head}</tr></thead>'
        f"<tbody>\n{body}\n</tbody></table></div></section>"
    )


def _ledger_row(row: Row, quotes: list[Row]) -> str:
    speaker = as_text(row["speaker"])
    outlets = sorted({outlet_of(q) for q in quotes} - {NO_OUTLET})
    aliases = as_text(row.get("aliases"))
    search = " ".join((speaker, aliases, as_text(row.get("roles")), " ".join(outlets))).lower()
    cells = []
    for col, _, num in _LEDGER_HEAD:
        value = as_text(row.get(col))
        if col == "speaker":
            title = f' title="aliases: {esc(aliases)}"' if aliases else ""
            content = f'<a href="#{anchor(speaker)}"{title}>{esc(speaker)}</a>'
        elif col == "n_sources" and outlets:
            names = ", ".join(outlets[:3]) + (f", +{len(outlets) - 3}" if len(outlets) > 3 else "")
            content = (f'{esc(as_int(value) or 0)} <span class="muted names" title="{esc("; ".join(outlets))}">'
                       f"{esc(names)}</span>")
        else:
            content = esc(as_int(value) if num and as_int(value) is not None else value)
        sort_key = f' data-v="{as_int(value) or 0}"' if num else ""
        cells.append(f'<td class="c-{col}"{sort_key}>{content}</td>')
    return (f'<tr data-speaker="{esc(speaker)}" data-type="{esc(row.get("speaker_type"))}" '
            f'data-search="{esc(search)}">{"".join(cells)}</tr>')


def variants_html(rows: list[Row]) -> str:
    """One block per statement rendered in more than one wording (`ledger.variants_frame`): its renderings side by
    side, reference first, the words that differ from the reference marked."""
    from ..ledger import variants_frame

    targets = {as_text(r.get("variant_of")) for r in rows} - {""}
    frame = variants_frame(_as_quote(r) for r in rows if as_text(r.get("wording")) or as_text(r.get("quote_id")) in targets)
    head = ('<section id="variants-section"><h2>Wording variants</h2>'
            '<p class="muted legend">How each outlet rendered the same statement, the reference first; '
            '<mark class="wd">marked</mark> words differ from the reference.</p>')
    if frame.empty:
        return f'{head}<p class="muted">No statement is reported in more than one wording.</p></section>'
    groups = [sub.to_dict("records") for _, sub in frame.groupby("statement", sort=False)]
    expand = len(frame) <= OPEN_UP_TO
    blocks = "\n".join(_variant_block(g, expand) for g in groups)
    return f'{head}<div id="variants">{blocks}</div></section>'


def _as_quote(row: Row) -> Quote:
    """The fields `variants_frame` reads, from a Quote-table row (its quote_id recomputes to the row's)."""
    return Quote(article_id=as_text(row.get("article_id")), quote_type=as_text(row.get("quote_type")),
                 text=as_text(row.get("text")), start=as_int(row.get("start")) or 0, end=as_int(row.get("end")) or 0,
                 speaker=as_text(row.get("speaker")), statement_id=as_text(row.get("statement_id")),
                 wording=as_text(row.get("wording")), wording_diff=as_text(row.get("wording_diff")),
                 variant_of=as_text(row.get("variant_of")), cluster_id=as_text(row.get("cluster_id")),
                 source=as_text(row.get("source")), published=as_text(row.get("published")))


def _variant_block(group: list[Row], expand: bool) -> str:
    reference = next((r for r in group if r["quote_id"] == r["reference"]), group[0])
    ref = render([as_text(reference["text"])], direct=as_text(reference["quote_type"]) == "direct")
    marks: dict[str, list[tuple[int, int]]] = {}
    ref_marks: list[tuple[int, int]] = []
    for row in group:
        if row is reference:
            continue
        in_ref, in_other = differing_spans(ref, render([as_text(row["text"])]))
        marks[as_text(row["quote_id"])] = in_other
        ref_marks.extend(in_ref)
    marks[as_text(reference["quote_id"])] = ref_marks
    outlets = sorted({outlet_of(r) for r in group} - {NO_OUTLET})
    speakers = sorted({speaker_of(r) for r in group})
    cells = "".join(_rendering_html(r, marks[as_text(r["quote_id"])], r is reference) for r in group)
    return (f'<details class="variant" data-statement="{esc(reference["statement"])}"{" open" if expand else ""}>'
            f'<summary><span class="name">{esc(", ".join(speakers))}</span> <span class="muted">'
            f'{len(group)} renderings{" — " + esc(", ".join(outlets)) if outlets else ""}</span></summary>'
            f'<div class="renderings">{cells}</div></details>')


def _rendering_html(row: Row, spans: list[tuple[int, int]], is_reference: bool) -> str:
    wording = as_text(row.get("wording"))  # empty on the rendering a linked variant varies: it is the reference
    bits = [f'<span class="badge w-{esc(wording)}">{esc(wording)}</span>'] if wording else []
    if is_reference:
        bits.append('<span class="ref">reference</span>')
    for value, cls in ((outlet_of(row), "outlet"), (as_text(row.get("published"))[:10], "date"),
                       (speaker_of(row), "speaker")):
        if value:
            bits.append(f'<span class="{cls}">{esc(value)}</span>')
    diff = as_text(row.get("wording_diff"))
    linked = " (a separate statement, linked)" if as_text(row.get("variant_of")) else ""
    note = f'<div class="muted diff">{esc(diff)}{linked}</div>' if diff else ""
    return (f'<div class="rendering" data-quote="{esc(row.get("quote_id"))}" data-wording="{esc(wording)}">'
            f'<div class="meta">{" ".join(bits)}</div>'
            f'<blockquote class="words">{_marked(as_text(row.get("text")), spans, is_reference)}</blockquote>'
            f"{note}</div>")


def _marked(text: str, spans: list[tuple[int, int]], is_reference: bool) -> str:
    """`text` escaped, each span in a <mark> (on the reference: the words some rendering changed)."""
    cls = "wd wd-ref" if is_reference else "wd"
    out, at = [], 0
    for start, end in sorted(set(spans)):
        start = max(start, at)
        if start >= end:
            continue
        out.append(html.escape(text[at:start]) + f'<mark class="{cls}">{html.escape(text[start:end])}</mark>')
        at = end
    return "".join(out) + html.escape(text[at:])
