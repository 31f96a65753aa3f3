"""The fallback HTML extractor (stdlib HTMLParser): paragraph-like elements, without scripts, styles, navigation,
asides and footers. Used when trafilatura finds no main text in a page (quotes.ingest.html)."""

from __future__ import annotations

from html.parser import HTMLParser

from ..records import Article

_SKIP = {"script", "style", "nav", "noscript", "template", "svg", "form", "aside", "footer", "button", "select",
         "iframe", "object"}
_PARA = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "pre", "dd", "dt"}
_BREAK = _PARA | {"div", "section", "article", "main", "br", "tr", "td", "th", "table", "ul", "ol", "header",
                  "body", "hr"}
_META_FIELDS = {"og:title": "title", "og:url": "url", "og:site_name": "source", "article:published_time": "published",
                "date": "published", "pubdate": "published", "publishdate": "published", "dc.date": "published"}


class _ArticleHTML(HTMLParser):
    """Collects the text of paragraph-like elements (and, separately, loose text between blocks)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.skip_stack: list[str] = []
        self.para_depth = 0
        self.pre_depth = 0
        self.blocks: list[str] = []
        self.loose: list[str] = []
        self.buf: list[str] = []
        self.in_title = False
        self.title = ""
        self.h1 = ""
        self.h1_buf: list[str] | None = None
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._meta(dict(attrs))
            return
        if tag == "link" and (dict(attrs).get("rel") or "").lower() == "canonical":
            self.meta.setdefault("url", dict(attrs).get("href") or "")
            return
        if tag == "title" and not self.skip_depth:
            self.in_title = True
            return
        if tag == "time" and "published" not in self.meta and dict(attrs).get("datetime"):
            self.meta["published"] = dict(attrs)["datetime"] or ""
        if tag in _SKIP:
            self.skip_depth += 1
            self.skip_stack.append(tag)
            return
        if self.skip_depth:
            return
        if tag in _BREAK:
            self._flush()
        if tag in _PARA:
            self.para_depth += 1
        if tag == "pre":
            self.pre_depth += 1
        if tag == "h1" and self.h1_buf is None and not self.h1:
            self.h1_buf = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
            return
        if tag in self.skip_stack:  # also closes skipped elements left open inside it
            del self.skip_stack[len(self.skip_stack) - 1 - self.skip_stack[::-1].index(tag):]
            self.skip_depth = len(self.skip_stack)
            return
        if self.skip_depth:
            return
        if tag in _BREAK:
            self._flush()
        if tag in _PARA and self.para_depth:
            self.para_depth -= 1
        if tag == "pre" and self.pre_depth:
            self.pre_depth -= 1
        if tag == "h1" and self.h1_buf is not None:
            self.h1 = _squash("".join(self.h1_buf))
            self.h1_buf = None

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if self.skip_depth:
            return
        self.buf.append(data)
        if self.h1_buf is not None:
            self.h1_buf.append(data)

    def _flush(self) -> None:
        raw = "".join(self.buf)
        self.buf = []
        text = raw.strip("\r\n") if self.pre_depth else _squash(raw)
        if text.strip():
            (self.blocks if self.para_depth else self.loose).append(text)

    def _meta(self, attrs: dict[str, str | None]) -> None:
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        field_name = _META_FIELDS.get(key) or ("published" if key == "datepublished" else None)
        if field_name and attrs.get("content") and field_name not in self.meta:
            self.meta[field_name] = attrs["content"] or ""

    def close(self) -> None:
        super().close()
        self._flush()


def _squash(s: str) -> str:
    return " ".join(s.split())


def tag_article(markup: str, article_id: str = "html", origin: str = "") -> Article:
    """The article in an HTML page: paragraphs (p, headings, list items, block quotes) joined by blank
    lines, without scripts, styles or navigation; title, url, outlet and date from the page's metadata."""
    parser = _ArticleHTML()
    parser.feed(markup)
    parser.close()
    paras = parser.blocks or parser.loose
    title = _squash(parser.title) or parser.h1 or parser.meta.get("title", "")
    return Article(article_id=article_id, text="\n\n".join(paras), source=parser.meta.get("source", ""),
                   url=parser.meta.get("url", ""), title=title, published=parser.meta.get("published", ""),
                   origin=origin)
