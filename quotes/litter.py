"""What a run leaves behind while it works, and how a later run clears it when the owner died.

A run keeps its records in a spill folder in the temporary folder (`quotes-run-<pid>-…`) and writes each output
to a temporary file beside it (`.<name>.<pid>.….tmp`) before renaming it. Both carry the pid of the process
that owns them: a run that ends, fails or is stopped by SIGTERM/SIGINT removes its own, and only SIGKILL (or a
power cut) leaves them. The next run removes those whose owner is gone, and never one whose owner still runs
(a concurrent run), nor any file whose name does not say who owns it.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

__all__ = ["SPILL_PREFIX", "pid_alive", "remove_stale_spills", "remove_stale_temps", "spill_prefix", "temp_prefix"]

SPILL_PREFIX = "quotes-run-"
_SPILL = re.compile(rf"{re.escape(SPILL_PREFIX)}(\d+)-")


def spill_prefix() -> str:
    """The name prefix of this process's spill folders."""
    return f"{SPILL_PREFIX}{os.getpid()}-"


def temp_prefix(target: Path) -> str:
    """The name prefix of this process's temporary files for the output `target`."""
    return f".{target.name}.{os.getpid()}."


def pid_alive(pid: int) -> bool:
    """Whether a process `pid` exists (one of another user counts as alive: it is not ours to judge)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return True
    return True


def _dead_owner(pid: str) -> bool:
    return int(pid) != os.getpid() and not pid_alive(int(pid))


def remove_stale_spills(folder: str | Path) -> list[Path]:
    """Remove the spill folders in `folder` whose owning process is gone; returns those removed."""
    return _remove_stale(folder, _SPILL.match, folders=True)


def remove_stale_temps(target: Path) -> list[Path]:
    """Remove the temporary files beside the output `target` left by runs that are gone; returns those removed."""
    folder = target.parent if str(target.parent) else Path(".")
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(\d+)\..*\.tmp")
    return _remove_stale(folder, pattern.fullmatch, folders=False)


def _remove_stale(folder: str | Path, match, folders: bool) -> list[Path]:
    """Remove the entries of `folder` whose name `match`es with the owner's pid as group 1, when that process is
    gone: folders (spills) or files (temporary outputs), never a link."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = match(entry.name)
        kind_ok = entry.is_dir(follow_symlinks=False) if folders else entry.is_file(follow_symlinks=False)
        if not (m and kind_ok and _dead_owner(m.group(1))):
            continue
        if folders:
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            try:
                os.unlink(entry.path)
            except OSError:
                continue
        removed.append(Path(entry.path))
    return removed
