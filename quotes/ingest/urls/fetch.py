"""Downloading pages politely: a user agent that says who we are, robots.txt respected, at most `rate` requests a
second to one host, timeouts, redirects followed (http and https only), a size limit. A page that cannot be had
raises FetchError with the HTTP status or the network error, for the reader to turn into one failed input."""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from ...errors import InputError
from ...version import __version__
from .pages import Page, PageCache

USER_AGENT = f"quotes/{__version__} (quotation extraction from news articles; fetches pages named by its user)"
ROBOTS_AGENT = "quotes"  # the name robots.txt rules address
WEB_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")


class FetchError(InputError):
    """A page that could not be downloaded (HTTP status, network error, refused by robots.txt, too big)."""


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = 30.0  # seconds, for connecting and for each read
    max_bytes: int = 40_000_000
    rate: float = 1.0  # requests a second to one host, robots.txt included
    user_agent: str = USER_AGENT


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects (at most 10) to http and https addresses only, never to ftp or files."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, f"redirect to a non-web address {newurl}", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass
class Fetcher:
    """Pages by address: from `cache` when it holds them, else downloaded (and then kept in `cache`)."""

    options: FetchOptions = field(default_factory=FetchOptions)
    cache: PageCache | None = None
    _robots: dict[str, urllib.robotparser.RobotFileParser] = field(default_factory=dict)
    _next_slot: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._opener = urllib.request.build_opener(_HttpOnlyRedirects())

    def get(self, url: str) -> Page:
        page = self.cache.get(url) if self.cache is not None else None
        if page is not None:
            return page
        if not self._allowed(url):
            raise FetchError(f"robots.txt of {urlsplit(url).netloc} does not allow fetching this page")
        page = self._download(url)
        if self.cache is not None:
            self.cache.put(page)
        return page

    def _wait_turn(self, url: str) -> None:
        """At most `rate` requests a second to one host: wait for this host's next slot."""
        host = urlsplit(url).netloc.lower()
        now = time.monotonic()
        slot = self._next_slot.get(host, now)
        if slot > now:
            time.sleep(slot - now)
        self._next_slot[host] = max(slot, now) + 1.0 / self.options.rate

    def _open(self, url: str):
        self._wait_turn(url)
        request = urllib.request.Request(url, headers={"User-Agent": self.options.user_agent,
                                                       "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9"})
        return self._opener.open(request, timeout=self.options.timeout)

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        root = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "", "", ""))
        if root not in self._robots:
            self._robots[root] = self._read_robots(root + "/robots.txt")
        return self._robots[root].can_fetch(ROBOTS_AGENT, url)

    def _read_robots(self, robots_url: str) -> urllib.robotparser.RobotFileParser:
        """The host's rules; 401/403 forbid everything, a missing or unreadable robots.txt forbids nothing."""
        rules = urllib.robotparser.RobotFileParser(robots_url)
        try:
            with self._open(robots_url) as response:
                text = response.read(1_000_000).decode("utf-8", errors="replace")
            rules.parse(text.splitlines())
        except urllib.error.HTTPError as exc:
            rules.disallow_all = exc.code in (401, 403)
            rules.allow_all = not rules.disallow_all
        except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError):
            rules.allow_all = True
        return rules

    def _download(self, url: str) -> Page:
        try:
            with self._open(url) as response:
                ctype = response.headers.get_content_type() if response.headers.get("Content-Type") else ""
                if ctype not in WEB_TYPES:
                    raise FetchError(f"not a web page (content type {ctype}), skipped")
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > self.options.max_bytes:
                    raise FetchError(_too_big(int(length), self.options.max_bytes))
                data = response.read(self.options.max_bytes + 1)
                if len(data) > self.options.max_bytes:
                    raise FetchError(_too_big(len(data), self.options.max_bytes))
                return Page(url=url, final_url=response.geturl(), data=data, content_type=ctype,
                            charset=response.headers.get_content_charset() or "")
        except urllib.error.HTTPError as exc:
            raise FetchError(f"HTTP {exc.code} {exc.reason}".strip()) from exc
        except urllib.error.URLError as exc:
            raise FetchError(_network(exc.reason, self.options.timeout)) from exc
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(_network(exc, self.options.timeout)) from exc
        except ValueError as exc:
            raise FetchError(f"not a valid address: {exc}") from exc


def _network(reason: object, timeout: float) -> str:
    if isinstance(reason, TimeoutError):
        return f"cannot download: no answer within {timeout:g} s"
    return f"cannot download: {getattr(reason, 'strerror', None) or reason}"


def _too_big(size: int, limit: int) -> str:
    return f"page is {size / 1e6:.1f} MB, over the {limit / 1e6:g} MB limit: raise --max-article-size"
