"""Command-line interface: parses options into the typed option objects the Python API takes
(:mod:`mtaudit.options`, whose defaults the help shows) and calls one pipeline function per command.

Only this module turns :class:`mtaudit.errors.MtauditError` into a message on stderr and exit
code 2. The stages are reached through lazily imported entries (:class:`mtaudit.registry.LazyFunction`),
so ``mtaudit --help`` imports none of them.
"""
from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from mtaudit.checks import CHECKS
from mtaudit.config import load_config
from mtaudit.errors import EXIT_GATE_FAILED, EXIT_OK, EXIT_USAGE, ConfigError, MtauditError
from mtaudit.files import refuse_overwriting, require_writable, spool_directory, write_atomic, write_to_stream
from mtaudit.options import (
    DEFAULT_REV,
    TBX_VERSIONS,
    CheckOptions,
    CompareOptions,
    EngineOptions,
    MineOptions,
    MTOptions,
    ReportOptions,
    ScoreOptions,
)
from mtaudit.registry import LazyFunction
from mtaudit.report import WRITERS, render, report_paths, write_report
from mtaudit.report.outputs import DEFAULT_FORMAT, emit, parse_formats
from mtaudit.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.result import AuditResult

#: The stages the commands call, each imported when a command first calls it.
run_audit = LazyFunction("mtaudit.pipeline", "audit")
make_engine = LazyFunction("mtaudit.engine", "make_engine")
load_corpus = LazyFunction("mtaudit.corpus", "load_corpus")
load_glossaries = LazyFunction("mtaudit.glossary", "load_glossaries")
load_glossary = LazyFunction("mtaudit.glossary", "load_glossary")
bundled_glossary_paths = LazyFunction("mtaudit.glossary", "bundled_glossary_paths")
glossary_format = LazyFunction("mtaudit.glossary", "format_for")
save_glossary = LazyFunction("mtaudit.glossary", "save_glossary")
write_learned = LazyFunction("mtaudit.glossary.learn", "write_learned")
lint = LazyFunction("mtaudit.glossary.lint", "lint")
mine = LazyFunction("mtaudit.glossary.mine", "mine")
output_format = LazyFunction("mtaudit.glossary.mine", "output_format")
render_proposals = LazyFunction("mtaudit.glossary.mine", "render_proposals")
run_compare = LazyFunction("mtaudit.compare", "compare")
render_compare = LazyFunction("mtaudit.compare", "render")

app = typer.Typer(
    name="mtaudit",
    help="Audit Chinese-to-English machine translation: wrong names, terminology and metric scores.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
FORMATS = tuple(WRITERS)
_MT = MTOptions()


def _fail(error: MtauditError) -> None:
    typer.echo(f"mtaudit: error: {_one_line(str(error))}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _one_line(text: str) -> str:
    """``text`` with its control characters escaped (a file name may hold a newline, a CR or a
    terminal escape): an error stays one line, and says what it says."""
    return "".join(char if char.isprintable() or char == " " else ascii(char)[1:-1] for char in text)


def _guard_outputs(outputs: list[Path | None], inputs: list[Path | None]) -> None:
    """Before any work: refuse an output that is an input, or that cannot be written."""
    chosen = [path for path in outputs if path is not None]
    refuse_overwriting(chosen, inputs)
    for path in chosen:
        require_writable(path)


def _glossary_inputs(glossary: list[Path]) -> list[Path]:
    """The glossary files an audit reads: those given, else the bundled ones."""
    return list(glossary) or bundled_glossary_paths()


@app.command()
def audit(
    input: Path = typer.Argument(..., help="Bilingual file (.tsv .csv .jsonl .xlf .tmx .po), the Chinese side (file or directory), or English alone."),
    target: Path | None = typer.Argument(None, help="English side (file or directory), when INPUT is the Chinese side."),
    glossary: list[Path] = typer.Option([], "--glossary", "-g", help="Glossary (YAML, CSV/TSV); repeatable. Replaces the bundled ones."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report here (default: stdout)."),
    format: list[str] = typer.Option([], "--format", "-f", help=f"Report format(s), repeatable or comma-separated: {', '.join(FORMATS)} (default {DEFAULT_FORMAT})."),
    report_dir: Path | None = typer.Option(None, "--report-dir", help="Write every requested format into DIR as report.<ext>."),
    sarif_root: Path | None = typer.Option(None, "--sarif-root", help="Make SARIF locations relative to DIR (the repository's root, as code scanning reads them).", show_default="the git top level of the input, else the working directory"),
    config: Path | None = typer.Option(None, "--config", help="Configuration file (default: nearest mtaudit.toml, or pyproject.toml with a tool.mtaudit table)."),
    baseline: Path | None = typer.Option(None, "--baseline", help="Earlier JSON report: its findings are accepted, only new ones count."),
    changed_only: str | None = typer.Option(None, "--changed-only", metavar="[REV]", help="Audit only files changed since the git revision REV (default HEAD)."),
    mt: bool | None = typer.Option(None, "--mt/--no-mt", help="Require (--mt) or skip (--no-mt) the reference MT stage; default: run it if the model is available."),
    learn: Path | None = typer.Option(None, "--learn", help="Add the misrenderings found to this glossary file as forbidden forms."),
    mt_from: list[Path] = typer.Option([], "--mt-from", help="Another translation of the same sources (any input format, or plain English with one line per segment) for name triangulation; repeatable."),
    mt_model: str | None = typer.Option(None, "--mt-model", help="Reference model: hub name or local directory.", show_default=_MT.model),
    mt_backend: str | None = typer.Option(None, "--mt-backend", help=f"{' or '.join(MTOptions.BACKENDS)} (a CTranslate2-converted directory).", show_default=_MT.backend),
    mt_device: str | None = typer.Option(None, "--mt-device", help="auto, cpu, cuda[:N] or mps.", show_default=_MT.device),
    mt_batch_tokens: int | None = typer.Option(None, "--mt-batch-tokens", help="Padded source tokens per batch.", show_default=str(_MT.batch_tokens)),
    num_beams: int | None = typer.Option(None, "--num-beams", help="Beam size of the reference model.", show_default=str(_MT.num_beams)),
    max_new_tokens: int | None = typer.Option(None, "--max-new-tokens", help="Longest re-translation of one piece, in tokens.", show_default=str(_MT.max_new_tokens)),
    mt_cache: Path | None = typer.Option(None, "--mt-cache", help="Translation cache directory.", show_default="$MTAUDIT_CACHE_DIR or the user cache dir"),
    no_mt_cache: bool = typer.Option(False, "--no-mt-cache", help="Neither read nor write the translation cache."),
    ter_max_words: int = typer.Option(ScoreOptions.DEFAULT_TER_MAX_WORDS, "--ter-max-words", help="Leave segments longer than this out of TER (its cost grows steeply); 0: no TER, -1: no cap."),
    min_confidence: float | None = typer.Option(None, "--min-confidence", min=0, max=1, help="Report only findings at least this sure (0–1).", show_default=f"min_confidence of the configuration, else {CheckOptions.DEFAULT_MIN_CONFIDENCE}"),
    consistency_scope: str | None = typer.Option(None, "--consistency-scope", help=f"Compare a term's renderings per document, per segment, or across the corpus ({', '.join(CheckOptions.SCOPES)}).", show_default="document; segment for a table without doc_id or line-aligned files"),
    checks: list[str] = typer.Option([], "--checks", help=f"Checks to run, repeatable or comma-separated (default: all): {', '.join(CHECKS)}."),
    engine: str = typer.Option(EngineOptions.name, "--engine", help=f"Run the checks in this process (local), in worker processes (process), on Ray (ray; the reference MT too, in model actors), or auto: worker processes for {EngineOptions.AUTO_PROCESS_ROWS // 1000}k rows or more on a machine with several cores."),
    workers: int | None = typer.Option(None, "--workers", min=1, help="Worker processes or Ray actors (default: the CPUs available)."),
    ray_address: str | None = typer.Option(None, "--ray-address", help="Ray cluster to run on with --engine ray (default: start a local one)."),
    ray_start_timeout: float | None = typer.Option(None, "--ray-start-timeout", min=1, help="Seconds Ray may take to start or to connect before the run is refused.", show_default=f"{EngineOptions.ray_start_timeout:g}"),
) -> None:
    """Audit a translation and write a report; exit 0 if the gate passed, 1 if it failed, 2 on bad input."""
    try:
        formats = parse_formats(format, output, report_dir)
        settings = load_config(config)
        _preflight_audit(formats, output, report_dir, learn,
                         [input, target, settings.path, baseline or settings.baseline, *mt_from],
                         _glossary_inputs(glossary))
        if consistency_scope is not None and consistency_scope not in CheckOptions.SCOPES:
            raise ConfigError(f"--consistency-scope must be one of {', '.join(CheckOptions.SCOPES)}, not '{consistency_scope}'")
        options = CheckOptions(consistency_scope=consistency_scope, min_confidence=min_confidence)
        reports = ReportOptions(sarif_root=None if sarif_root is None else str(sarif_root))
        mt_options = MTOptions.from_mapping({
            "model": mt_model, "backend": mt_backend, "device": mt_device, "batch_tokens": mt_batch_tokens,
            "num_beams": num_beams, "max_new_tokens": max_new_tokens,
            "cache_dir": str(mt_cache) if mt_cache else None, "cache": False if no_mt_cache else None})
        engines = EngineOptions(engine, workers, ray_address,
                                ray_start_timeout if ray_start_timeout is not None else EngineOptions.ray_start_timeout)
        with spool_directory() as spool:  # the tables, until the reports are written
            result = run_audit(input, target, glossaries=glossary, mt=mt, config=settings, baseline=baseline,
                               options=options, changed_since=changed_only, mt_options=mt_options, mt_from=mt_from,
                               scores=ScoreOptions(ter_max_words=ter_max_words), spool=spool,
                               checks=[c.strip() for value in checks for c in value.split(",") if c.strip()] or None,
                               engine=make_engine(engines, may_start_fresh=True))
            emit(result, formats, output, report_dir, options=reports)
            if learn is not None:
                _learn(result, glossary, learn)
    except MtauditError as error:
        _fail(error)
    for notice in result.summary.get("notices", []):
        typer.echo(f"mtaudit: {notice}", err=True)
    raise typer.Exit(EXIT_OK if result.passed else EXIT_GATE_FAILED)


def _preflight_audit(formats: list[str], output: Path | None, report_dir: Path | None, learn: Path | None,
                     inputs: list[Path | None], glossaries: list[Path]) -> None:
    """What an audit will write, checked before it runs: never one of the files it reads, always
    writable. A ``--learn`` glossary may be one of the glossaries: learned forms are merged into it."""
    if report_dir is not None:
        require_writable(report_dir, directory=True)
    _guard_outputs(list(report_paths(formats, output, report_dir)), [*inputs, *glossaries])
    if learn is not None:
        _guard_outputs([learn], inputs)
        glossary_format(learn)
        if learn.exists():
            load_glossary(learn)  # a learn file that could not be merged into is refused now, not after the audit


def _learn(result: AuditResult, glossaries: list[Path], path: Path) -> None:
    count = write_learned(result.findings.to_dict("records"), load_glossaries(glossaries), path)
    typer.echo(f"mtaudit: learned forbidden forms for {count} entries into {path}", err=True)


glossary_app = typer.Typer(help="Glossary tools: lint, convert, and mine a trusted corpus for new entries.", no_args_is_help=True)
app.add_typer(glossary_app, name="glossary")


@glossary_app.command("lint")
def glossary_lint(
    files: list[Path] = typer.Argument(None, help="Glossaries to lint (default: the bundled ones)."),
) -> None:
    """Report duplicate ids and sources, conflicting renderings, forbidden forms that would flag
    correct text, and entries shadowed by longer ones; exit 1 when there are errors."""
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
    tbx_version: int = typer.Option(TBX_VERSIONS[0], "--tbx-version", help="TBX version to write: 2 (martif) or 3."),
) -> None:
    """Convert a glossary between YAML, CSV/TSV and TBX."""
    try:
        if tbx_version not in TBX_VERSIONS:
            raise MtauditError(f"--tbx-version must be 2 or 3, not {tbx_version}")
        _guard_outputs([destination], [source])
        glossary = load_glossary(source)
        save_glossary(glossary, destination, tbx_version=tbx_version)
    except MtauditError as error:
        _fail(error)
    typer.echo(f"mtaudit: wrote {len(glossary)} entries to {destination}", err=True)


@glossary_app.command("mine")
def glossary_mine(
    input: Path = typer.Argument(..., help="Trusted bilingual corpus (.tsv .csv .jsonl .xlf .tmx .po; its reference column where present, else target), or the Chinese side."),
    target: Path | None = typer.Argument(None, help="English side (a human translation), when INPUT is the Chinese side."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the proposals here (default: stdout)."),
    glossary: list[Path] = typer.Option([], "--glossary", "-g", help="Glossaries to extend: names they cover are not proposed; repeatable (default: the bundled ones)."),
    min_count: int = typer.Option(MineOptions.min_count, "--min-count", min=1, help="Propose a name, and a variant, only when linked to the rendering in this many segments."),
    min_score: float = typer.Option(MineOptions.min_score, "--min-score", min=0, max=1, help="Lowest score (0–1: co-occurrence, likeness to the pinyin or CC-CEDICT, position) proposed."),
    format: str | None = typer.Option(None, "--format", "-f", help="yaml or csv [default: from the extension of --output, else yaml]."),
) -> None:
    """Propose glossary entries for the names of a trusted bilingual corpus that the glossary does
    not know, with their evidence, best first; review them before use. Exits 0."""
    try:
        chosen = output_format(format, output)
        _guard_outputs([output], [input, target, *_glossary_inputs(glossary)])
        known = load_glossaries(glossary)
        proposals = mine(load_corpus(input, target), known, min_count=min_count, min_score=min_score)
        text = render_proposals(proposals, chosen, output)
        if output is None:
            write_to_stream(sys.stdout, [text])
        else:
            write_atomic(output, text)
    except MtauditError as error:
        _fail(error)
    where = f" to {output}" if output is not None else ""
    typer.echo(f"mtaudit: {len(proposals)} proposed entries written{where}; review them before use", err=True)


@app.command()
def baseline(
    input: Path = typer.Argument(..., help="Bilingual file (.tsv .csv .jsonl), or the Chinese side."),
    target: Path | None = typer.Argument(None, help="English side, when INPUT is the Chinese side."),
    output: Path = typer.Option(..., "--output", "-o", help="Where to write the baseline (a JSON report)."),
    glossary: list[Path] = typer.Option([], "--glossary", "-g", help="Glossary; repeatable."),
    config: Path | None = typer.Option(None, "--config", help="Configuration file (kinds switched off are left out)."),
    mt: bool | None = typer.Option(False, "--mt/--no-mt", help="Run the reference MT stage (default: no)."),
) -> None:
    """Record today's findings as accepted: write a JSON report to pass later as --baseline. Exits 0."""
    try:
        settings = load_config(config)
        _guard_outputs([output], [input, target, *_glossary_inputs(glossary), settings.path])
        result = run_audit(input, target, glossaries=glossary, mt=mt, config=settings)
        write_report(result, "json", output)
    except MtauditError as error:
        _fail(error)
    typer.echo(f"mtaudit: baseline of {len(result.findings)} finding(s) written to {output}", err=True)


@app.command()
def check(
    files: list[Path] = typer.Argument(..., help="Bilingual files to audit, each on its own (pre-commit passes the staged ones)."),
    glossary: list[Path] = typer.Option([], "--glossary", "-g", help="Glossary; repeatable."),
    config: Path | None = typer.Option(None, "--config", help="Configuration file."),
    baseline: Path | None = typer.Option(None, "--baseline", help="Earlier JSON report whose findings are accepted."),
) -> None:
    """Audit each FILE and print one line per new finding; exit 1 if any file fails the gate (pre-commit hook)."""
    passed = True
    try:
        settings = load_config(config)
        for file in files:
            result = run_audit(file, glossaries=glossary, mt=False, config=settings, baseline=baseline)
            write_to_stream(sys.stdout, [render(result, "text")])
            passed = passed and result.passed
    except MtauditError as error:
        _fail(error)
    raise typer.Exit(EXIT_OK if passed else EXIT_GATE_FAILED)


@app.command()
def compare(
    a: Path = typer.Argument(..., help="Baseline translation (same readers as audit)."),
    b: Path = typer.Argument(..., help="Candidate translation of the same sources."),
    reference: Path | None = typer.Option(None, "--reference", "-r", help="Reference translations (default: a reference column of A or B)."),
    glossary: list[Path] = typer.Option([], "--glossary", "-g", help="Glossary for the per-term test; repeatable. Replaces the bundled ones."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the comparison here (default: stdout)."),
    format: str = typer.Option("markdown", "--format", "-f", help="json or markdown."),
    bootstrap_samples: int = typer.Option(CompareOptions.bootstrap_samples, "--bootstrap-samples", help="Paired bootstrap resamples."),
    ar_trials: int = typer.Option(CompareOptions.ar_trials, "--ar-trials", help="Approximate randomisation trials."),
    alpha: float = typer.Option(CompareOptions.alpha, "--alpha", help="Significance level."),
) -> None:
    """Compare two translations of the same sources: metric deltas and term success, with p-values."""
    try:
        options = CompareOptions(bootstrap_samples=bootstrap_samples, ar_trials=ar_trials, alpha=alpha)
        _guard_outputs([output], [a, b, reference, *_glossary_inputs(glossary)])
        text = render_compare(run_compare(a, b, reference=reference, glossaries=glossary, options=options), format)
        if output is None:
            write_to_stream(sys.stdout, [text])
        else:
            write_atomic(output, text)
    except MtauditError as error:
        _fail(error)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


class Stopped(BaseException):
    """The run was stopped by a signal: raised in the main process, so that what it started (worker
    processes, the spool directory, temporary files) is cleaned up on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def main() -> None:
    _stop_on_signals()
    try:
        app(args=_optional_changed_rev(sys.argv[1:]))
    except Stopped as stopped:
        typer.echo(f"mtaudit: stopped by {signal.Signals(stopped.signum).name}", err=True)
        sys.exit(128 + stopped.signum)  # the shell's convention: 130 for SIGINT, 143 for SIGTERM


def _stop_on_signals() -> None:
    """SIGTERM (a CI timeout) and SIGINT (Ctrl-C) stop the run through :class:`Stopped`; a worker
    process forked from this one dies of the signal as it would by default."""
    main_pid = os.getpid()

    def stop(signum: int, frame: object) -> None:
        if os.getpid() != main_pid:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise Stopped(signum)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)


def _optional_changed_rev(args: list[str]) -> list[str]:
    """Let ``--changed-only`` stand without REV (meaning HEAD): click options cannot be optional-valued.

    The next argument is taken as REV unless it is an option or an existing path (an input).
    """
    args = list(args)
    for i, arg in enumerate(args):
        if arg == "--changed-only":
            following = args[i + 1] if i + 1 < len(args) else None
            if following is None or following.startswith("-") or Path(following).exists():
                args[i] = f"--changed-only={DEFAULT_REV}"
    return args
