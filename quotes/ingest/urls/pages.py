"""Downloaded pages kept on disk (`pages/` in the cache folder), so a re-run reads them instead of downloading
again. One entry per address as given: `<sha1>.html` (the bytes as served) and `<sha1>.json` (final address,
content type, charset, when fetched), the JSON written last so that a half-written entry is never read."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Page:
    """A downloaded page: the address asked for, the address it was served from after redirects, its bytes."""

    url: str
    final_url: str
    data: bytes
    content_type: str = ""
    charset: str = ""


class PageCache:
    """Pages by address in `folder`; a cache that cannot be read or written is a miss, never a failure."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder).expanduser()

    @classmethod
    def open(cls, cache: bool | str | Path | None) -> PageCache | None:
        """As `quotes.pipeline.run`'s `cache`: None/False none, True the default cache folder, else that folder."""
        if cache is None or cache is False:
            return None
        from ...cache import PAGES_FOLDER, default_cache_dir  # the cache module imports the parser: not at start-up

        return cls((default_cache_dir() if cache is True else Path(cache)) / PAGES_FOLDER)

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha1(url.encode("utf-8")).hexdigest()
        return self.folder / f"{key}.html", self.folder / f"{key}.json"

    def get(self, url: str) -> Page | None:
        data_path, meta_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("url") != url:
                return None
            return Page(url=url, final_url=str(meta["final_url"]), data=data_path.read_bytes(),
                        content_type=str(meta.get("content_type", "")), charset=str(meta.get("charset", "")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, page: Page) -> None:
        data_path, meta_path = self._paths(page.url)
        meta = {k: v for k, v in asdict(page).items() if k != "data"} | {"fetched": time.time()}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write(data_path, page.data)
            _write(meta_path, json.dumps(meta, ensure_ascii=False).encode("utf-8"))
        except OSError:
            return  # the page was read; only the next run downloads it again


def _write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise
