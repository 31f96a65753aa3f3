"""Model downloads for the optional parsers (`quotes models download stanza`).

stanza fetches a resources index and then the model files, and its downloader waits on the network
without a deadline. So we first ask the index host and the model host for an answer within a few
seconds, and say in one line what to do when this machine cannot reach them, instead of hanging.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import ParserUnavailable
from .stanza_backend import INSTALL_HINT, stanza_models_installed, stanza_resources_dir

REACH_TIMEOUT = 10.0  # seconds to wait for a host to answer before giving up


def reachable(url: str, timeout: float = REACH_TIMEOUT) -> str | None:
    """None when `url`'s host answers within `timeout` seconds (any HTTP status), else the reason."""
    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "quotes"})
    try:
        with urllib.request.urlopen(request, timeout=timeout):
            return None
    except urllib.error.HTTPError:
        return None  # the host answered; a 403/404 on HEAD is stanza's problem to report, not ours
    except urllib.error.URLError as e:
        return str(e.reason)
    except (OSError, ValueError) as e:  # timeouts, resets, malformed URLs
        return str(e) or type(e).__name__


def download_stanza(lang: str = "en", model_dir: str | Path | None = None, resources_url: str | None = None,
                    timeout: float = REACH_TIMEOUT) -> str:
    """Download stanza's default `lang` models; returns the resources directory they are in.

    Raises ParserUnavailable (one line, what to do) when stanza is missing or a host cannot be reached."""
    try:
        import stanza
        from stanza.resources import common
    except ImportError as e:
        raise ParserUnavailable(INSTALL_HINT) from e
    target = Path(model_dir) if model_dir else (stanza_resources_dir() or Path(common.DEFAULT_MODEL_DIR))
    base = (resources_url or common.DEFAULT_RESOURCES_URL).rstrip("/")
    index_url = f"{base}/resources_{common.DEFAULT_RESOURCES_VERSION}.json"
    _require(index_url, timeout, target, lang)
    try:
        common.download_resources_json(str(target), resources_url=base)
        resources = json.loads((target / "resources.json").read_text(encoding="utf-8"))
        model_url = str(resources.get("url", "")).format(resources_version=common.DEFAULT_RESOURCES_VERSION,
                                                         lang=lang, filename="default.zip")
        if model_url:
            _require(model_url, timeout, target, lang)
        stanza.download(lang, model_dir=str(target), resources_url=base, download_json=False,
                        logging_level="WARN")
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as e:
        raise ParserUnavailable(f"could not download stanza {_language(lang)} models: {e}") from e
    if not stanza_models_installed(target, lang):
        raise ParserUnavailable(f"stanza's download finished but {target} lacks some {_language(lang)} models; "
                                "delete it and run `quotes models download stanza` again")
    return str(target)


def _require(url: str, timeout: float, target: Path, lang: str) -> None:
    reason = reachable(url, timeout)
    if reason is not None:
        host = urlsplit(url).netloc or url
        raise ParserUnavailable(
            f"could not download stanza {_language(lang)} models: {reason}; this machine cannot reach the model "
            f"host {host}. Run `quotes models download stanza` where the network allows, then copy {target} "
            "here (or point STANZA_RESOURCES_DIR at a copy)")


def _language(lang: str) -> str:
    return "English" if lang == "en" else repr(lang)
