"""Command-line interface: parses options and calls one pipeline function per command.

Only this module turns :class:`mtaudit.errors.MtauditError` into a message on stderr and exit
code 2. Heavy modules are imported inside the commands, so ``mtaudit --help`` starts fast.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, List, Optional

import typer

from mtaudit.errors import EXIT_GATE_FAILED, EXIT_OK, EXIT_USAGE, MtauditError

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.pipeline import AuditResult

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
    input: Path = typer.Argument(..., help="Bilingual file (.tsv .csv .jsonl), or the Chinese side."),
    target: Optional[Path] = typer.Argument(None, help="English side, when INPUT is the Chinese side."),
    glossary: List[Path] = typer.Option([], "--glossary", "-g", help="Glossary (YAML, CSV/TSV); repeatable. Replaces the bundled ones."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the report here (default: stdout)."),
    format: str = typer.Option("json", "--format", "-f", help=f"Report format: {', '.join(FORMATS)}."),
    mt: Optional[bool] = typer.Option(None, "--mt/--no-mt", help="Require (--mt) or skip (--no-mt) the reference MT stage; default: run it if the model is available."),
    learn: Optional[Path] = typer.Option(None, "--learn", help="Add the misrenderings found to this glossary file as forbidden forms."),
    engine: str = typer.Option("local", "--engine", help="Run the checks in this process (local), a process pool (process) or on Ray (ray)."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Worker processes or Ray actors (default: the CPUs available)."),
    ray_address: Optional[str] = typer.Option(None, "--ray-address", help="Ray cluster to run on with --engine ray (default: start a local one)."),
) -> None:
    """Audit a translation and write a report; exit 0 if the gate passed, 1 if it failed, 2 on bad input."""
    from mtaudit.pipeline import audit as run_audit
    from mtaudit.report import render, write_atomic

    try:
        if format not in FORMATS:
            raise MtauditError(f"unknown --format '{format}' (choose from {', '.join(FORMATS)})")
        from mtaudit.engine import make_engine

        result = run_audit(input, target, glossaries=glossary, mt=mt, engine=make_engine(engine, workers, ray_address))
        text = render(result, format)
        if output is None:
            sys.stdout.write(text)
        else:
            write_atomic(output, text)
        if learn is not None:
            _learn(result, glossary, learn)
    except MtauditError as error:
        _fail(error)
    for notice in result.summary.get("notices", []):
        typer.echo(f"mtaudit: {notice}", err=True)
    raise typer.Exit(EXIT_OK if result.passed else EXIT_GATE_FAILED)


def _learn(result: "AuditResult", glossaries: List[Path], path: Path) -> None:
    from mtaudit.glossary import load_glossaries
    from mtaudit.glossary.learn import write_learned

    count = write_learned(result.findings.to_dict("records"), load_glossaries(glossaries), path)
    typer.echo(f"mtaudit: learned forbidden forms for {count} entries into {path}", err=True)


glossary_app = typer.Typer(help="Glossary tools: lint and convert.", no_args_is_help=True)
app.add_typer(glossary_app, name="glossary")


@glossary_app.command("lint")
def glossary_lint(
    files: List[Path] = typer.Argument(None, help="Glossaries to lint (default: the bundled ones)."),
) -> None:
    """Report duplicate ids and sources, conflicting renderings, forbidden forms that would flag
    correct text, and entries shadowed by longer ones; exit 1 when there are errors."""
    from mtaudit.glossary import load_glossaries
    from mtaudit.glossary.lint import lint

    try:
        issues = lint(load_glossaries(files))
    except MtauditError as error:
        _fail(error)
    for issue in issues:
        typer.echo(str(issue))
    errors = sum(issue.severity == "error" for issue in issues)
    typer.echo(f"{len(issues)} issues, {errors} errors", err=True)
    raise typer.Exit(EXIT_GATE_FAILED if errors else EXIT_OK)


@glossary_app.command("convert")
def glossary_convert(
    source: Path = typer.Argument(..., help="Glossary to read (.yaml .csv .tsv .tbx)."),
    destination: Path = typer.Argument(..., help="File to write; the format follows the extension."),
    tbx_version: int = typer.Option(3, "--tbx-version", help="TBX version to write: 2 (martif) or 3."),
) -> None:
    """Convert a glossary between YAML, CSV/TSV and TBX."""
    from mtaudit.glossary import load_glossary, save_glossary

    try:
        if tbx_version not in (2, 3):
            raise MtauditError(f"--tbx-version must be 2 or 3, not {tbx_version}")
        glossary = load_glossary(source)
        save_glossary(glossary, destination, tbx_version=tbx_version)
    except MtauditError as error:
        _fail(error)
    typer.echo(f"mtaudit: wrote {len(glossary)} entries to {destination}", err=True)


@app.command()
def version() -> None:
    """Print the version."""
    from mtaudit import __version__

    typer.echo(__version__)


def main() -> None:
    app()
