"""Wording drift per statement: each record's `wording`, `wording_diff` and `variant_of` against its statement's
reference rendering (quotes.wording compares two renderings; its docstring defines the classes and the reference)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .records import Quote
from .wording import Drift, Rendering, compare, render

__all__ = ["assign_wording", "link_variant", "statement_wording"]


def _rendering_of(records: Sequence[Quote]) -> Rendering:
    ordered = sorted(records, key=lambda q: (q.article_id, q.start, q.end))
    return render([q.text for q in ordered], direct=all(q.quote_type == "direct" for q in ordered))


LENGTH_SLACK = 2  # renderings within this many words of the longest count as long (hyphenation splits words)


def _reference_key(records: Sequence[Quote], rendering: Rendering, longest: int) -> tuple:
    published = min((q.published for q in records if q.published), default="9999-99-99")
    long_enough = len(rendering.tokens) >= longest - LENGTH_SLACK
    return (not rendering.direct, not long_enough, published, -len(rendering.tokens), min(q.quote_id for q in records))


def _longest(renderings: Iterable[Rendering]) -> int:
    renderings = list(renderings)
    direct = [len(r.tokens) for r in renderings if r.direct]
    return max(direct or [len(r.tokens) for r in renderings] or [0])


def statement_wording(records: Iterable[Quote]) -> dict[str, Drift]:
    """`Drift` by `quote_id` for the records of one statement (one cluster); {} when it has one rendering."""
    by_statement: dict[str, list[Quote]] = {}
    for q in records:
        by_statement.setdefault(q.statement_id or q.quote_id, []).append(q)
    if len(by_statement) < 2:
        return {}
    renderings = {sid: _rendering_of(group) for sid, group in by_statement.items()}
    longest = _longest(renderings.values())
    ref_sid = min(by_statement, key=lambda sid: _reference_key(by_statement[sid], renderings[sid], longest))
    ref = renderings[ref_sid]
    drift: dict[str, Drift] = {}
    classes: set[str] = set()
    for sid, group in by_statement.items():
        if sid == ref_sid:
            continue
        found = compare(ref, renderings[sid])
        classes.add(found.wording)
        drift.update((q.quote_id, found) for q in group)
    own = "orthographic" if "orthographic" in classes and "identical" not in classes else "identical"
    drift.update((q.quote_id, Drift(own)) for q in by_statement[ref_sid])
    return drift


def link_variant(side_a: Sequence[Quote], side_b: Sequence[Quote]) -> dict[str, Drift]:
    """Two near-identical direct renderings of one speaker kept apart by clustering (each side: records with the
    same words): `Drift` (altered, diff, variant_of) for the side that is not the reference; {} when either side
    is not a direct quotation or the words do not differ in meaning."""
    if not side_a or not side_b or any(q.quote_type != "direct" for q in (*side_a, *side_b)):
        return {}
    ra, rb = _rendering_of(side_a[:1]), _rendering_of(side_b[:1])
    longest = _longest((ra, rb))
    if _reference_key(side_a, ra, longest) > _reference_key(side_b, rb, longest):
        side_a, side_b, ra, rb = side_b, side_a, rb, ra
    found = compare(ra, rb)
    if found.wording != "altered":
        return {}
    ref_id = min(q.quote_id for q in side_a)
    return {q.quote_id: Drift("altered", found.diff, ref_id) for q in side_b}


def assign_wording(quotes: list[Quote], variants: Iterable[tuple[Sequence[int], Sequence[int]]] = ()) -> list[Quote]:
    """`quotes` (same order) with `wording`, `wording_diff` and `variant_of` set; `variants`: pairs of index
    lists into `quotes` (records with the same words) that clustering kept apart (`Clusters.variants`)."""
    by_cluster: dict[str, list[Quote]] = {}
    for q in quotes:
        by_cluster.setdefault(q.cluster_id or q.quote_id, []).append(q)
    drift: dict[str, Drift] = {}
    for records in by_cluster.values():
        if len(records) > 1:
            drift.update(statement_wording(records))
    linked: set[str] = set()
    for side_a, side_b in sorted(variants, key=lambda p: sorted(quotes[i].quote_id for i in (*p[0], *p[1]))):
        for qid, found in link_variant([quotes[i] for i in side_a], [quotes[i] for i in side_b]).items():
            if qid not in linked:
                drift[qid] = found
                linked.add(qid)
    return [q.evolve(wording=d.wording, wording_diff=d.diff, variant_of=d.variant_of) if (d := drift.get(q.quote_id))
            else q for q in quotes]
