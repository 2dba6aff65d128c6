"""Where reports go: one format to a file or stdout, several into ``--report-dir``, and GitHub
Actions annotations when running there (``GITHUB_ACTIONS=true``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from mtaudit.errors import ConfigError
from mtaudit.files import write_to_stream
from mtaudit.options import ReportOptions
from mtaudit.report import WRITERS, render, render_chunks, write_report, write_reports, writer

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.result import AuditResult

DEFAULT_FORMAT = "json"


def parse_formats(values: Iterable[str], output: Path | None, report_dir: Path | None) -> list[str]:
    """``-f json -f sarif`` or ``-f json,sarif`` → ``["json", "sarif"]``, checked before any work is
    done (a format this installation cannot write, Parquet without pyarrow, is refused here too)."""
    formats = list(dict.fromkeys(f.strip().lower() for v in values for f in v.split(",") if f.strip()))
    formats = formats or [DEFAULT_FORMAT]
    unknown = [f for f in formats if f not in WRITERS]
    if unknown:
        raise ConfigError(f"unknown --format '{unknown[0]}' (choose from {', '.join(WRITERS)})")
    if len(formats) > 1 and report_dir is None:
        raise ConfigError("several formats need --report-dir DIR (--output takes one format)")
    if output is not None and len(formats) > 1:
        raise ConfigError("--output takes one format; use --report-dir for several")
    for fmt in formats:
        writer(fmt).require()
    return formats


def emit(
    result: AuditResult,
    formats: list[str],
    output: Path | None,
    report_dir: Path | None,
    stdout: TextIO = sys.stdout,
    stderr: TextIO = sys.stderr,
    options: ReportOptions | None = None,
) -> list[Path]:
    """Write the requested reports; the report goes to stdout when neither a file nor a directory is given."""
    written: list[Path] = []
    if report_dir is not None:
        written += write_reports(result, formats, report_dir, options)
    if output is not None:
        written += write_report(result, formats[0], output, options)
    to_stdout = output is None and report_dir is None
    if to_stdout:
        write_to_stream(stdout, render_chunks(result, formats[0], options))
    if os.environ.get("GITHUB_ACTIONS") == "true" and "github" not in formats:
        # workflow commands are read from stdout; keep them off a report printed there
        write_to_stream(
            stderr if to_stdout else stdout, [render(result, "github")], "stderr" if to_stdout else "stdout"
        )
    return written
