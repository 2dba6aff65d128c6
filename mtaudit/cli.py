"""Command-line interface: parses options and calls one pipeline function per command.

Only this module turns :class:`mtaudit.errors.MtauditError` into a message on stderr and exit
code 2. Heavy modules are imported inside the commands, so ``mtaudit --help`` starts fast.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from mtaudit.errors import EXIT_GATE_FAILED, EXIT_OK, EXIT_USAGE, MtauditError

app = typer.Typer(
    name="mtaudit",
    help="Audit Chinese-to-English machine translation: wrong names, terminology and metric scores.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
FORMATS = ("json", "markdown")


def _fail(error: MtauditError) -> None:
    typer.echo(f"mtaudit: error: {error}", err=True)
    raise typer.Exit(EXIT_USAGE)


@app.command()
def audit(
    input: Path = typer.Argument(..., help="Bilingual file (.tsv .csv .jsonl .xlf .tmx .po), the Chinese side (file or directory), or English alone."),
    target: Optional[Path] = typer.Argument(None, help="English side (file or directory), when INPUT is the Chinese side."),
    glossary: List[Path] = typer.Option([], "--glossary", "-g", help="Glossary (YAML, CSV/TSV); repeatable. Replaces the bundled ones."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report here (default: stdout)."),
    format: str = typer.Option("json", "--format", "-f", help=f"Report format: {', '.join(FORMATS)}."),
    mt: Optional[bool] = typer.Option(None, "--mt/--no-mt", help="Require (--mt) or skip (--no-mt) the reference MT stage; default: run it if the model is available."),
) -> None:
    """Audit a translation and write a report; exit 0 if the gate passed, 1 if it failed, 2 on bad input."""
    from mtaudit.pipeline import audit as run_audit
    from mtaudit.report import render, write_atomic

    try:
        if format not in FORMATS:
            raise MtauditError(f"unknown --format '{format}' (choose from {', '.join(FORMATS)})")
        result = run_audit(input, target, glossaries=glossary, mt=mt)
        text = render(result, format)
        if output is None:
            sys.stdout.write(text)
        else:
            write_atomic(output, text)
    except MtauditError as error:
        _fail(error)
    for notice in result.summary.get("notices", []):
        typer.echo(f"mtaudit: {notice}", err=True)
    raise typer.Exit(EXIT_OK if result.passed else EXIT_GATE_FAILED)


@app.command()
def version() -> None:
    """Print the version."""
    from mtaudit import __version__

    typer.echo(__version__)


def main() -> None:
    app()
