"""Report stage: a registry of output formats (name → module, class, summary), imported lazily.

Adding a format is one module (a :class:`mtaudit.report.base.Writer`), one line here and its
golden file (``tests/report/test_formats.py``). Every report is written atomically
(:mod:`mtaudit.files`), so a failing run never leaves a half-written report.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtaudit.errors import ConfigError
from mtaudit.files import Content, write_all
from mtaudit.options import ReportOptions
from mtaudit.registry import LazyClass

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.result import AuditResult


@dataclass(frozen=True)
class WriterSpec(LazyClass):
    extension: str
    summary: str


WRITERS: dict[str, WriterSpec] = {
    "json": WriterSpec(
        "mtaudit.report.json_report", "JsonWriter", ".json", "the JSON report (schema mtaudit.report/1)"
    ),
    "markdown": WriterSpec(
        "mtaudit.report.markdown", "MarkdownWriter", ".md", "Markdown summary, fit for a pull-request comment"
    ),
    "junit": WriterSpec(
        "mtaudit.report.junit",
        "JunitWriter",
        ".junit.xml",
        "JUnit XML: one test case per document and kind, and per gate rule",
    ),
    "sarif": WriterSpec(
        "mtaudit.report.sarif", "SarifWriter", ".sarif", "SARIF 2.1.0 for code scanning, with file, line and column"
    ),
    "html": WriterSpec(
        "mtaudit.report.html",
        "HtmlWriter",
        ".html",
        "one self-contained HTML page: charts, filterable findings, highlighted spans",
    ),
    "csv": WriterSpec(
        "mtaudit.report.tabular", "CsvWriter", ".csv", "findings as CSV (segments beside it as NAME.segments.csv)"
    ),
    "parquet": WriterSpec(
        "mtaudit.report.tabular",
        "ParquetWriter",
        ".parquet",
        "findings as Parquet (segments beside it as NAME.segments.parquet)",
    ),
    "text": WriterSpec(
        "mtaudit.report.text", "TextWriter", ".txt", "one line per new finding: file:line:col: severity [kind] message"
    ),
    "github": WriterSpec(
        "mtaudit.report.github", "GithubWriter", ".github.txt", "GitHub Actions annotations (::error file=…,line=…::…)"
    ),
}


def writer(fmt: str, options: ReportOptions | None = None) -> Any:
    if fmt not in WRITERS:
        raise ConfigError(f"unknown report format '{fmt}' (known: {', '.join(WRITERS)})")
    return WRITERS[fmt].load_class()(options or ReportOptions())


def render(result: AuditResult, fmt: str, options: ReportOptions | None = None) -> str:
    """The report as text; binary formats (parquet) refuse, they need a file."""
    return "".join(render_chunks(result, fmt, options))


def render_chunks(result: AuditResult, fmt: str, options: ReportOptions | None = None) -> Iterator[str]:
    """The report as text in pieces, for a stream (the JSON report is never held whole);
    binary formats (parquet) refuse, they need a file."""
    for chunk in writer(fmt, options).chunks(result):
        if not isinstance(chunk, str):
            raise ConfigError(f"the {fmt} format is binary: give --output or --report-dir")
        yield chunk


def write_report(result: AuditResult, fmt: str, path: str | Path, options: ReportOptions | None = None) -> list[Path]:
    """Write one format to ``path`` (tabular formats add a segments file beside it); the paths written.

    Files are renamed into place only once all are written, so a failure leaves none behind.
    """
    outputs = writer(fmt, options).outputs(result, Path(path))
    write_all(outputs)
    return list(outputs)


def report_paths(formats: list[str], output: str | Path | None, report_dir: str | Path | None) -> list[Path]:
    """Every file :func:`write_report` to ``output`` and :func:`write_reports` into ``report_dir``
    will write for ``formats``, known before the audit runs (so that they can be checked first)."""
    paths = []
    if report_dir is not None:
        for fmt in formats:
            paths += writer(fmt).paths(Path(report_dir) / f"report{WRITERS[fmt].extension}")
    if output is not None:
        paths += writer(formats[0]).paths(Path(output))
    return paths


def write_reports(
    result: AuditResult, formats: list[str], directory: str | Path, options: ReportOptions | None = None
) -> list[Path]:
    """Write every format in ``formats`` into ``directory`` as ``report<extension>``.

    Files are renamed into place only once all are written, so a failure writes none.
    """
    outputs: dict[Path, Content] = {}
    for fmt in formats:
        outputs.update(writer(fmt, options).outputs(result, Path(directory) / f"report{WRITERS[fmt].extension}"))
    write_all(outputs)
    return list(outputs)
