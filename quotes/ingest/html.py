"""The article in an HTML page: main text and metadata by trafilatura (dates by htmldate, which it runs), our
tag-based extractor (quotes.ingest.tags) only when trafilatura finds no main text.

Measured on trafilatura's public benchmark (990 real pages, bench/bench_html.py, docs/usage.md "From web
pages"): the tag rules kept sidebar headlines, teasers, comments and captions out only half the time, and such
boilerplate becomes quotes with wrong speakers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache

from ..records import Article
from .tags import tag_article

Warn = Callable[[str], None]
# trafilatura and htmldate log every page they discard; a page without main text is reported once, by us.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


def html_to_article(markup: str, article_id: str = "html", origin: str = "", url: str = "",
                    warn: Warn | None = None) -> Article:
    """The article in `markup`: its main text, one paragraph a block, blocks separated by blank lines (no
    navigation, sidebars, comments, captions or markup); title, outlet, canonical url and published date from the
    page's metadata. `url` (the page's address, when known) helps the extractor and is the url when the page
    names none. When trafilatura finds no main text, the tag-based extractor's text is used and `warn` told."""
    extract = _extractor()
    found = _trafilatura(extract, markup, url) if not isinstance(extract, str) else None
    if found is None or not found.text.strip():
        fallback = tag_article(markup, article_id, origin)
        why = extract if isinstance(extract, str) else "no main text found by trafilatura"
        if fallback.text.strip() and warn is not None:
            warn(f"{origin or article_id}: {why}; read with the tag-based extractor "
                 "(navigation and sidebars may be included)")
        if found is not None:  # keep trafilatura's metadata, which reads more than the tag rules do
            fallback = _merge(fallback, found)
        return _with_url(fallback, url)
    return _with_url(Article(article_id=article_id, text=found.text, source=found.source, url=found.url,
                             title=found.title, published=found.published, origin=origin), url)


def _with_url(article: Article, url: str) -> Article:
    if article.url or not url:
        return article
    return Article(article_id=article.article_id, text=article.text, source=article.source, url=url,
                   title=article.title, published=article.published, origin=article.origin)


def _merge(fallback: Article, found: Article) -> Article:
    return Article(article_id=fallback.article_id, text=fallback.text, source=found.source or fallback.source,
                   url=found.url or fallback.url, title=found.title or fallback.title,
                   published=found.published or fallback.published, origin=fallback.origin)


@lru_cache(maxsize=1)
def _extractor() -> Callable[..., object] | str:
    """trafilatura's extraction function, or why it cannot be imported (a broken install: the tag rules still
    read pages, and every page says why)."""
    try:
        from trafilatura import bare_extraction
    except ImportError as exc:
        return f"trafilatura cannot be imported ({exc}): pip install trafilatura lxml_html_clean"
    return bare_extraction


def _trafilatura(bare_extraction: Callable[..., object], markup: str, url: str) -> Article | None:
    """Main text and metadata as an Article (id and origin left empty), or None when the page has neither."""
    try:
        doc = bare_extraction(markup, url=url or None, with_metadata=True, include_comments=False,
                              include_tables=True, include_formatting=False, output_format="python")
    except (ValueError, TypeError, AttributeError, LookupError, RecursionError):
        return None  # trafilatura's own failures on odd markup: the caller falls back
    if doc is None:
        return None
    if isinstance(doc, dict):  # trafilatura < 2 returned a dict
        get = doc.get
    else:
        def get(name: str) -> object:
            return getattr(doc, name, None)
    return Article(article_id="", text=paragraphs(str(get("text") or "")), source=_clean(get("sitename")),
                   url=_clean(get("url")), title=_clean(get("title")), published=_clean(get("date")))


def paragraphs(text: str) -> str:
    """trafilatura's text (one block a line) as our paragraphs: stripped lines joined by blank lines."""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _clean(value: object) -> str:
    return " ".join(str(value).split()) if value else ""
