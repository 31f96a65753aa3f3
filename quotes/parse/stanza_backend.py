"""stanza backend (placeholder until the backend lands)."""

from __future__ import annotations


def stanza_models_installed() -> bool:
    return False
