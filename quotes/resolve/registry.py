"""The speaker registry: a CSV or YAML file that pins speakers' canonical names, aliases, types, roles and
external ids (`load_registry`)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError


@dataclass(frozen=True)
class RegistryEntry:
    name: str
    aliases: tuple[str, ...]
    type: str = ""
    role: str = ""
    id: str = ""


def load_registry(path: str | Path) -> list[RegistryEntry]:
    """A speaker registry (CSV or YAML) with columns/keys name, aliases (`;`-separated or a list), type,
    role, id."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{p}: cannot read the speaker registry ({e})") from e
    rows = _yaml_rows(p, raw) if p.suffix.lower() in (".yaml", ".yml") else list(csv.DictReader(raw.splitlines()))
    entries = []
    for n, row in enumerate(rows, 1):
        if not isinstance(row, dict) or not str(row.get("name") or row.get("canonical") or "").strip():
            raise InputError(f"{p}: entry {n} has no `name`")
        aliases = row.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [a.strip() for a in aliases.split(";") if a.strip()]
        entries.append(RegistryEntry(str(row.get("name") or row.get("canonical")).strip(),
                                     tuple(str(a) for a in aliases), str(row.get("type") or "").strip(),
                                     str(row.get("role") or "").strip(),
                                     str(row.get("id") or row.get("wikidata") or "").strip()))
    return entries


def _yaml_rows(p: Path, raw: str) -> list:
    """The entries of a YAML registry: a list, or a `speakers:` list."""
    import yaml

    try:
        data = yaml.safe_load(raw) or []
    except yaml.YAMLError as e:
        raise InputError(f"{p}: the speaker registry is not valid YAML ({e})") from e
    rows = data.get("speakers", []) if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise InputError(f"{p}: expected a list of speakers (or a `speakers:` list)")
    return rows
