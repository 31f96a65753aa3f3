"""Web pages in: URLs as inputs (downloaded from a local http.server on 127.0.0.1 only), the page cache,
robots.txt, rate and size limits, and HTML decoding (declared charset, then UTF-8 with U+FFFD and a warning)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from click.testing import CliRunner

from quotes.cache import clear_cache
from quotes.cli import cli
from quotes.ingest import FetchOptions, html_to_article, read_inputs
from quotes.records import Article, Failure

STORY = """<!doctype html><html><head><meta charset="utf-8"><title>{title} | Nordpress</title>
<meta property="og:site_name" content="Nordpress"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<aside><h3>Most read</h3><p>“Taxes will fall,” minister says in sidebar teaser.</p></aside>
<article><h1>{title}</h1>
<p>“{quote},” union leader Maren Holt told reporters on Tuesday after the talks in Fellmoor broke up.</p>
<p>The ferry operator said it would study the proposal and answer before the end of the month.</p>
<p>Talks resume on Monday, when both sides meet again at the harbour office.</p></article>
<footer><p>© Nordpress. All rights reserved.</p></footer></body></html>"""
PAGES = {
    "/a.html": (200, "text/html; charset=utf-8", STORY.format(title="Ferry talks stall", quote="We cannot accept")),
    "/2024/03/17/b.html": (200, "text/html", STORY.format(title="Harbour strike ends", quote="We have a deal")),
    "/old-b": (301, "text/html", "/2024/03/17/b.html"),
    "/robots.txt": (200, "text/plain", "User-agent: *\nDisallow: /private/\n"),
    "/private/c.html": (200, "text/html", STORY.format(title="Private", quote="Secret")),
    "/doc.pdf": (200, "application/pdf", "%PDF-1.4"),
}
FAST = FetchOptions(timeout=5, rate=1000)


class _Handler(BaseHTTPRequestHandler):
    requests: ClassVar[list[tuple[str, str]]] = []

    def do_GET(self) -> None:
        self.requests.append((self.path, self.headers.get("User-Agent", "")))
        status, ctype, body = PAGES.get(self.path, (404, "text/html", "<h1>Not found</h1>"))
        self.send_response(status)
        if status == 301:
            self.send_header("Location", body)
            body = ""
        data = body.encode("utf-8")
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def requests():
    _Handler.requests.clear()
    return _Handler.requests


def read(urls, **kwargs):
    warnings: list[str] = []
    items = list(read_inputs(urls, warn=warnings.append, **{"fetch": FAST, **kwargs}))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Failure)], warnings


def test_three_pages_two_articles_one_failure_naming_the_status(site, requests):
    urls = [f"{site}/a.html", f"{site}/missing.html", f"{site}/old-b"]
    arts, fails, _ = read(urls)
    assert [(f.origin, f.reason) for f in fails] == [(f"{site}/missing.html", "HTTP 404 Not Found")]
    a, b = arts
    assert (a.article_id, a.url, a.title, a.source) == (urls[0], urls[0], "Ferry talks stall", "Nordpress")
    assert (b.article_id, b.url) == (urls[2], f"{site}/2024/03/17/b.html")  # url: the final address
    assert b.published == "2024-03-17"  # htmldate reads the date in the address
    assert b.text.startswith("Harbour strike ends\n\n“We have a deal,” union leader Maren Holt told reporters")
    for junk in ("Home", "Most read", "Taxes will fall", "rights reserved"):
        assert junk not in a.text and junk not in b.text
    assert all(agent.startswith("quotes/") for _, agent in requests)


def test_cli_reads_a_file_of_urls_and_goes_on_after_a_failure(site, requests, tmp_path):
    listing = tmp_path / "links.txt"
    listing.write_text(f"# links\n{site}/a.html\n\n{site}/missing.html\n{site}/old-b\nnot-a-link\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["articles", str(listing), "--input-format", "urls", "--format", "jsonl",
                                      "--cache", str(tmp_path / "cache")])
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["url"] for r in rows] == [f"{site}/a.html", f"{site}/2024/03/17/b.html"]
    assert f"{site}/missing.html: HTTP 404 Not Found" in result.stderr
    assert f"{listing}:6: not an http(s) address: 'not-a-link'" in result.stderr


def test_cli_takes_a_url_as_an_input(site, requests, tmp_path):
    result = CliRunner().invoke(cli, ["articles", f"{site}/a.html", "--format", "jsonl", "--no-cache"])
    assert result.exit_code == 0, result.stderr
    (row,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert row["url"] == f"{site}/a.html" and "Maren Holt" in row["text"]


def test_downloaded_pages_are_kept_in_the_cache(site, requests, tmp_path):
    first, _, _ = read([f"{site}/a.html", f"{site}/old-b"], cache=tmp_path)
    downloads = len(requests)
    again, fails, _ = read([f"{site}/a.html", f"{site}/old-b"], cache=tmp_path)
    assert fails == [] and again == first and len(requests) == downloads  # nothing downloaded the second time
    assert len(list((tmp_path / "pages").glob("*.html"))) == 2
    read([f"{site}/a.html"], cache=None)
    assert len(requests) > downloads  # without the cache, the page is downloaded again
    assert clear_cache(tmp_path) > 0 and not list((tmp_path / "pages").glob("*"))  # `quotes cache clear` empties it


def test_robots_txt_is_respected(site, requests):
    _, fails, _ = read([f"{site}/private/c.html"])
    assert "robots.txt of 127.0.0.1" in fails[0].reason
    assert [p for p, _ in requests] == ["/robots.txt"]  # the page itself was never asked for


def test_requests_to_one_host_are_spaced_by_the_rate(site, requests):
    start = time.monotonic()
    read([f"{site}/a.html", f"{site}/missing.html"], fetch=FetchOptions(rate=5))
    assert len(requests) == 3  # robots.txt and two pages: two waits of 0.2 s
    assert time.monotonic() - start >= 0.38


def test_size_limit_and_content_type(site, requests):
    _, fails, _ = read([f"{site}/a.html", f"{site}/doc.pdf"], fetch=FetchOptions(rate=1000, max_bytes=200))
    assert "over the 0.0002 MB limit" in fails[0].reason
    assert fails[1].reason == "not a web page (content type application/pdf), skipped"


def test_unreachable_host_is_one_failure(requests):
    _, fails, _ = read(["http://127.0.0.1:9/x.html"])  # the discard port: nothing listens
    assert fails[0].reason.startswith("cannot download: ")


# -- HTML decoding ----------------------------------------------------------------------------------------


def test_truncated_utf8_in_a_page_is_a_replacement_character_and_one_warning(tmp_path):
    page = STORY.format(title="Ferry talks stall", quote="We cannot accept").encode("utf-8")
    page = page.replace(b"the harbour office", b"the harbour \xe2\x80 office")  # a 3-byte character cut short
    (tmp_path / "t.html").write_bytes(page)
    arts, fails, warnings = read([str(tmp_path / "t.html")])
    assert fails == [] and "the harbour \ufffd office" in arts[0].text
    offset = page.index(b"\xe2\x80 ")
    assert warnings == [(f"{tmp_path / 't.html'}: not valid UTF-8 (first at byte offset {offset}): "
                        "1 undecodable byte sequence shown as U+FFFD")]


def test_plain_text_keeps_the_strict_rule(tmp_path):
    (tmp_path / "t.txt").write_bytes(b"\x00\x81\x8d binary")
    _, fails, _ = read([str(tmp_path / "t.txt")])
    assert fails[0].reason == "binary file, skipped"


def test_charset_declared_late_in_the_head_is_used(tmp_path):
    head = "<html><head><script>" + "var x = 1;\n" * 800 + "</script>"
    page = head + '<meta http-equiv="content-type" content="text/html; charset=iso-8859-1"></head>' + \
        "<body><p>“Schön,” sagte sie.</p></body></html>"
    (tmp_path / "l.html").write_bytes(page.replace("“", '"').replace("”", '"').encode("latin-1"))
    arts, _, warnings = read([str(tmp_path / "l.html")])
    assert arts[0].text == '"Schön," sagte sie.' and warnings == []


def test_page_without_main_text_falls_back_with_a_warning():
    warnings: list[str] = []
    article = html_to_article("<p>Hi there.</p>", article_id="short", warn=warnings.append)
    assert article.text == "Hi there."
    assert warnings == [("short: no main text found by trafilatura; read with the tag-based extractor "
                        "(navigation and sidebars may be included)")]
