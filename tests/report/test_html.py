"""The HTML report: self-contained, everything escaped, and it works in a real headless browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mtaudit.report import render, write_report
from tests.reportcase import sample_result

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class Elements(HTMLParser):
    """Every start tag with its attributes, as a real parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(html)
    return parser.tags


def test_hostile_target_text_is_escaped(tmp_path: Path) -> None:
    html = render(sample_result(tmp_path), "html")
    tags = elements(html)
    assert [t for t, _ in tags].count("script") == 1  # ours, none from the target text
    assert "<b>Fantanil" not in html and "alert('x')" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;" in html


def test_page_is_self_contained(tmp_path: Path) -> None:
    html = render(sample_result(tmp_path), "html")
    for tag, attrs in elements(html):
        for name in ("src", "href"):
            assert not attrs.get(name), f"<{tag} {name}=…> would load something"
    assert "default-src 'none'" in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_charts_and_score_histogram(tmp_path: Path) -> None:
    result = sample_result(tmp_path)
    result.segments["chrf_reference"] = [10.0, 20.5, 33.0, 47.0, 51.0, 68.0, 90.0, 99.5]
    html = render(result, "html")
    for title in (
        "Findings by kind",
        "Findings by entity",
        "Findings by document",
        "Sentence chrF against the reference translation, all segments (n=8)",
    ):
        assert title in html
    assert html.count("<svg") == 4
    assert "target_line" not in html.split("Findings by document")[1].split("<table")[0], "positions are not scores"


def test_wrong_span_is_highlighted_next_to_term_and_suggestion(tmp_path: Path) -> None:
    html = render(sample_result(tmp_path), "html")
    assert '<mark class="bad">Bayeng</mark> administration' in html
    assert '<mark class="term">拜登</mark>政府' in html
    assert '<td class="fix">Biden</td>' in html


class Page(HTMLParser):
    """The page's parts in document order: start tags with attributes, and the text of each tile."""

    def __init__(self) -> None:
        super().__init__()
        self.order: list[tuple[str, dict[str, str | None]]] = []
        self.tiles: list[str] = []
        self._tile: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.order.append((tag, dict(attrs)))
        if tag == "div" and dict(attrs).get("class") == "figure":
            self._tile, self._depth = [], 0
        elif self._tile is not None and tag == "div":
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self._tile is not None and tag == "div":
            if self._depth == 0:
                self.tiles.append(" ".join(self._tile))
                self._tile = None
            else:
                self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._tile is not None and data.strip():
            self._tile.append(data.strip())


def page(html: str) -> Page:
    parser = Page()
    parser.feed(html)
    return parser


def test_findings_come_first_after_a_short_header(tmp_path: Path) -> None:
    result = sample_result(tmp_path)
    result.summary["metrics"]["reference"] = {"bleu": 41.23, "chrf": 60.0, "ter": 52.0}
    parsed = page(render(result, "html"))
    tags = [tag for tag, _ in parsed.order]
    first_table = tags.index("table")
    assert parsed.order[first_table][1].get("id") == "findings", "the findings table is the page's first table"
    assert "svg" not in tags[:first_table] and "figure" not in tags[:first_table], "charts come after the findings"
    assert [a.get("id") for t, a in parsed.order if t == "table"] == ["findings", "figures", "gate"]
    assert parsed.tiles == [
        "8 segments",
        "3 documents",
        "6 findings",
        "6 new",
        "41.2 BLEU against the reference translation",
        "60.0 chrF against the reference translation",
        "37.5% terms rendered as the glossary says",
    ]
    for tile in parsed.tiles:
        assert "_" not in tile and ":" not in tile, f"an internal key as a tile: {tile}"


def test_an_empty_target_says_no_translation_aligned(tmp_path: Path, glossary_file: Path) -> None:
    import mtaudit

    corpus = tmp_path / "c.tsv"
    corpus.write_text(
        "id\tsource\ttarget\ns1\t拜登说。\t\ns2\t拜登政府表示。\tThe Bayeng administration said.\n", encoding="utf-8"
    )
    html = render(mtaudit.audit(corpus, glossaries=[glossary_file]), "html")
    assert html.count('<div class="tgt none">no translation aligned</div>') == 1
    assert '<mark class="bad">Bayeng</mark>' in html


def test_each_finding_chart_counts_what_the_rows_carry(tmp_path: Path) -> None:
    parsed = page(render(sample_result(tmp_path), "html"))
    rows = [a for t, a in parsed.order if t == "tr" and "data-kind" in a]
    charts = [a for t, a in parsed.order if t == "figure" and "data-chart" in a]
    assert [c["data-chart"] for c in charts] == ["kind", "entity", "document"]
    for chart in charts:  # the script redraws each chart from these attributes of the rows shown
        assert all(f"data-{chart['data-chart']}" in row for row in rows)
    assert {row["data-document"] for row in rows} == {"news/a", "news/b", "news/c"}
    assert {row["data-entity"] for row in rows} >= {"Biden (拜登)", "Sergei Lavrov (拉夫罗夫)"}


def script_of(html: str) -> str:
    return html.split("<script>")[1].split("</script>")[0]


def test_the_script_keeps_the_filter_in_the_url(tmp_path: Path) -> None:
    script = script_of(render(sample_result(tmp_path), "html"))
    assert "history.replaceState" in script and "location.search" in script and "hashchange" in script
    assert "innerHTML" not in script, "the script draws with DOM calls, so no text becomes markup"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not on PATH")
def test_the_script_parses(tmp_path: Path) -> None:
    path = tmp_path / "page.js"
    path.write_text(script_of(render(sample_result(tmp_path), "html")), encoding="utf-8")
    done = subprocess.run(
        [shutil.which("node"), "--check", str(path)], capture_output=True, text=True, encoding="utf-8"
    )
    assert done.returncode == 0, done.stderr


def run_chromium(*args: str) -> subprocess.CompletedProcess[str]:
    profile = tempfile.mkdtemp(prefix="mtaudit-chromium-")
    try:
        return subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=90,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not on PATH (make html-check installs it)")
def test_report_opens_in_headless_chromium_and_filters(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    write_report(sample_result(tmp_path), "html", report)
    done = run_chromium("--enable-logging=stderr", "--v=0", "--dump-dom", f"{report.as_uri()}#kind=misrendered")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Uncaught" not in done.stderr, "the page's script raised an error"
    dom = done.stdout
    tags = elements(dom)
    rows = [a for t, a in tags if t == "tr" and "data-kind" in a]
    assert len(rows) == 6
    visible = [a["data-kind"] for a in rows if "hidden" not in a]
    assert visible == ["misrendered", "misrendered"], "the script filtered the table by the link's #kind"
    assert "2 of 6 shown" in dom
    kinds = dom.split('data-chart="kind"')[1].split("</figure>")[0]
    assert "<title>misrendered: 2</title>" in kinds and "forbidden" not in kinds, "the chart follows the filter"
    assert [t for t, _ in tags].count("script") == 1
    assert "&lt;script&gt;alert" in dom  # the hostile text stayed text in the live DOM


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not on PATH (make html-check installs it)")
def test_report_renders_a_screenshot(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    write_report(sample_result(tmp_path), "html", report)
    shot = tmp_path / "shot.png"
    done = run_chromium(f"--screenshot={shot}", "--window-size=1280,900", report.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    if os.environ.get("MTAUDIT_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["MTAUDIT_KEEP_SCREENSHOT"])


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not on PATH (make html-check installs it)")
def test_report_sorts_in_headless_chromium(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    write_report(sample_result(tmp_path), "html", report)
    done = run_chromium("--dump-dom", f"{report.as_uri()}#sort=-kind")
    assert done.returncode == 0, done.stderr[-2000:]
    kinds = [a["data-kind"] for t, a in elements(done.stdout) if t == "tr" and "data-kind" in a]
    assert kinds == sorted(kinds, reverse=True) and kinds[0] == "missing"
    assert 'data-key="kind" aria-sort="descending"' in done.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not on PATH (make html-check installs it)")
def test_a_query_string_and_a_hash_are_restored_and_written_back(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    write_report(sample_result(tmp_path), "html", report)
    done = run_chromium("--dump-dom", f"{report.as_uri()}?kind=misrendered#sort=-confidence")
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [a for t, a in elements(done.stdout) if t == "tr" and "data-kind" in a]
    assert [a["data-kind"] for a in rows if "hidden" not in a] == ["misrendered", "misrendered"]
    assert 'data-key="confidence" data-type="number" aria-sort="descending"' in done.stdout
    (link,) = [a for t, a in elements(done.stdout) if a.get("id") == "permalink"]
    assert link["href"] == "#kind=misrendered&sort=-confidence", "the view, as a link"
