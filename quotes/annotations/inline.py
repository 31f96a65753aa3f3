"""Inline attribution markup: how the project's own corpus (data/corpus/) is written by hand.

An article file holds a header of `# key: value` lines, a blank line, then the article text with tags:

    {S1|Mayor Ida Brandt} {K1|said} {C1|the bridge would reopen in May}.
    “{C2|We are not done},” {K2|said} {S2|Brandt}. “{C2|Not by a long way.}”
    {S3|Most residents} {K3:attitude|believe} {C3|the toll is too high}.
    {S4|A Harlow Institute poll} {K4:evidence|found} {C4|that 41 percent back the plan}.

`S` is a source, `K` the cue, `C` the content; the number ties the parts of one attribution together (a
content may be several `C` tags with one number: a quotation interrupted by its cue). The cue carries the
attribution kind after a colon (`speech` when omitted; `attitude`, `evidence`) and, comma-separated,
`nested` for an attribution deliberately annotated inside another's content. Tags nest; braces are never
article text. `read_inline` strips the tags and returns the plain text with exact offsets.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from . import KINDS, AnnotatedDoc, AnnotationError, Attribution

TAG_OPEN = re.compile(r"\{([SKC])(\d+)(?::([a-z,]+))?\|")
ROLES = {"S": "source", "K": "cue", "C": "content"}
OPTIONS = set(KINDS) | {"nested"}


def read_inline(path: str | Path) -> AnnotatedDoc:
    """The annotated article in `path` (header, blank line, marked-up text)."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AnnotationError(f"{path}: cannot read ({exc})") from exc
    return parse_inline(raw, doc_id=path.stem, origin=str(path))


def parse_inline(raw: str, doc_id: str = "doc", origin: str = "<text>") -> AnnotatedDoc:
    meta, body, body_line = _header(raw, origin)
    text, tags = _strip_tags(body, origin, body_line)
    attributions = _assemble(tags, text, origin)
    doc = AnnotatedDoc(doc_id=meta.get("id", doc_id), text=text, attributions=attributions, origin=origin,
                       meta=meta)
    problems = check_inline(doc, tags)
    if problems:
        raise AnnotationError(f"{origin}: " + "; ".join(problems))
    return doc


def _header(raw: str, origin: str) -> tuple[dict[str, str], str, int]:
    lines = raw.split("\n")
    meta: dict[str, str] = {}
    i = 0
    while i < len(lines) and lines[i].startswith("#"):
        key, sep, value = lines[i][1:].partition(":")
        if not sep:
            raise AnnotationError(f"{origin}:{i + 1}: header line is not '# key: value'")
        meta[key.strip()] = value.strip()
        i += 1
    if i < len(lines) and not lines[i].strip():
        i += 1
    body = "\n".join(lines[i:]).strip("\n") + "\n"
    return meta, body, i + 1


def _strip_tags(body: str, origin: str, first_line: int) -> tuple[str, list[dict]]:
    """Plain text and the tags found, each {role, id, options, start, end} in plain-text offsets."""
    out: list[str] = []
    pos = 0  # length of the plain text so far
    stack: list[dict] = []
    tags: list[dict] = []
    i = 0

    def where(k: int) -> str:
        return f"{origin}:{first_line + body.count(chr(10), 0, k)}"

    while i < len(body):
        ch = body[i]
        if ch == "{":
            m = TAG_OPEN.match(body, i)
            if not m:
                raise AnnotationError(f"{where(i)}: '{{' that does not open a tag like {{C1|…}}: "
                                      f"{body[i:i + 20]!r}")
            options = set(filter(None, (m.group(3) or "").split(",")))
            if options - OPTIONS:
                raise AnnotationError(f"{where(i)}: unknown tag option(s) {sorted(options - OPTIONS)} "
                                      f"(allowed: {', '.join(sorted(OPTIONS))})")
            stack.append({"role": ROLES[m.group(1)], "id": m.group(2), "options": options, "start": pos,
                          "at": where(i)})
            i = m.end()
            continue
        if ch == "}":
            if not stack:
                raise AnnotationError(f"{where(i)}: '}}' closes no tag")
            tag = stack.pop()
            tag["end"] = pos
            if tag["end"] <= tag["start"]:
                raise AnnotationError(f"{tag['at']}: empty {tag['role']} tag {tag['id']}")
            tags.append(tag)
            i += 1
            continue
        out.append(ch)
        pos += 1
        i += 1
    if stack:
        raise AnnotationError(f"{stack[-1]['at']}: tag {stack[-1]['role']} {stack[-1]['id']} is never closed")
    return "".join(out), tags


def _assemble(tags: list[dict], text: str, origin: str) -> tuple[Attribution, ...]:
    parts: dict[str, dict[str, list]] = defaultdict(lambda: {"source": [], "cue": [], "content": []})
    kinds: dict[str, str] = {}
    for tag in tags:
        parts[tag["id"]][tag["role"]].append((tag["start"], tag["end"]))
        kind = next((o for o in tag["options"] if o in KINDS), None)
        if kind and tag["role"] != "cue":
            raise AnnotationError(f"{tag['at']}: the attribution kind goes on the cue tag (K{tag['id']})")
        if kind:
            kinds[tag["id"]] = kind
    out = []
    for aid in sorted(parts, key=int):
        p = parts[aid]
        out.append(Attribution(content=tuple(sorted(p["content"])), cue=tuple(sorted(p["cue"])),
                               source=tuple(sorted(p["source"])), kind=kinds.get(aid, "speech"), id=aid))
    return tuple(out)


def check_inline(doc: AnnotatedDoc, tags: list[dict]) -> list[str]:
    """The corpus rules: every attribution has content and one contiguous cue; a content's segments do not
    overlap; no attribution inside another's content unless its cue says `nested`."""
    problems = []
    nested_ok = {t["id"] for t in tags if "nested" in t["options"]}
    for att in doc.attributions:
        if not att.content:
            problems.append(f"attribution {att.id} has no content (C{att.id})")
        if len(att.cue) != 1:
            problems.append(f"attribution {att.id} needs exactly one cue tag K{att.id}, has {len(att.cue)}")
        segs = att.content
        if any(segs[k][1] > segs[k + 1][0] for k in range(len(segs) - 1)):
            problems.append(f"attribution {att.id}: content segments overlap")
        if att.content and att.id not in nested_ok:
            for other in doc.attributions:
                if other is att or not other.content:
                    continue
                if any(_inside(s, c) for s in att.content for c in other.content):
                    problems.append(f"attribution {att.id} lies inside attribution {other.id}'s content: annotate "
                                    f"only the outermost (or mark its cue 'nested')")
                    break
    return problems


def _inside(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return b[0] <= a[0] and a[1] <= b[1] and a != b
