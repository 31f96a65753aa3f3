"""The report's charts as inline SVG: quotes per speaker (stacked by outlet or by quote type) and a timeline."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date, timedelta

from .values import (
    OTHER_OUTLETS,
    PALETTE,
    QUOTE_TYPE_ORDER,
    TOP_OUTLETS,
    TOP_SPEAKERS_CHART,
    TOP_SPEAKERS_TIMELINE,
    TYPE_COLORS,
    UNATTRIBUTED,
    Row,
    as_date,
    as_text,
    esc,
    outlet_of,
    ranked_speakers,
    short,
    speaker_of,
)


def charts_html(rows: list[Row], ledger: list[Row], by_speaker: dict[str, list[Row]]) -> str:
    speakers = [s for s in ranked_speakers(ledger, by_speaker) if s != UNATTRIBUTED][:TOP_SPEAKERS_CHART]
    n_all = len([s for s in by_speaker if s != UNATTRIBUTED])
    caption = f"top {len(speakers)} of {n_all} speakers" if n_all > len(speakers) else f"{n_all} speakers"
    if not speakers:
        chart = '<p class="muted">No attributed quotes.</p>'
        return f'<section id="charts"><h2>Quotes per speaker</h2><figure id="chart-speakers">{chart}</figure>' \
               f'{_timeline_html(rows)}</section>'
    outlets = Counter(outlet_of(r) for s in speakers for r in by_speaker[s])
    kept = [o for o, _ in sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_OUTLETS]]
    by_outlet = {s: Counter(outlet_of(r) if outlet_of(r) in kept else OTHER_OUTLETS for r in by_speaker[s])
                 for s in speakers}
    keys_outlet = kept + ([OTHER_OUTLETS] if len(outlets) > len(kept) else [])
    by_type = {s: Counter(as_text(r.get("quote_type")) or "unknown" for r in by_speaker[s]) for s in speakers}
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
                     f'<text x="{x + 17}" y="{y}">{esc(short(key, 24))}<title>{esc(key)}</title></text>')
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
                     f"{esc(short(speaker, 30))}<title>{esc(speaker)}</title></text>")
        for key in keys:
            n = counts[speaker][key]
            if not n:
                continue
            w = n / most * bar_w
            parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" '
                         f'fill="{colors[key]}"><title>{esc(speaker)} — {esc(key)}: {n}</title></rect>')
            x += w
        parts.append(f'<text class="val" x="{x + 5:.1f}" y="{y + 15}">{sum(counts[speaker].values())}</text>')
    height = top + len(speakers) * row_h + 8
    return (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="quotes per speaker {label}">'
            f'{"".join(parts)}</svg>')


def _timeline_html(rows: list[Row]) -> str:
    days = {d for d in (as_date(r.get("published")) for r in rows if as_text(r.get("speaker"))) if d}
    if not days:
        return ("<h2>Timeline</h2>"
                '<figure id="chart-timeline"><p class="muted">No publication dates known.</p></figure>')
    unit = _time_unit((max(days) - min(days)).days)
    dated: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        day = as_date(row.get("published"))
        if day and as_text(row.get("speaker")):
            dated[speaker_of(row)][_bin_start(day, unit)] += 1
    head = f'<h2>Timeline <span class="muted">(quotes per speaker per {unit} of publication)</span></h2>'
    speakers = sorted(dated, key=lambda s: (-sum(dated[s].values()), s))[:TOP_SPEAKERS_TIMELINE]
    n_undated = sum(1 for r in rows if as_text(r.get("speaker")) and not as_date(r.get("published")))
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
                     f"{esc(short(speaker, 30))}<title>{esc(speaker)}</title></text>")
        for day, n in sorted(dated[speaker].items()):
            r = 3 + 6 * math.sqrt(n / most)
            parts.append(f'<circle cx="{x_of(day):.1f}" cy="{y}" r="{r:.1f}" fill="{PALETTE[i % len(PALETTE)]}">'
                         f"<title>{esc(speaker)}, {_bin_label(day, unit)}: {n} quote{'s' if n > 1 else ''}</title>"
                         f"</circle>")
    height = bottom + 26
    return (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="timeline of quotes per speaker">'
            f'{"".join(parts)}</svg>')


def _ticks(lo: date, hi: date, most: int = 7) -> list[date]:
    span = (hi - lo).days
    step = max(1, math.ceil(span / (most - 1)))
    return [lo + timedelta(days=d) for d in range(0, span + 1, step)]
