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
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


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
    for title in ("Findings by kind", "Findings by entity", "Findings by document", "Segment chrf_reference (n=8)"):
        assert title in html
    assert html.count("<svg") == 4
    assert "target_line" not in html.split("Findings by document")[1].split("<table")[0], "positions are not scores"


def test_wrong_span_is_highlighted_next_to_term_and_suggestion(tmp_path: Path) -> None:
    html = render(sample_result(tmp_path), "html")
    assert '<mark class="bad">Bayeng</mark> administration' in html
    assert '<mark class="term">拜登</mark>政府' in html
    assert '<td class="fix">Biden</td>' in html


def run_chromium(*args: str) -> subprocess.CompletedProcess[str]:
    profile = tempfile.mkdtemp(prefix="mtaudit-chromium-")
    try:
        return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                              text=True, encoding="utf-8", timeout=90)
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
