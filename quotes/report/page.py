"""The report's page: the HTML template, its style sheet and script (package data in quotes/templates/) filled
with the assembled body, under a Content-Security-Policy that allows only the page's own script, by its hash."""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib.resources import files
from string import Template


@cache
def _asset(name: str) -> str:
    return files("quotes").joinpath("templates", name).read_text(encoding="utf-8")


def _csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def page(body: str) -> str:
    """The whole document around `body` (already escaped markup)."""
    # Each element's text starts on a line of its own; the hash covers the script element's whole text.
    style, script = "\n" + _asset("report.css"), "\n" + _asset("report.js")
    return Template(_asset("report.html")).substitute(csp=_csp(script), style=style, body=body, script=script)
