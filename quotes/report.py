"""Self-contained HTML report (`quotes report`): summary, ledger table, charts and every quote in context.

One file an analyst can open offline: CSS, JavaScript and the SVG charts are inline, and a
Content-Security-Policy forbids every fetch and allows only the page's own script (by its hash), so nothing
from an article can run even if it slipped through. Every piece of input text goes through `html.escape`.
Large corpora stay usable: the ledger table pages in JavaScript, charts show the top speakers, and each
speaker's quotes sit in a collapsed `<details>`.
"""

from __future__ import annotations

import base64
import hashlib
import html
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import pandas as pd

from .records import ATTRIBUTION_KINDS, Article, Quote
from .text import body_start
from .wording import differing_spans, render

TOP_SPEAKERS_CHART = 25
TOP_SPEAKERS_TIMELINE = 15
TOP_OUTLETS = 8
PAGE_SIZE = 50
CONTEXT_CHARS = 320  # at most this much text shown on each side of a quote and its attribution
UNATTRIBUTED = "(unattributed)"
NO_OUTLET = "(no outlet)"
OTHER_OUTLETS = "other outlets"
OPEN_UP_TO = 60  # a report with at most this many quotes shows every speaker's quotes expanded
QUOTE_TYPE_ORDER = ("direct", "indirect", "mixed")
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#bab0ac")
TYPE_COLORS = {"direct": "#4e79a7", "indirect": "#f28e2b", "mixed": "#59a14f"}

Row = dict[str, Any]

# A sentence ends at . ! or ? (with any closing quotation marks) followed by space, or at a line break.
_BOUNDARY = re.compile(r"[.!?][\"”’')\]]*\s+|\n+")


def render_report(quotes_df: pd.DataFrame, ledger_df: pd.DataFrame, articles: Sequence[Article], *,
                  summary: dict[str, Any]) -> str:
    """The whole report as one HTML document (a str), with no external resources.

    `quotes_df` has the Quote record columns, `ledger_df` the Ledger record columns; `articles` hold the
    texts the quote offsets index; `summary` has `articles`, `quotes`, `speakers`, `failures` (list of
    str) and `parser`."""
    rows = _quote_rows(quotes_df)
    ledger = _ledger_rows(ledger_df)
    by_id = {a.article_id: a for a in articles}
    by_speaker = _group_by_speaker(rows)
    body = "\n".join((
        _summary_html(summary, rows, articles, by_speaker),
        _charts_html(rows, ledger, by_speaker),
        _ledger_html(ledger, by_speaker),
        _variants_html(rows),
        _speakers_html(ledger, by_speaker, by_id),
    ))
    return _page(body)


def write_report(html_text: str, path: str | os.PathLike[str]) -> None:
    """Write the report atomically: a temporary file beside `path`, then `os.replace` (`export.atomic_write`)."""
    from .export import atomic_write

    atomic_write(path, lambda fh: fh.write(html_text.encode("utf-8")))


def make_summary(articles: Sequence[Article], quotes_df: pd.DataFrame, failures: Iterable[object] = (),
                 parser: str = "") -> dict[str, Any]:
    """The `summary` argument of `render_report` from the run's articles, quotes, failures and parser."""
    speakers = {s for s in quotes_df.get("speaker", pd.Series(dtype=str)).map(_text) if s}
    return {"articles": len(articles), "quotes": len(quotes_df), "speakers": len(speakers),
            "failures": [str(f) for f in failures], "parser": parser}


# ---------------------------------------------------------------- values


def _text(value: Any) -> str:
    """A cell as text: "" for None / NaN / NA."""
    if value is None or isinstance(value, (list, tuple, dict)):
        return "" if value is None else str(value)
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def _int(value: Any) -> int | None:
    text = _text(value)
    if not text:
        return None
    try:
        return int(float(text))
    except ValueError:
        return None


def _esc(value: Any) -> str:
    return html.escape(_text(value), quote=True)


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(_text(value)[:10])
    except ValueError:
        return None


def _anchor(speaker: str) -> str:
    return "s-" + hashlib.sha1(speaker.encode("utf-8")).hexdigest()[:12]


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


# ---------------------------------------------------------------- data


def _quote_rows(quotes_df: pd.DataFrame) -> list[Row]:
    rows = quotes_df.to_dict("records") if len(quotes_df) else []
    return sorted(rows, key=lambda r: (_text(r.get("article_id")), _int(r.get("start")) or 0))


def _ledger_rows(ledger_df: pd.DataFrame) -> list[Row]:
    return [r for r in (ledger_df.to_dict("records") if len(ledger_df) else []) if _text(r.get("speaker"))]


def _speaker(row: Row) -> str:
    return _text(row.get("speaker")) or UNATTRIBUTED


def _outlet(row: Row) -> str:
    return _text(row.get("source")) or NO_OUTLET


def _group_by_speaker(rows: list[Row]) -> dict[str, list[Row]]:
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[_speaker(row)].append(row)
    return dict(groups)


def _ranked_speakers(ledger: list[Row], by_speaker: dict[str, list[Row]]) -> list[str]:
    """Ledger order (n_quotes descending, then name), then any speaker the ledger lacks, unattributed last."""
    order = [_text(r["speaker"]) for r in ledger if _text(r["speaker"]) in by_speaker]
    seen = set(order)
    rest = sorted((s for s in by_speaker if s not in seen and s != UNATTRIBUTED),
                  key=lambda s: (-len(by_speaker[s]), s))
    tail = [UNATTRIBUTED] if UNATTRIBUTED in by_speaker else []
    return order + rest + tail


# ---------------------------------------------------------------- summary


def _summary_html(summary: dict[str, Any], rows: list[Row], articles: Sequence[Article],
                  by_speaker: dict[str, list[Row]]) -> str:
    failures = [str(f) for f in summary.get("failures") or []]
    n_speakers = summary.get("speakers", len([s for s in by_speaker if s != UNATTRIBUTED]))
    parts = [f'<span><b data-k="{key}">{_esc(value)}</b> {label}</span>' for key, value, label in (
        ("articles", summary.get("articles", len(articles)), "articles"),
        ("quotes", summary.get("quotes", len(rows)), "quotes"),
        ("speakers", n_speakers, "speakers"),
        ("failures", len(failures), "failures"),
    )]
    types = Counter(_text(r.get("quote_type")) for r in rows)
    by_type = ", ".join(f"{types[t]} {t}" for t in QUOTE_TYPE_ORDER if types[t])
    parser = _esc(summary.get("parser") or "unknown")
    out = [f'<p class="summary" id="summary">{" · ".join(parts)}'
           + (f' <span class="muted">({_esc(by_type)})</span>' if by_type else "")
           + f' — parser <code id="parser">{parser}</code></p>',
           # This page holds every quote; past a few thousand articles a browsable database serves better.
           ('<p class="muted" id="serve-hint">For large corpora: <code>quotes add PATH... --db ledger.db</code>, '
            "then <code>quotes serve --db ledger.db</code> to search, facet and query every quote in a browser.</p>")]
    if failures:
        items = "".join(f"<li>{_esc(f)}</li>" for f in failures)
        out.append(f'<details class="failures"><summary>{len(failures)} input{"s" if len(failures) != 1 else ""} '
                   'failed</summary>'
                   f"<ul>{items}</ul></details>")
    return "\n".join(out)


# ---------------------------------------------------------------- charts


def _charts_html(rows: list[Row], ledger: list[Row], by_speaker: dict[str, list[Row]]) -> str:
    speakers = [s for s in _ranked_speakers(ledger, by_speaker) if s != UNATTRIBUTED][:TOP_SPEAKERS_CHART]
    n_all = len([s for s in by_speaker if s != UNATTRIBUTED])
    caption = f"top {len(speakers)} of {n_all} speakers" if n_all > len(speakers) else f"{n_all} speakers"
    if not speakers:
        chart = '<p class="muted">No attributed quotes.</p>'
        return f'<section id="charts"><h2>Quotes per speaker</h2><figure id="chart-speakers">{chart}</figure>' \
               f'{_timeline_html(rows)}</section>'
    outlets = Counter(_outlet(r) for s in speakers for r in by_speaker[s])
    kept = [o for o, _ in sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_OUTLETS]]
    by_outlet = {s: Counter(_outlet(r) if _outlet(r) in kept else OTHER_OUTLETS for r in by_speaker[s])
                 for s in speakers}
    keys_outlet = kept + ([OTHER_OUTLETS] if len(outlets) > len(kept) else [])
    by_type = {s: Counter(_text(r.get("quote_type")) or "unknown" for r in by_speaker[s]) for s in speakers}
    keys_type = [t for t in QUOTE_TYPE_ORDER if any(c[t] for c in by_type.values())]
    keys_type += sorted({t for c in by_type.values() for t in c} - set(keys_type))
    outlet_first = len(outlets) > 1
    svg_outlet = _bar_chart(speakers, by_outlet, keys_outlet, _colors(keys_outlet), "by outlet")
    svg_type = _bar_chart(speakers, by_type, keys_type, _colors(keys_type, TYPE_COLORS), "by quote type")
    views = (("outlet", svg_outlet, outlet_first), ("type", svg_type, not outlet_first))
    buttons = "".join(f'<button type="button" data-view="{v}" aria-pressed="{str(on).lower()}">by {v}</button>'
                      for v, _, on in views)
    panels = "".join(f'<div class="chart-view" data-view="{v}"{"" if on else " hidden"}>{svg}</div>'
                     for v, svg, on in views)
    return (f'<section id="charts"><h2>Quotes per speaker <span class="muted">({caption})</span></h2>'
            f'<figure id="chart-speakers"><div class="toggle" role="group" aria-label="stack bars">{buttons}</div>'
            f"{panels}</figure>{_timeline_html(rows)}</section>")


def _colors(keys: list[str], fixed: dict[str, str] | None = None) -> dict[str, str]:
    fixed = fixed or {}
    colors = {k: fixed.get(k, PALETTE[i % len(PALETTE)]) for i, k in enumerate(keys)}
    if OTHER_OUTLETS in colors:
        colors[OTHER_OUTLETS] = "#bab0ac"
    return colors


def _legend(keys: list[str], colors: dict[str, str], width: int) -> tuple[str, int]:
    per_row = max(1, (width - 20) // 175)
    items = []
    for i, key in enumerate(keys):
        x, y = 10 + (i % per_row) * 175, 14 + (i // per_row) * 18
        items.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colors[key]}"/>'
                     f'<text x="{x + 17}" y="{y}">{_esc(_short(key, 24))}<title>{_esc(key)}</title></text>')
    return "".join(items), 18 * math.ceil(len(keys) / per_row) + 10


def _bar_chart(speakers: list[str], counts: dict[str, Counter], keys: list[str], colors: dict[str, str],
               label: str) -> str:
    """Horizontal bars, one per speaker, stacked by `keys`."""
    width, label_w, bar_w, row_h = 900, 210, 620, 22
    legend, top = _legend(keys, colors, width)
    most = max(sum(counts[s].values()) for s in speakers) or 1
    parts = [legend]
    for i, speaker in enumerate(speakers):
        y, x = top + i * row_h, label_w
        parts.append(f'<text class="lbl" x="{label_w - 6}" y="{y + 15}" text-anchor="end">'
                     f"{_esc(_short(speaker, 30))}<title>{_esc(speaker)}</title></text>")
        for key in keys:
            n = counts[speaker][key]
            if not n:
                continue
            w = n / most * bar_w
            parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" '
                         f'fill="{colors[key]}"><title>{_esc(speaker)} — {_esc(key)}: {n}</title></rect>')
            x += w
        parts.append(f'<text class="val" x="{x + 5:.1f}" y="{y + 15}">{sum(counts[speaker].values())}</text>')
    height = top + len(speakers) * row_h + 8
    return (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="quotes per speaker {label}">'
            f'{"".join(parts)}</svg>')


def _timeline_html(rows: list[Row]) -> str:
    days = {d for d in (_date(r.get("published")) for r in rows if _text(r.get("speaker"))) if d}
    if not days:
        return ("<h2>Timeline</h2>"
                '<figure id="chart-timeline"><p class="muted">No publication dates known.</p></figure>')
    unit = _time_unit((max(days) - min(days)).days)
    dated: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        day = _date(row.get("published"))
        if day and _text(row.get("speaker")):
            dated[_speaker(row)][_bin_start(day, unit)] += 1
    head = f'<h2>Timeline <span class="muted">(quotes per speaker per {unit} of publication)</span></h2>'
    speakers = sorted(dated, key=lambda s: (-sum(dated[s].values()), s))[:TOP_SPEAKERS_TIMELINE]
    n_undated = sum(1 for r in rows if _text(r.get("speaker")) and not _date(r.get("published")))
    note = f'<p class="muted">{n_undated} quotes from undated articles are not shown.</p>' if n_undated else ""
    return f'{head}<figure id="chart-timeline">{_timeline_svg(speakers, dated, unit)}{note}</figure>'


def _time_unit(span_days: int) -> str:
    """Days for a few months of news, weeks up to three years, months beyond: dots stay apart."""
    return "day" if span_days <= 120 else "week" if span_days <= 3 * 366 else "month"


def _bin_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1) if unit == "month" else day


def _bin_label(day: date, unit: str) -> str:
    return {"day": day.isoformat(), "week": f"week of {day.isoformat()}", "month": day.isoformat()[:7]}[unit]


def _timeline_svg(speakers: list[str], dated: dict[str, Counter], unit: str) -> str:
    width, label_w, plot_w, row_h, top = 900, 210, 640, 24, 10
    days = [d for s in speakers for d in dated[s]]
    lo, hi = min(days), max(days)
    if lo == hi:
        lo, hi = lo - timedelta(days=1), hi + timedelta(days=1)
    span = (hi - lo).days
    most = max(n for s in speakers for n in dated[s].values())

    def x_of(day: date) -> float:
        return label_w + 12 + (day - lo).days / span * (plot_w - 24)

    bottom = top + len(speakers) * row_h
    parts = []
    for tick in _ticks(lo, hi):
        x = x_of(tick)
        parts.append(f'<line class="grid" x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}"/>'
                     f'<text class="tick" x="{x:.1f}" y="{bottom + 16}" text-anchor="middle">{tick.isoformat()}</text>')
    for i, speaker in enumerate(speakers):
        y = top + i * row_h + row_h / 2
        parts.append(f'<line class="row" x1="{label_w}" y1="{y}" x2="{label_w + plot_w}" y2="{y}"/>'
                     f'<text class="lbl" x="{label_w - 6}" y="{y + 4}" text-anchor="end">'
                     f"{_esc(_short(speaker, 30))}<title>{_esc(speaker)}</title></text>")
        for day, n in sorted(dated[speaker].items()):
            r = 3 + 6 * math.sqrt(n / most)
            parts.append(f'<circle cx="{x_of(day):.1f}" cy="{y}" r="{r:.1f}" fill="{PALETTE[i % len(PALETTE)]}">'
                         f"<title>{_esc(speaker)}, {_bin_label(day, unit)}: {n} quote{'s' if n > 1 else ''}</title>"
                         f"</circle>")
    height = bottom + 26
    return (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="timeline of quotes per speaker">'
            f'{"".join(parts)}</svg>')


def _ticks(lo: date, hi: date, most: int = 7) -> list[date]:
    span = (hi - lo).days
    step = max(1, math.ceil(span / (most - 1)))
    return [lo + timedelta(days=d) for d in range(0, span + 1, step)]


# ---------------------------------------------------------------- ledger table

_LEDGER_HEAD = (
    ("speaker", "Speaker", False), ("speaker_type", "Type", False), ("roles", "Roles", False),
    ("n_quotes", "Quotes", True), ("n_direct", "Direct", True), ("n_indirect", "Indirect", True),
    ("n_mixed", "Mixed", True), ("n_statements", "Statements", True), ("n_articles", "Articles", True),
    ("n_sources", "Outlets", True), ("first_seen", "First seen", False), ("last_seen", "Last seen", False),
)


_NUM_ATTR = ' data-num="1"'


def _ledger_html(ledger: list[Row], by_speaker: dict[str, list[Row]]) -> str:
    types = sorted({_text(r.get("speaker_type")) for r in ledger} - {""})
    options = "".join(f'<option value="{_esc(t)}">{_esc(t)}</option>' for t in types)
    head = "".join(f'<th scope="col" data-col="{c}"{_NUM_ATTR if num else ""}>'
                   f'<button type="button">{label}</button></th>' for c, label, num in _LEDGER_HEAD)
    body = "\n".join(_ledger_row(r, by_speaker.get(_text(r["speaker"]), [])) for r in ledger)
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
    speaker = _text(row["speaker"])
    outlets = sorted({_outlet(q) for q in quotes} - {NO_OUTLET})
    aliases = _text(row.get("aliases"))
    search = " ".join((speaker, aliases, _text(row.get("roles")), " ".join(outlets))).lower()
    cells = []
    for col, _, num in _LEDGER_HEAD:
        value = _text(row.get(col))
        if col == "speaker":
            title = f' title="aliases: {_esc(aliases)}"' if aliases else ""
            content = f'<a href="#{_anchor(speaker)}"{title}>{_esc(speaker)}</a>'
        elif col == "n_sources" and outlets:
            names = ", ".join(outlets[:3]) + (f", +{len(outlets) - 3}" if len(outlets) > 3 else "")
            content = (f'{_esc(_int(value) or 0)} <span class="muted names" title="{_esc("; ".join(outlets))}">'
                       f"{_esc(names)}</span>")
        else:
            content = _esc(_int(value) if num and _int(value) is not None else value)
        sort_key = f' data-v="{_int(value) or 0}"' if num else ""
        cells.append(f'<td class="c-{col}"{sort_key}>{content}</td>')
    return (f'<tr data-speaker="{_esc(speaker)}" data-type="{_esc(row.get("speaker_type"))}" '
            f'data-search="{_esc(search)}">{"".join(cells)}</tr>')


# ---------------------------------------------------------------- wording variants


def _variants_html(rows: list[Row]) -> str:
    """One block per statement rendered in more than one wording (`ledger.variants_frame`): its renderings side by
    side, reference first, the words that differ from the reference marked."""
    from .ledger import variants_frame

    targets = {_text(r.get("variant_of")) for r in rows} - {""}
    frame = variants_frame(_as_quote(r) for r in rows if _text(r.get("wording")) or _text(r.get("quote_id")) in targets)
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
    return Quote(article_id=_text(row.get("article_id")), quote_type=_text(row.get("quote_type")),
                 text=_text(row.get("text")), start=_int(row.get("start")) or 0, end=_int(row.get("end")) or 0,
                 speaker=_text(row.get("speaker")), statement_id=_text(row.get("statement_id")),
                 wording=_text(row.get("wording")), wording_diff=_text(row.get("wording_diff")),
                 variant_of=_text(row.get("variant_of")), cluster_id=_text(row.get("cluster_id")),
                 source=_text(row.get("source")), published=_text(row.get("published")))


def _variant_block(group: list[Row], expand: bool) -> str:
    reference = next((r for r in group if r["quote_id"] == r["reference"]), group[0])
    ref = render([_text(reference["text"])], direct=_text(reference["quote_type"]) == "direct")
    marks: dict[str, list[tuple[int, int]]] = {}
    ref_marks: list[tuple[int, int]] = []
    for row in group:
        if row is reference:
            continue
        in_ref, in_other = differing_spans(ref, render([_text(row["text"])]))
        marks[_text(row["quote_id"])] = in_other
        ref_marks.extend(in_ref)
    marks[_text(reference["quote_id"])] = ref_marks
    outlets = sorted({_outlet(r) for r in group} - {NO_OUTLET})
    speakers = sorted({_speaker(r) for r in group})
    cells = "".join(_rendering_html(r, marks[_text(r["quote_id"])], r is reference) for r in group)
    return (f'<details class="variant" data-statement="{_esc(reference["statement"])}"{" open" if expand else ""}>'
            f'<summary><span class="name">{_esc(", ".join(speakers))}</span> <span class="muted">'
            f'{len(group)} renderings{" — " + _esc(", ".join(outlets)) if outlets else ""}</span></summary>'
            f'<div class="renderings">{cells}</div></details>')


def _rendering_html(row: Row, spans: list[tuple[int, int]], is_reference: bool) -> str:
    wording = _text(row.get("wording"))  # empty on the rendering a linked variant varies: it is the reference
    bits = [f'<span class="badge w-{_esc(wording)}">{_esc(wording)}</span>'] if wording else []
    if is_reference:
        bits.append('<span class="ref">reference</span>')
    for value, cls in ((_outlet(row), "outlet"), (_text(row.get("published"))[:10], "date"),
                       (_speaker(row), "speaker")):
        if value:
            bits.append(f'<span class="{cls}">{_esc(value)}</span>')
    diff = _text(row.get("wording_diff"))
    linked = " (a separate statement, linked)" if _text(row.get("variant_of")) else ""
    note = f'<div class="muted diff">{_esc(diff)}{linked}</div>' if diff else ""
    return (f'<div class="rendering" data-quote="{_esc(row.get("quote_id"))}" data-wording="{_esc(wording)}">'
            f'<div class="meta">{" ".join(bits)}</div>'
            f'<blockquote class="words">{_marked(_text(row.get("text")), spans, is_reference)}</blockquote>'
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


# ---------------------------------------------------------------- quotes per speaker


def _speakers_html(ledger: list[Row], by_speaker: dict[str, list[Row]], by_id: dict[str, Article]) -> str:
    info = {_text(r["speaker"]): r for r in ledger}
    expand = sum(len(q) for q in by_speaker.values()) <= OPEN_UP_TO
    sections = "\n".join(_speaker_section(s, by_speaker[s], info.get(s, {}), by_id, expand)
                         for s in _ranked_speakers(ledger, by_speaker))
    kinds = sorted({_kind(q) for rows in by_speaker.values() for q in rows}, key=ATTRIBUTION_KINDS.index)
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
    n_articles = len({_text(q.get("article_id")) for q in quotes})
    kind = _text(info.get("speaker_type")) or _text(quotes[0].get("speaker_type"))
    roles = _text(info.get("roles")) or "; ".join(sorted({_text(q.get("speaker_role")) for q in quotes} - {""}))
    meta = " · ".join(x for x in (kind, roles) if x)
    items = "\n".join(_cluster_html(group, by_id) for group in _clusters(quotes))
    return (f'<details class="speaker" id="{_anchor(speaker)}" data-speaker="{_esc(speaker)}"'
            f'{" open" if expand else ""}>'
            f'<summary><span class="name">{_esc(speaker)}</span> <span class="muted">{_esc(meta)}</span> '
            f'<span class="count">{len(quotes)} quote{"s" if len(quotes) != 1 else ""} in {n_articles} '
            f'article{"s" if n_articles != 1 else ""}</span></summary>'
            f'<ol class="quotes">\n{items}\n</ol></details>')


def _chrono(row: Row) -> tuple[str, str, int]:
    return (_text(row.get("published"))[:10] or "9999", _text(row.get("article_id")), _int(row.get("start")) or 0)


def _clusters(quotes: list[Row]) -> list[list[Row]]:
    """Quotes grouped by `cluster_id` (a quote without one stands alone), in order of first appearance."""
    groups: dict[str, list[Row]] = {}
    for i, row in enumerate(quotes):
        groups.setdefault(_text(row.get("cluster_id")) or f"\x00{i}", []).append(row)
    return list(groups.values())


def _cluster_html(group: list[Row], by_id: dict[str, Article]) -> str:
    if len(group) == 1:
        return _quote_html(group[0], by_id)
    n_articles = len({_text(q.get("article_id")) for q in group})
    outlets = sorted({_outlet(q) for q in group} - {NO_OUTLET})
    where = f" — {_esc(', '.join(outlets))}" if outlets else ""
    items = "\n".join(_quote_html(q, by_id) for q in group)
    return (f'<li class="cluster" data-cluster="{_esc(group[0].get("cluster_id"))}"><div class="cluster-head">'
            f"Same statement reported {len(group)} times in {n_articles} article{'s' if n_articles != 1 else ''}"
            f'{where}</div><ol class="quotes">{items}</ol></li>')


def _quote_html(row: Row, by_id: dict[str, Article]) -> str:
    kind = _text(row.get("quote_type")) or "unknown"
    article = by_id.get(_text(row.get("article_id")))
    title = _text(row.get("title")) or (article.title if article else "") or _text(row.get("article_id"))
    url = _text(row.get("url")) or (article.url if article else "")
    name = _esc(title)
    if url.lower().startswith(("http://", "https://")):
        name = f'<a href="{_esc(url)}" rel="noopener noreferrer">{name}</a>'
    bits = [f'<span class="badge t-{_esc(kind)}">{_esc(kind)}</span>', f'<span class="art">{name}</span>']
    if _kind(row) != "speech":
        bits.insert(1, f'<span class="badge k-{_esc(_kind(row))}">{_esc(_kind(row))}</span>')
    for value, cls in ((_outlet(row) if _text(row.get("source")) else "", "outlet"),
                       (_text(row.get("published"))[:10], "date")):
        if value:
            bits.append(f'<span class="{cls}">{_esc(value)}</span>')
    extras = [f"{label} {_esc(row.get(col))}" for col, label in (("cue", "cue:"), ("via", "via"),
                                                                 ("cited_source", "citing"))
              if _text(row.get(col))]
    if extras:
        bits.append(f'<span class="muted">{" · ".join(extras)}</span>')
    return (f'<li class="quote" data-quote="{_esc(row.get("quote_id"))}" data-kind="{_esc(_kind(row))}">'
            f'<div class="meta">{" ".join(bits)}</div>'
            f'<blockquote class="ctx">{_context_html(row, article)}</blockquote></li>')


def _kind(row: Row) -> str:
    kind = _text(row.get("attribution")) or "speech"
    return kind if kind in ATTRIBUTION_KINDS else "speech"


# ---------------------------------------------------------------- context with highlights


def _context_html(row: Row, article: Article | None) -> str:
    text = _text(row.get("text"))
    start, end = _int(row.get("start")), _int(row.get("end"))
    if article is None or start is None or end is None or article.text[start:end] != text:
        return _fallback_context(row, text)
    spans = [(start, end, "hl-content")]
    for prefix, cls in (("cue", "hl-cue"), ("speaker", "hl-speaker")):
        s, e = _int(row.get(f"{prefix}_start")), _int(row.get(f"{prefix}_end"))
        if s is not None and e is not None and 0 <= s < e <= len(article.text):
            spans.append((s, e, cls))
    return _highlight(article.text, spans, body_start(article.text))


def _fallback_context(row: Row, text: str) -> str:
    """No article text to index (or offsets do not match it): the record's context, content highlighted."""
    context = _text(row.get("context")) or text
    at = context.find(text) if text else -1
    if at < 0:
        return html.escape(context)
    return _highlight(context, [(at, at + len(text), "hl-content")])


def _highlight(text: str, spans: list[tuple[int, int, str]], body: int = 0) -> str:
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


# ---------------------------------------------------------------- page

_CSS = """
:root{--fg:#1d1d1f;--muted:#666;--line:#ddd;--bg:#fff;--accent:#2f5d8a}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);
margin:0 auto;max-width:1200px;padding:1.2rem 1.5rem 4rem}
h1{font-size:1.5rem;margin:.2rem 0 .4rem}h2{font-size:1.15rem;margin:2rem 0 .6rem;
border-bottom:1px solid var(--line);padding-bottom:.2rem}
.muted{color:var(--muted);font-weight:normal}
.summary{font-size:1.05rem;margin:.3rem 0}.summary b{font-size:1.15rem}
code{background:#f3f3f3;padding:0 .3em;border-radius:3px}
figure{margin:0;overflow-x:auto}
svg.chart{max-width:100%;height:auto;font-size:12px;font-family:inherit}
svg text{fill:var(--fg)}svg .val,svg .tick{fill:var(--muted)}
svg line.grid{stroke:#eee}svg line.row{stroke:#f3f3f3}svg circle{fill-opacity:.8}
.toggle button[aria-pressed=true]{background:var(--accent);color:#fff;border-color:var(--accent)}
button{font:inherit;font-size:.85rem;padding:.15rem .6rem;border:1px solid #bbb;background:#f7f7f7;
border-radius:4px;cursor:pointer;margin-right:.3rem}button:disabled{opacity:.4;cursor:default}
.controls{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.4rem 0}
input[type=search],select{font:inherit;padding:.2rem .4rem;border:1px solid #bbb;border-radius:4px}
input[type=search]{min-width:18rem}.pager{margin-left:auto}.pager span{margin:0 .5rem}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{padding:.25rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th button{all:unset;cursor:pointer;font-weight:600}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
td[data-v]{text-align:right;font-variant-numeric:tabular-nums}td.c-n_sources{text-align:left}
td.c-first_seen,td.c-last_seen{white-space:nowrap}
.names{font-size:.8rem}
tbody tr:hover{background:#f6f9fc}
details.speaker{border:1px solid var(--line);border-radius:6px;margin:.4rem 0;padding:.3rem .7rem;
content-visibility:auto;contain-intrinsic-size:auto 2.2rem}
details.speaker>summary{cursor:pointer}details.speaker .name{font-weight:600}
details.speaker .count{float:right;color:var(--muted)}
ol.quotes{list-style:none;padding:0;margin:.3rem 0}
li.quote{margin:.5rem 0;padding-left:.6rem;border-left:3px solid var(--line)}
li.cluster{margin:.6rem 0;padding:.3rem .6rem;background:#fafafa;border-radius:6px}
.cluster-head{font-size:.85rem;color:var(--accent);font-weight:600}
.meta{font-size:.85rem;color:var(--muted)}.meta>span+span::before{content:"· ";color:#aaa}
.badge{display:inline-block;padding:0 .4em;border-radius:3px;color:#fff;font-size:.75rem;background:#888}
.t-direct{background:#4e79a7}.t-indirect{background:#d9761c}.t-mixed{background:#3f8a3a}
.k-attitude{background:#8a5a9e}.k-evidence{background:#5a7d8a}
blockquote.ctx{margin:.2rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
mark{padding:0 .05em;border-radius:2px}
mark.hl-content{background:#fff1a8}mark.hl-cue{background:#c8ecc4;text-decoration:underline}
mark.hl-speaker{background:#cfe3ff;font-weight:600}
.failures{margin:.3rem 0;color:#8a1c1c}
details.variant{border:1px solid var(--line);border-radius:6px;margin:.4rem 0;padding:.3rem .7rem}
details.variant>summary{cursor:pointer}details.variant .name{font-weight:600}
.renderings{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(16rem,100%),1fr));gap:.6rem;margin:.4rem 0}
.rendering{border-left:3px solid var(--line);padding-left:.6rem;min-width:0}
.rendering[data-wording=altered]{border-left-color:#c0392b}.rendering .ref{font-weight:600;color:var(--accent)}
blockquote.words{margin:.2rem 0;overflow-wrap:anywhere}.diff{font-size:.85rem}
mark.wd{background:#ffd0c8}mark.wd-ref{background:#e4e4e4}
.w-identical,.w-orthographic{background:#6b8e6b}.w-abridged,.w-paraphrase{background:#b08a2e}
.w-altered{background:#c0392b}
/* phone-width screens: charts keep their drawn size and scroll sideways (shrunk to fit, their labels would be
unreadable); the ledger keeps the columns that tell who is quoted how widely, so it fits without scrolling */
@media (max-width:40rem){
body{padding:.8rem .6rem 3rem;overflow-wrap:anywhere}
input[type=search]{min-width:0;flex:1 1 100%}.pager{margin-left:0}
svg.chart{max-width:none}
th:is([data-col=roles],[data-col=n_direct],[data-col=n_indirect],[data-col=n_mixed],[data-col=n_statements],
[data-col=first_seen]),td:is(.c-roles,.c-n_direct,.c-n_indirect,.c-n_mixed,.c-n_statements,.c-first_seen),
td .names{display:none}
th,td{padding:.25rem .3rem}
}
"""

_JS = """
(function () {
  "use strict";
  function $(id) { return document.getElementById(id); }

  function setupLedger() {
    var table = $("ledger");
    if (!table) { return; }
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var filter = $("ledger-filter"), type = $("ledger-type"), info = $("ledger-page");
    var prev = $("ledger-prev"), next = $("ledger-next");
    var size = parseInt(table.getAttribute("data-page-size"), 10) || 50;
    var page = 0, sortCol = -1, sortDir = 1;

    function apply() {
      var q = filter.value.trim().toLowerCase(), t = type.value;
      var matched = rows.filter(function (r) {
        return (!t || r.getAttribute("data-type") === t) &&
          (!q || r.getAttribute("data-search").indexOf(q) >= 0);
      });
      var pages = Math.max(1, Math.ceil(matched.length / size));
      if (page >= pages) { page = pages - 1; }
      rows.forEach(function (r) { r.hidden = true; });
      matched.slice(page * size, (page + 1) * size).forEach(function (r) { r.hidden = false; });
      info.textContent = matched.length ? (page * size + 1) + "–" + Math.min(matched.length, (page + 1) * size) +
        " of " + matched.length + " speakers" : "no matching speakers";
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
    }

    function value(row, i) {
      var cell = row.cells[i];
      return cell.hasAttribute("data-v") ? parseFloat(cell.getAttribute("data-v")) : cell.textContent.trim();
    }

    function sortBy(i) {
      var numeric = heads[i].hasAttribute("data-num");
      sortDir = sortCol === i ? -sortDir : (numeric ? -1 : 1);
      sortCol = i;
      rows.sort(function (a, b) {
        var x = value(a, i), y = value(b, i);
        return (numeric ? x - y : String(x).localeCompare(String(y))) * sortDir;
      });
      rows.forEach(function (r) { tbody.appendChild(r); });
      heads.forEach(function (h, j) {
        if (j === i) { h.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending"); }
        else { h.removeAttribute("aria-sort"); }
      });
      page = 0;
      apply();
    }

    heads.forEach(function (h, i) { h.querySelector("button").addEventListener("click", function () { sortBy(i); }); });
    filter.addEventListener("input", function () { page = 0; apply(); });
    type.addEventListener("change", function () { page = 0; apply(); });
    prev.addEventListener("click", function () { page -= 1; apply(); });
    next.addEventListener("click", function () { page += 1; apply(); });
    apply();
  }

  function setupChart() {
    var buttons = document.querySelectorAll("#chart-speakers button[data-view]");
    var views = document.querySelectorAll("#chart-speakers .chart-view");
    Array.prototype.forEach.call(buttons, function (b) {
      b.addEventListener("click", function () {
        var v = b.getAttribute("data-view");
        Array.prototype.forEach.call(views, function (el) { el.hidden = el.getAttribute("data-view") !== v; });
        Array.prototype.forEach.call(buttons, function (o) { o.setAttribute("aria-pressed", String(o === b)); });
      });
    });
  }

  function setupSpeakers() {
    var sections = Array.prototype.slice.call(document.querySelectorAll("details.speaker"));
    var filter = $("speaker-filter");
    if (filter) {
      filter.addEventListener("input", function () {
        var q = filter.value.trim().toLowerCase();
        sections.forEach(function (d) {
          d.hidden = !!q && d.getAttribute("data-speaker").toLowerCase().indexOf(q) < 0;
        });
      });
    }
    var kind = $("kind-filter");
    if (kind) {
      kind.addEventListener("change", function () {
        var k = kind.value;
        Array.prototype.forEach.call(document.querySelectorAll("li.quote"), function (li) {
          li.hidden = !!k && li.getAttribute("data-kind") !== k;
        });
      });
    }
    function setAll(open) { sections.forEach(function (d) { if (!d.hidden) { d.open = open; } }); }
    if ($("expand-all")) { $("expand-all").addEventListener("click", function () { setAll(true); }); }
    if ($("collapse-all")) { $("collapse-all").addEventListener("click", function () { setAll(false); }); }
    function openTarget() {
      var el = location.hash.length > 1 ? $(location.hash.slice(1)) : null;
      if (el && el.tagName === "DETAILS") { el.open = true; el.scrollIntoView(); }
    }
    window.addEventListener("hashchange", openTarget);
    openTarget();
  }

  setupLedger();
  setupChart();
  setupSpeakers();
  document.documentElement.setAttribute("data-ready", "1");
}());
"""


def _csp() -> str:
    digest = base64.b64encode(hashlib.sha256(_JS.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def _page(body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{_csp()}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Quotes report</title>"
        f"<style>{_CSS}</style></head>\n<body>\n<h1>Quotes report</h1>\n{body}\n<script>{_JS}</script>\n"
        "</body></html>\n"
    )
