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
from mtaudit.metrics import ScoreOptions
from mtaudit.mt.options import MTOptions

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
    mt_model: Optional[str] = typer.Option(None, "--mt-model", help=f"Reference model: hub name or local directory [default: {MTOptions.DEFAULT_MODEL}]."),
    mt_backend: Optional[str] = typer.Option(None, "--mt-backend", help="transformers, or ct2 (a CTranslate2-converted directory) [default: transformers]."),
    mt_device: Optional[str] = typer.Option(None, "--mt-device", help="auto, cpu, cuda[:N] or mps [default: auto]."),
    mt_batch_tokens: Optional[int] = typer.Option(None, "--mt-batch-tokens", help=f"Padded source tokens per batch [default: {MTOptions.batch_tokens}]."),
    num_beams: Optional[int] = typer.Option(None, "--num-beams", help=f"Beam size of the reference model [default: {MTOptions.num_beams}]."),
    max_new_tokens: Optional[int] = typer.Option(None, "--max-new-tokens", help=f"Longest re-translation of one piece, in tokens [default: {MTOptions.max_new_tokens}]."),
    mt_cache: Optional[Path] = typer.Option(None, "--mt-cache", help="Translation cache directory [default: $MTAUDIT_CACHE_DIR or the user cache dir]."),
    no_mt_cache: bool = typer.Option(False, "--no-mt-cache", help="Neither read nor write the translation cache."),
    ter_max_words: int = typer.Option(ScoreOptions.DEFAULT_TER_MAX_WORDS, "--ter-max-words", help="Leave segments longer than this out of TER (its cost grows steeply); 0: no TER, -1: no cap."),
) -> None:
    """Audit a translation and write a report; exit 0 if the gate passed, 1 if it failed, 2 on bad input."""
    from mtaudit.pipeline import audit as run_audit
    from mtaudit.report import render, write_atomic

    try:
        if format not in FORMATS:
            raise MtauditError(f"unknown --format '{format}' (choose from {', '.join(FORMATS)})")
        mt_options = {"model": mt_model, "backend": mt_backend, "device": mt_device, "batch_tokens": mt_batch_tokens,
                      "num_beams": num_beams, "max_new_tokens": max_new_tokens,
                      "cache_dir": str(mt_cache) if mt_cache else None, "cache": False if no_mt_cache else None}
        result = run_audit(input, target, glossaries=glossary, mt=mt, mt_options=mt_options,
                           scores=ScoreOptions(ter_max_words=ter_max_words))
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
def compare(
    a: Path = typer.Argument(..., help="Baseline translation (same readers as audit)."),
    b: Path = typer.Argument(..., help="Candidate translation of the same sources."),
    reference: Optional[Path] = typer.Option(None, "--reference", "-r", help="Reference translations (default: a reference column of A or B)."),
    glossary: List[Path] = typer.Option([], "--glossary", "-g", help="Glossary for the per-term test; repeatable. Replaces the bundled ones."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the comparison here (default: stdout)."),
    format: str = typer.Option("markdown", "--format", "-f", help="json or markdown."),
    bootstrap_samples: int = typer.Option(1000, "--bootstrap-samples", help="Paired bootstrap resamples."),
    ar_trials: int = typer.Option(10000, "--ar-trials", help="Approximate randomisation trials."),
    alpha: float = typer.Option(0.05, "--alpha", help="Significance level."),
) -> None:
    """Compare two translations of the same sources: metric deltas and term success, with p-values."""
    from mtaudit.compare import CompareOptions, compare as run_compare, render as render_compare
    from mtaudit.report import write_atomic

    try:
        options = CompareOptions(bootstrap_samples=bootstrap_samples, ar_trials=ar_trials, alpha=alpha)
        text = render_compare(run_compare(a, b, reference=reference, glossaries=glossary, options=options), format)
        if output is None:
            sys.stdout.write(text)
        else:
            write_atomic(output, text)
    except MtauditError as error:
        _fail(error)


@app.command()
def version() -> None:
    """Print the version."""
    from mtaudit import __version__

    typer.echo(__version__)


def main() -> None:
    app()
