"""The per-speaker ledger: quote records as a DataFrame, one row per canonical speaker, filters and sorting.

`quotes_frame` turns Quote records into the Quote table of CONTRACT.md (columns `QUOTE_COLUMNS`, rows ordered by
`article_id`, `start`); `build_ledger` aggregates it into the Ledger table (`LEDGER_COLUMNS`, ordered by
`n_quotes` descending, then `speaker`; a speaker's type is its most common known type, ties alphabetical).
Missing values are `pd.NA`; offsets are nullable integers. The filters select rows of a finished table, so they
never change a canonical name or a `cluster_id`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping

from quotes.errors import AmbiguousSpeaker, QuotesError
from quotes.lazy import lazy_module
from quotes.records import LEDGER_COLUMNS, QUOTE_COLUMNS, SPEAKER_COLUMNS, Quote
from quotes.table import FLOAT_COLUMNS, INT_COLUMNS, Rows, quote_rows

pd = lazy_module("pandas")  # imported when a table is made: `quotes extract` to csv or jsonl never needs it
TEXT_COLUMNS = tuple(c for c in QUOTE_COLUMNS if c not in INT_COLUMNS + FLOAT_COLUMNS)
KIND_COLUMNS = ("n_attitude", "n_evidence")  # in the ledger of runs that include those attributions
LEDGER_COUNT_COLUMNS = ("n_quotes", "n_direct", "n_indirect", "n_mixed", "n_statements", "n_altered", "n_articles",
                        "n_sources")
ALIAS_SEPARATOR = "; "
UNKNOWABLE_COUNTS = ("n_sources",)  # missing (not 0) when no record names an outlet


def quotes_frame(quotes: Iterable[Quote], ordered: bool = True) -> pd.DataFrame:
    """The Quote table: one row per record, `QUOTE_COLUMNS`, sorted by article_id, start, end, quote_id (or in the
    order given, when not `ordered`)."""
    rows = [q.to_row() for q in quotes]
    df = pd.DataFrame(rows, columns=list(QUOTE_COLUMNS))
    df = _typed(df)
    if not ordered:
        return df
    return df.sort_values(["article_id", "start", "end", "quote_id"], kind="mergesort", na_position="last",
                          ignore_index=True)


CHUNK_ROWS = 5000


def quote_chunks(quotes: Iterable[Quote], size: int = CHUNK_ROWS) -> Iterator[Rows]:
    """The Quote table of a long stream of records, as consecutive tables of at most `size` rows (`Rows`: what
    `quotes_frame(..., ordered=False)` holds, without pandas), in the order given (for `export.write_chunks`).
    Yields one empty table when there are no records."""
    batch: list[Quote] = []
    sent = False
    for q in quotes:
        batch.append(q)
        if len(batch) >= size:
            yield quote_rows(batch)
            batch, sent = [], True
    if batch or not sent:
        yield quote_rows(batch)


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """Nullable dtypes: empty strings become missing, offsets Int64, confidence Float64."""
    out = {}
    for col in df.columns:
        if col in INT_COLUMNS:
            out[col] = pd.array(df[col].tolist(), dtype="Int64")
        elif col in FLOAT_COLUMNS:
            out[col] = pd.array(df[col].tolist(), dtype="Float64")
        else:
            out[col] = pd.array([_text(v) for v in df[col].tolist()], dtype="string")
    return pd.DataFrame(out, columns=list(df.columns))


def _text(value: object) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    value = str(value)
    return value or None


def _present(value: object) -> bool:
    return _text(value) is not None


def build_ledger(df: pd.DataFrame, kinds: bool | None = None) -> pd.DataFrame:
    """One row per canonical speaker (records with no speaker are left out), `LEDGER_COLUMNS`; with `kinds`, also
    `n_attitude` and `n_evidence` (`KIND_COLUMNS`), for runs that include those attributions (None: when any
    record is not speech)."""
    if kinds is None:
        kinds = bool((df["attribution"].fillna("speech") != "speech").any()) if "attribution" in df.columns else False
    named = df[pd.Series([_present(s) for s in df["speaker"]], index=df.index, dtype=bool)]
    columns = [c for c in LEDGER_INPUTS if c in named.columns]  # `wording` is missing from older tables
    groups = ((str(speaker), {c: group[c].tolist() for c in columns})
              for speaker, group in named.groupby(named["speaker"].astype(str), sort=True))
    return ledger_frame((_ledger_row(speaker, cols) for speaker, cols in groups), kinds=kinds)


def ledger_from_records(records: Iterable[Mapping[str, object]], kinds: bool = False) -> pd.DataFrame:
    """The ledger of quote records (mappings with the Quote table's columns) that come grouped by speaker, as
    `Spill.quotes_by_speaker` gives them: one speaker's records in memory at a time."""
    def groups() -> Iterator[tuple[str, dict[str, list]]]:
        current: str | None = None
        cols: dict[str, list] = {}
        for row in records:
            speaker = _text(row["speaker"])
            if speaker is None:
                continue
            if speaker != current:
                if current is not None:
                    yield current, cols
                current, cols = speaker, {c: [] for c in LEDGER_INPUTS}
            for c in LEDGER_INPUTS:
                cols[c].append(row[c])
        if current is not None:
            yield current, cols

    return ledger_frame((_ledger_row(speaker, cols) for speaker, cols in groups()), kinds=kinds)


def ledger_columns(kinds: bool = False) -> list[str]:
    """The Ledger table's columns; with `kinds`, the counts of attitude and evidence records after `n_mixed`."""
    cols = list(LEDGER_COLUMNS)
    if kinds:
        at = cols.index("n_mixed") + 1
        cols[at:at] = list(KIND_COLUMNS)
    return cols


def ledger_frame(rows: Iterable[dict[str, object]], kinds: bool = False) -> pd.DataFrame:
    """Ledger rows as the Ledger table: typed columns, ordered by `n_quotes` descending, then `speaker`."""
    ledger = pd.DataFrame(list(rows), columns=ledger_columns(kinds))
    for col in LEDGER_COUNT_COLUMNS + (KIND_COLUMNS if kinds else ()):
        ledger[col] = ledger[col].astype("Int64" if col in UNKNOWABLE_COUNTS else "int64")
    for col in ("speaker", "speaker_type", "speaker_id", "first_seen", "last_seen", "aliases", "roles"):
        ledger[col] = pd.array([_text(v) for v in ledger[col].tolist()], dtype="string")
    return ledger.sort_values(["n_quotes", "speaker"], ascending=[False, True], kind="mergesort", ignore_index=True)


# The Quote table's columns a ledger row is made of.
LEDGER_INPUTS = ("quote_type", "published", "cluster_id", "quote_id", "speaker_type", "speaker_id", "article_id",
                 "source", "speaker_mention", "speaker_role", "attribution", "wording")


def _ledger_row(speaker: str, group: dict[str, list]) -> dict[str, object]:
    types = Counter(str(t) for t in group["quote_type"] if _present(t))
    kinds = Counter(str(k) for k in group["attribution"] if _present(k))
    dates = sorted(str(d)[:10] for d in group["published"] if _present(d))
    clusters = {
        str(c) if _present(c) else str(q) for c, q in zip(group["cluster_id"], group["quote_id"], strict=True)
    }
    return {
        "speaker": speaker,
        "speaker_type": _speaker_type(group["speaker_type"]),
        "speaker_id": _most_common(group["speaker_id"]),
        "n_quotes": len(group["quote_type"]),
        "n_direct": types["direct"],
        "n_indirect": types["indirect"],
        "n_mixed": types["mixed"],
        "n_attitude": kinds["attitude"],
        "n_evidence": kinds["evidence"],
        "n_statements": len(clusters),
        "n_altered": sum(str(w) == "altered" for w in group.get("wording", ()) if _present(w)),
        "n_articles": len(_distinct(group["article_id"])),
        "n_sources": len(_distinct(group["source"])) or None,  # no outlet known: unknown, not zero
        "first_seen": dates[0] if dates else None,
        "last_seen": dates[-1] if dates else None,
        "aliases": ALIAS_SEPARATOR.join(_distinct(group["speaker_mention"])) or None,
        "roles": ALIAS_SEPARATOR.join(_distinct(group["speaker_role"])) or None,
    }


def _distinct(values: Iterable[object]) -> list[str]:
    """Distinct non-empty values, sorted case-insensitively (ties by exact string) for determinism."""
    return sorted({str(v) for v in values if _present(v)}, key=lambda s: (s.casefold(), s))


def _most_common(values: Iterable[object]) -> str | None:
    """The most frequent non-empty value; ties go to the alphabetically first."""
    counts = Counter(str(v) for v in values if _present(v))
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


def _speaker_type(values: Iterable[object]) -> str | None:
    """The most common type; "unknown" only when no record of the speaker has a known type."""
    known = [v for v in values if _present(v) and str(v) != "unknown"]
    return _most_common(known) or _most_common(values)


def speakers_table(df: pd.DataFrame) -> pd.DataFrame:
    """The canonical speakers (`SPEAKER_COLUMNS`) from a Quote table or a ledger."""
    ledger = df if "n_quotes" in df.columns else build_ledger(df)
    return ledger.loc[:, list(SPEAKER_COLUMNS)].reset_index(drop=True)


def _fold(value: object) -> str:
    return str(value).casefold() if _present(value) else ""


def _equals(column: pd.Series, value: str) -> pd.Series:
    wanted = value.casefold()
    return pd.Series([_fold(v) == wanted for v in column], index=column.index, dtype=bool)


def speakers_named(rows: Iterable[Mapping[str, object]], name: str) -> set[str]:
    """Canonical speakers (casefolded) that `name` picks among quote records (see `match_speaker`)."""
    forms: dict[str, set[str]] = {}
    for row in rows:
        speaker = row["speaker"]
        if _present(speaker):
            forms.setdefault(str(speaker), set()).add(_fold(row["speaker_mention"]))
    return {_fold(s) for s in match_speaker(name, forms)}


_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def match_speaker(name: str, forms: Mapping[str, Iterable[str]]) -> set[str]:
    """The canonical speakers (keys of `forms`, each with its mention forms) that `name` picks.

    A name equal (case aside) to a canonical name or a mention picks every speaker it equals, as before. Otherwise
    it picks the one speaker whose name or mention holds its words as whole words ("Peskov" → "Dmitry Peskov",
    never "Pesk"); when several speakers hold them, AmbiguousSpeaker lists them, so a filter never silently
    chooses among people."""
    wanted = name.strip().casefold()
    exact = {s for s, ms in forms.items() if wanted == s.casefold() or wanted in {_fold(m) for m in ms}}
    if exact:
        return exact
    words = _words(wanted)
    if not words:
        return set()
    partial = {s for s, ms in forms.items() if any(_holds(_words(f), words) for f in (s, *ms) if _present(f))}
    if len(partial) > 1:
        listed = sorted(partial, key=lambda s: (s.casefold(), s))
        shown = "; ".join(listed[:8]) + (f"; and {len(listed) - 8} more" if len(listed) > 8 else "")
        raise AmbiguousSpeaker(f"--speaker {name!r} could mean {len(listed)} speakers: {shown}; "
                               "give the full canonical name")
    return partial


def _words(value: object) -> list[str]:
    return _WORD.findall(str(value).casefold())


def _holds(words: list[str], part: list[str]) -> bool:
    """`part` appears in `words` as a run of whole words."""
    n = len(part)
    return any(words[i:i + n] == part for i in range(len(words) - n + 1))


def parse_date(value: str | dt.date, option: str = "date") -> str:
    """An ISO date string from a date or a YYYY-MM-DD string; QuotesError otherwise."""
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise QuotesError(f"{option}: {value!r} is not a date; use YYYY-MM-DD (e.g. 2026-03-14)") from None


def filter_quotes(
    df: pd.DataFrame,
    speaker: str | None = None,
    speaker_type: str | None = None,
    quote_type: str | None = None,
    source: str | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    wording: str | None = None,
) -> pd.DataFrame:
    """Rows of a Quote table that pass every given filter; a date filter drops undated rows."""
    names = None
    if speaker:
        names = speakers_named((dict(zip(("speaker", "speaker_mention"), pair, strict=True))
                                for pair in zip(df["speaker"], df["speaker_mention"], strict=True)), speaker)
    keep_row = quote_filter(names, speaker_type=speaker_type, quote_type=quote_type, source=source, since=since,
                            until=until, wording=wording)
    columns = ("speaker", "speaker_type", "quote_type", "source", "published") + (("wording",) if wording else ())
    keep = pd.Series([keep_row(dict(zip(columns, values, strict=True)))
                      for values in zip(*(df[c] for c in columns), strict=True)], index=df.index, dtype=bool)
    return df[keep].reset_index(drop=True)


def quote_filter(speakers: set[str] | None = None, speaker_type: str | None = None, quote_type: str | None = None,
                 source: str | None = None, since: str | dt.date | None = None,
                 until: str | dt.date | None = None,
                 wording: str | None = None) -> Callable[[Mapping[str, object]], bool]:
    """A test for one quote record (a mapping with the Quote table's columns) passing every given filter:
    `speakers` (casefolded canonical names, from `speakers_named`), type, outlet and dates (which drop undated
    records)."""
    lo = parse_date(since, "--since") if since is not None else None
    hi = parse_date(until, "--until") if until is not None else None
    wanted_type = speaker_type.casefold() if speaker_type else None
    wanted_quote = quote_type.casefold() if quote_type else None
    wanted_source = source.casefold() if source else None
    wanted_wording = wording.casefold() if wording else None
    dated = lo is not None or hi is not None

    def keep(row: Mapping[str, object]) -> bool:
        if speakers is not None and _fold(row["speaker"]) not in speakers:
            return False
        if wanted_type and _fold(row["speaker_type"]) != wanted_type:
            return False
        if wanted_quote and _fold(row["quote_type"]) != wanted_quote:
            return False
        if wanted_source and _fold(row["source"]) != wanted_source:
            return False
        if wanted_wording and _fold(row["wording"]) != wanted_wording:
            return False
        if dated:
            published = row["published"]
            day = str(published)[:10] if _present(published) else None
            if day is None or (lo is not None and day < lo) or (hi is not None and day > hi):
                return False
        return True

    return keep


def filter_ledger(
    df: pd.DataFrame,
    speaker: str | None = None,
    speaker_type: str | None = None,
    min_quotes: int | None = None,
) -> pd.DataFrame:
    """Rows of a ledger that pass every given filter (`speaker` matches the name or any alias)."""
    keep = pd.Series(True, index=df.index, dtype=bool)
    if speaker:
        forms = {str(s): str(a).split(ALIAS_SEPARATOR) if _present(a) else []
                 for s, a in zip(df["speaker"], df["aliases"], strict=True) if _present(s)}
        picked = match_speaker(speaker, forms)
        keep &= pd.Series([_present(s) and str(s) in picked for s in df["speaker"]], index=df.index, dtype=bool)
    if speaker_type:
        keep &= _equals(df["speaker_type"], speaker_type)
    if min_quotes is not None:
        keep &= df["n_quotes"].astype("int64") >= int(min_quotes)
    return df[keep].reset_index(drop=True)


def sort_frame(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """`df` sorted by `column`: numbers descending, text ascending (case-insensitive), ties keep their order."""
    if column not in df.columns:
        raise QuotesError(f"cannot sort by {column!r}: choose one of {', '.join(df.columns)}")
    values = df[column]
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return df.sort_values(column, ascending=False, kind="mergesort", na_position="last", ignore_index=True)
    keys = pd.Series([_fold(v) if _present(v) else None for v in values], index=df.index, dtype="string")
    order = keys.sort_values(kind="mergesort", na_position="last").index
    return df.loc[order].reset_index(drop=True)


VARIANT_COLUMNS = ("statement", "speaker", "reference", "quote_id", "article_id", "source", "published", "quote_type",
                   "wording", "wording_diff", "variant_of", "text")


def variants_frame(quotes: Iterable[Quote]) -> pd.DataFrame:
    """One row per rendering of every statement reported in more than one wording or linked to an altered variant
    (`VARIANT_COLUMNS`): `statement` is the cluster id (a linked variant is shown with the statement it varies),
    `reference` the quote_id of the statement's reference rendering. Segments of one quotation are one row, their
    texts joined with " … ". Ordered by statement, then the reference first, then published and quote_id."""
    quotes = list(quotes)
    targets = {q.variant_of for q in quotes if q.variant_of}
    records = [q for q in quotes if q.wording or q.quote_id in targets]
    cluster_of = {q.quote_id: q.cluster_id or q.quote_id for q in records}
    renderings: dict[tuple[str, str], list[Quote]] = defaultdict(list)
    for q in records:
        statement = cluster_of.get(q.variant_of, q.cluster_id or q.quote_id) if q.variant_of else (q.cluster_id or
                                                                                                   q.quote_id)
        renderings[(statement, q.statement_id or q.quote_id)].append(q)
    rows = []
    for (statement, _sid), group in renderings.items():
        group.sort(key=lambda q: (q.article_id, q.start, q.end))
        first = group[0]
        rows.append({"statement": statement, "speaker": first.speaker, "reference": "", "quote_id": first.quote_id,
                     "article_id": first.article_id, "source": first.source, "published": first.published,
                     "quote_type": first.quote_type, "wording": first.wording, "wording_diff": first.wording_diff,
                     "variant_of": first.variant_of, "text": " … ".join(q.text for q in group)})
    frame = pd.DataFrame(rows, columns=list(VARIANT_COLUMNS))
    if frame.empty:
        return frame.astype("string")
    # the reference: the rendering compared with no other (empty diff, not a variant), by the wording order
    refs = {}
    for statement, sub in frame.groupby("statement", sort=False):
        plain = sub[(sub["wording_diff"] == "") & (sub["variant_of"] == "")]
        refs[statement] = (plain if not plain.empty else sub).sort_values(["published", "quote_id"])["quote_id"].iloc[0]
    frame["reference"] = frame["statement"].map(refs)
    frame["_ref"] = frame["reference"] != frame["quote_id"]
    frame = frame.sort_values(["statement", "_ref", "published", "quote_id"], kind="mergesort").drop(columns="_ref")
    return frame.reset_index(drop=True).astype({c: "string" for c in VARIANT_COLUMNS})
