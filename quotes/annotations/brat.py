"""BRAT standoff: `X.txt` beside `X.ann`, text-bound Source / Cue / Content spans tied by an event line.

    T1	Source 0 12	Mayor Brandt
    T2	Cue 13 17	said
    T3	Content 18 47	the bridge would reopen in May
    T4	Attribution 13 17	said
    E1	Attribution:T4 Source:T1 Cue:T2 Content:T3

Discontinuous spans are written `a b;c d`. An attribute line `A1	Kind E1 attitude` carries the attribution
kind (speech when absent). Relation lines (`R1	Attribution Arg1:T3 Arg2:T1`, with role names for the
arguments) are read too. PolNeAR's layout — `text/X.txt` and `attributions/X_<annotator>.ann` — is the
same standoff with another file arrangement.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import KINDS, AnnotatedDoc, AnnotationError, Attribution, Segments

ROLE_NAMES = {"source": "source", "cue": "cue", "content": "content"}


def read_brat(txt: str | Path, ann: str | Path, doc_id: str | None = None) -> tuple[AnnotatedDoc, dict[str, int]]:
    """The document of `txt` with the attributions of `ann`, and counts of what was set aside (spans no
    attribution uses, attributions without content) so that nothing is lost silently."""
    txt, ann = Path(txt), Path(ann)
    try:
        text = txt.read_text(encoding="utf-8")
        lines = ann.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise AnnotationError(f"cannot read {exc.filename or txt}: {exc}") from exc
    spans: dict[str, tuple[str, Segments]] = {}
    events: list[tuple[str, dict[str, list[str]]]] = []
    kinds: dict[str, str] = {}
    for n, tid, rest in _entries(lines, ann):
        where = f"{ann}:{n}"
        if tid.startswith("T"):
            spans[tid] = _text_bound(rest, text, where)
        elif tid.startswith("E"):
            roles: dict[str, list[str]] = {}
            for k, arg in enumerate(rest.split()):
                role, sep, ref = arg.partition(":")
                if not sep:
                    raise AnnotationError(f"{where}: event argument {arg!r} is not ROLE:ID")
                role = re.sub(r"\d+$", "", role).lower()
                roles.setdefault("trigger" if k == 0 else role, []).append(ref)
            events.append((tid, roles))
        elif tid.startswith("R"):
            fields = rest.split()
            roles = {}
            for arg in fields[1:]:
                role, _, ref = arg.partition(":")
                roles.setdefault(re.sub(r"\d+$", "", role).lower(), []).append(ref)
            events.append((tid, roles))
        elif tid.startswith("A"):
            fields = rest.split()
            if len(fields) >= 3 and fields[0].lower() == "kind" and fields[2] in KINDS:
                kinds[fields[1]] = fields[2]
    used: set[str] = set()
    atts = []
    skipped = {"no_content": 0, "unused_spans": 0}
    for eid, roles in events:
        parts: dict[str, list[tuple[int, int]]] = {"source": [], "cue": [], "content": []}
        for role, refs in roles.items():
            for ref in refs:
                if ref not in spans:
                    raise AnnotationError(f"{ann}: {eid} refers to {ref}, which is not a text-bound span")
                used.add(ref)
                label = spans[ref][0].lower()
                slot = ROLE_NAMES.get(role) or ROLE_NAMES.get(label)
                if slot:
                    parts[slot].extend(spans[ref][1])
        if not parts["content"]:
            skipped["no_content"] += 1
            continue
        atts.append(Attribution(content=tuple(sorted(set(parts["content"]))), cue=tuple(sorted(set(parts["cue"]))),
                                source=tuple(sorted(set(parts["source"]))), kind=kinds.get(eid, "speech"), id=eid))
    skipped["unused_spans"] = sum(1 for t, (label, _) in spans.items()
                                  if t not in used and label.lower() in ROLE_NAMES)
    doc = AnnotatedDoc(doc_id=doc_id or txt.stem, text=text, attributions=tuple(atts), origin=str(ann))
    return doc, skipped


ENTRY = re.compile(r"[TERAMN*#]\d*\t")  # an annotation line starts with its id and a tab


def _entries(lines: list[str], ann: Path) -> list[tuple[int, str, str]]:
    """(line number, id, rest) of each annotation; a text-bound span whose text holds a line break goes on over
    the following lines (PolNeAR writes them so), which are joined back into its shown text."""
    out: list[tuple[int, str, str]] = []
    for n, line in enumerate(lines, 1):
        if ENTRY.match(line):
            tid, _, rest = line.partition("\t")
            out.append((n, tid, rest))
        elif out and out[-1][1].startswith("T") and n == out[-1][0] + out[-1][2].count("\n") + 1:
            out[-1] = (out[-1][0], out[-1][1], out[-1][2] + "\n" + line)
        elif line.strip():
            raise AnnotationError(f"{ann}:{n}: unreadable annotation line {line[:40]!r} (expected an id such as T1 "
                                  "or E1, a tab, then the annotation)")
    return [(n, tid, rest) for n, tid, rest in out if not tid.startswith(("#", "*", "M", "N"))]


def _text_bound(rest: str, text: str, where: str) -> tuple[str, Segments]:
    head, tab, shown = rest.partition("\t")
    label, _, ranges = head.partition(" ")
    segs = []
    for seg in ranges.split(";"):
        bits = seg.split()
        if len(bits) != 2 or not all(b.isdigit() for b in bits):
            raise AnnotationError(f"{where}: span {seg!r} is not 'START END'")
        a, b = int(bits[0]), int(bits[1])
        if not 0 <= a < b <= len(text):
            raise AnnotationError(f"{where}: span {a}-{b} is empty or outside the text ({len(text)} characters)")
        segs.append((a, b))
    if tab and shown.split() != " ".join(text[a:b] for a, b in segs).split():
        raise AnnotationError(f"{where}: the span's text {_short(shown)!r} is not the text at {ranges} "
                              f"({_short(' '.join(text[a:b] for a, b in segs))!r}): offsets off the text "
                              "(another encoding or line endings?)")
    return label, tuple(segs)


def _short(s: str, n: int = 40) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def write_brat(doc: AnnotatedDoc, folder: str | Path) -> tuple[Path, Path]:
    """`doc` as `folder/<doc_id>.txt` and `.ann`; reading them back gives the same attributions."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    txt, ann = folder / f"{doc.doc_id}.txt", folder / f"{doc.doc_id}.ann"
    lines = []
    t = 0

    def bound(label: str, segs: Segments) -> str:
        nonlocal t
        t += 1
        ranges = ";".join(f"{a} {b}" for a, b in segs)
        shown = " ".join(doc.text[a:b] for a, b in segs).replace("\n", " ")
        lines.append(f"T{t}\t{label} {ranges}\t{shown}")
        return f"T{t}"

    for e, att in enumerate(doc.attributions, 1):
        args = []
        if att.source:
            args.append(f"Source:{bound('Source', att.source)}")
        if att.cue:
            args.append(f"Cue:{bound('Cue', att.cue)}")
        args.append(f"Content:{bound('Content', att.content)}")
        trigger = bound("Attribution", att.cue or att.content[:1])
        lines.append(f"E{e}\tAttribution:{trigger} " + " ".join(args))
        if att.kind != "speech":
            lines.append(f"A{e}\tKind E{e} {att.kind}")
    txt.write_text(doc.text, encoding="utf-8")
    ann.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return txt, ann
