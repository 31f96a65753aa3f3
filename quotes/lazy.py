"""Modules imported on first use, for names that most runs never touch (pandas on the csv/jsonl path)."""

from __future__ import annotations

import importlib
import types
from typing import Any

__all__ = ["lazy_module"]


class _LazyModule(types.ModuleType):
    """Stands for a module until one of its attributes is read; then imports it and takes on its attributes, so
    later reads are plain attribute reads."""

    def __getattr__(self, attr: str) -> Any:
        module = importlib.import_module(self.__name__)
        self.__dict__.update(module.__dict__)
        return getattr(module, attr)


def lazy_module(name: str) -> types.ModuleType:
    """`name`, imported when first used: `pd = lazy_module("pandas")` instead of `import pandas as pd`."""
    return _LazyModule(name)
