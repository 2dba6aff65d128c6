"""Command-line interface: parses options into the typed option objects the Python API takes
(:mod:`mtaudit.options`, whose defaults the help shows) and calls one pipeline function per command.

Only this module turns :class:`mtaudit.errors.MtauditError` into a message on stderr and exit
code 2. The stages are reached through lazily imported entries (:class:`mtaudit.registry.LazyFunction`),
so ``mtaudit --help`` imports none of them.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
import typer.core

from mtaudit.checks import CHECKS
from mtaudit.cliparse import plain_coercion
from mtaudit.config import load_config
from mtaudit.errors import EXIT_GATE_FAILED, EXIT_OK, EXIT_USAGE, ConfigError, MtauditError
from mtaudit.files import refuse_overwriting, require_writable, spool_directory, write_atomic, write_to_stream
from mtaudit.options import (
    DEFAULT_REV,
    INPUT_FORMATS,
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
stdin_extension = LazyFunction("mtaudit.corpus", "stdin_extension")
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

#: ``-h`` as well as ``--help`` on every command (the help is plain, without boxes: ``rich_markup_mode``).
CONTEXT = {"help_option_names": ["-h", "--help"]}


class PlainGroup(typer.core.TyperGroup):
    """A group of commands whose own options (--version, --help) are coerced without pydantic."""

    def get_params(self, ctx: Any) -> list[Any]:
        return plain_coercion(super().get_params(ctx))


app = typer.Typer(
    name="mtaudit",
    cls=PlainGroup,
    help="Audit Chinese-to-English machine translation: wrong names, terminology and metric scores.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings=CONTEXT,
)
FORMATS = tuple(WRITERS)
#: What users type for a report format, besides its name.
FORMAT_ALIASES = {"md": "markdown"}
#: The name reports and errors give standard input (``-`` as INPUT).
STDIN = "<stdin>"
_MT = MTOptions()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mtaudit {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _top(
    version: bool = typer.Option(
        False, "--version", is_eager=True, callback=_version, help="Print the version and exit."
    ),
) -> None:
    """Audit Chinese-to-English machine translation: wrong names, terminology and metric scores."""


class PlainHelp(typer.core.TyperCommand):
    """A command's usage and options laid out as click does, from click's own parameter attributes,
    with every option's default: not with the Python type of each parameter (``<list[Path]>``)
    that typer's layout adds; its values coerced without pydantic (:mod:`mtaudit.cliparse`)."""

    def get_params(self, ctx: Any) -> list[Any]:
        return plain_coercion(super().get_params(ctx))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [
            self.options_metavar or "",
            *(_argument_metavar(p) for p in self.get_params(ctx) if p.param_type_name == "argument"),
        ]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        for title, kind in (("Arguments", "argument"), ("Options", "option")):
            records = [
                _help_record(p)
                for p in self.get_params(ctx)
                if p.param_type_name == kind and not getattr(p, "hidden", False)
            ]
            if records:
                with formatter.section(title):
                    formatter.write_dl(records)


def _argument_metavar(param: Any) -> str:
    name = param.metavar or param.name.upper()
    name = name if param.required else f"[{name}]"
    return name + ("..." if param.nargs != 1 else "")


def _help_record(param: Any) -> tuple[str, str]:
    """(``-g, --glossary FILE``, its help with the default, range and whether it is required)."""
    if param.param_type_name == "argument":
        name = _argument_metavar(param)
    else:
        name = ", ".join(sorted(param.opts, key=len))
        if param.secondary_opts:
            name += " / " + ", ".join(param.secondary_opts)
        if not param.is_flag:
            name += " " + (param.metavar or param.name.upper())
    extra = []
    default = param.show_default if isinstance(param.show_default, str) else param.default
    if not param.required and default not in (None, [], (), False, "") and not callable(default):
        extra.append(f"default: {', '.join(map(str, default)) if isinstance(default, (list, tuple)) else default}")
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None or high is not None:
        extra.append(
            f"{low} to {high}"
            if low is not None and high is not None
            else f"at least {low}"
            if low is not None
            else f"at most {high}"
        )
    if param.required:
        extra.append("required")
    help = " ".join((param.help or "").split())
    return name, f"{help}  [{'; '.join(extra)}]" if extra else help


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


@app.command(cls=PlainHelp)
def audit(
    input: Path = typer.Argument(
        ...,
        help="Bilingual file (.tsv .csv .jsonl .xlf .tmx .po), the Chinese side (file or directory), or English alone; - reads standard input.",
    ),
    target: Path | None = typer.Argument(
        None,
        help="English side (file or directory), when INPUT is the Chinese side.",
        show_default="none: INPUT is bilingual or English",
    ),
    input_format: str | None = typer.Option(
        None,
        "--input-format",
        metavar="FORMAT",
        help=f"Format of standard input (- as INPUT): {', '.join(INPUT_FORMATS)}.",
        show_default="sniffed from its first bytes",
    ),
    glossary: list[Path] = typer.Option(
        [],
        "--glossary",
        "-g",
        metavar="FILE",
        help="Glossary (YAML, CSV/TSV, TBX); repeatable. Replaces the bundled ones.",
        show_default="the bundled glossaries",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="FILE", help="Write the report here (- or none: stdout).", show_default="stdout"
    ),
    format: list[str] = typer.Option(
        [],
        "--format",
        "-f",
        help=f"Report format(s), repeatable or comma-separated: {', '.join(FORMATS)} (md for markdown).",
        show_default=DEFAULT_FORMAT,
    ),
    report_dir: Path | None = typer.Option(
        None,
        "--report-dir",
        metavar="DIR",
        help="Write every requested format into DIR as report.<ext>.",
        show_default="none",
    ),
    sarif_root: Path | None = typer.Option(
        None,
        "--sarif-root",
        metavar="DIR",
        help="Make SARIF locations relative to DIR (the repository's root, as code scanning reads them).",
        show_default="the git top level of the input, else the working directory",
    ),
    config: Path | None = typer.Option(
        None,
        "--config",
        metavar="FILE",
        help="Configuration file.",
        show_default="the nearest mtaudit.toml, or pyproject.toml with a tool.mtaudit table",
    ),
    baseline: Path | None = typer.Option(
        None,
        "--baseline",
        metavar="REPORT",
        help="Earlier JSON report: its findings are accepted, only new ones count.",
        show_default="baseline of the configuration, else none",
    ),
    changed_only: str | None = typer.Option(
        None,
        "--changed-only",
        metavar="[REV]",
        help=f"Audit only files changed since the git revision REV ({DEFAULT_REV} when REV is left out).",
        show_default="everything",
    ),
    mt: bool | None = typer.Option(
        None,
        "--mt/--no-mt",
        help="Require (--mt) or skip (--no-mt) the reference MT stage (it needs pip install 'mtaudit[mt]').",
        show_default="run it when the mt extra and the model are here",
    ),
    learn: Path | None = typer.Option(
        None,
        "--learn",
        metavar="FILE",
        help="Add the misrenderings found to this glossary file as forbidden forms.",
        show_default="none",
    ),
    mt_from: list[Path] = typer.Option(
        [],
        "--mt-from",
        metavar="FILE",
        help="Another translation of the same sources (any input format, or plain English with one line per segment) for name triangulation; repeatable.",
        show_default="none",
    ),
    mt_model: str | None = typer.Option(
        None,
        "--mt-model",
        metavar="MODEL",
        help="Reference model: hub name or local directory.",
        show_default=_MT.model,
    ),
    mt_backend: str | None = typer.Option(
        None,
        "--mt-backend",
        metavar="BACKEND",
        help=f"{' or '.join(MTOptions.BACKENDS)} (a CTranslate2-converted directory).",
        show_default=_MT.backend,
    ),
    mt_device: str | None = typer.Option(
        None, "--mt-device", metavar="DEVICE", help="auto, cpu, cuda[:N] or mps.", show_default=_MT.device
    ),
    mt_batch_tokens: int | None = typer.Option(
        None,
        "--mt-batch-tokens",
        metavar="N",
        help="Padded source tokens per batch.",
        show_default=str(_MT.batch_tokens),
    ),
    num_beams: int | None = typer.Option(
        None, "--num-beams", metavar="N", help="Beam size of the reference model.", show_default=str(_MT.num_beams)
    ),
    max_new_tokens: int | None = typer.Option(
        None,
        "--max-new-tokens",
        metavar="N",
        help="Longest re-translation of one piece, in tokens.",
        show_default=str(_MT.max_new_tokens),
    ),
    mt_cache: Path | None = typer.Option(
        None,
        "--mt-cache",
        metavar="DIR",
        help="Translation cache directory.",
        show_default="$MTAUDIT_CACHE_DIR or the user cache dir",
    ),
    no_mt_cache: bool = typer.Option(False, "--no-mt-cache", help="Neither read nor write the translation cache."),
    ter_max_words: int | None = typer.Option(
        ScoreOptions.ter_max_words,
        "--ter-max-words",
        metavar="N",
        help="Leave segments longer than this many words out of TER (counted in the report); 0: no TER.",
        show_default="every segment, as sacrebleu",
    ),
    min_confidence: float | None = typer.Option(
        None,
        "--min-confidence",
        metavar="LEVEL",
        min=0,
        max=1,
        help="Report only findings at least this sure (0–1).",
        show_default=f"min_confidence of the configuration, else {CheckOptions.DEFAULT_MIN_CONFIDENCE}",
    ),
    consistency_scope: str | None = typer.Option(
        None,
        "--consistency-scope",
        metavar="SCOPE",
        help=f"Compare a term's renderings per document, per segment, or across the corpus ({', '.join(CheckOptions.SCOPES)}).",
        show_default="document; segment for a table without doc_id or line-aligned files",
    ),
    checks: list[str] = typer.Option(
        [],
        "--checks",
        metavar="CHECKS",
        help=f"Checks to run, repeatable or comma-separated: {', '.join(CHECKS)}.",
        show_default="all",
    ),
    engine: str = typer.Option(
        EngineOptions.name,
        "--engine",
        metavar="ENGINE",
        help=f"Run the checks in this process (local), in worker processes (process), on Ray (ray; the reference MT too, in model actors), or auto: worker processes for {EngineOptions.AUTO_PROCESS_ROWS // 1000}k rows or more on a machine with several cores.",
    ),
    workers: int | None = typer.Option(
        None, "--workers", metavar="N", min=1, help="Worker processes or Ray actors.", show_default="the CPUs available"
    ),
    ray_address: str | None = typer.Option(
        None,
        "--ray-address",
        metavar="ADDRESS",
        help="Ray cluster to run on with --engine ray.",
        show_default="start a local one",
    ),
    ray_start_timeout: float | None = typer.Option(
        None,
        "--ray-start-timeout",
        metavar="SECONDS",
        min=1,
        help="Seconds Ray may take to start or to connect before the run is refused.",
        show_default=f"{EngineOptions.ray_start_timeout:g}",
    ),
) -> None:
    """Audit a translation and write a report; exit 0 if the gate passed, 1 if it failed, 2 on bad input."""
    output = _output(output)
    try:
        formats = parse_formats(_format_names(format), output, report_dir)
        settings = load_config(config)
        _preflight_audit(
            formats,
            output,
            report_dir,
            learn,
            [input, target, settings.path, baseline or settings.baseline, *mt_from],
            _glossary_inputs(glossary),
        )
        if consistency_scope is not None and consistency_scope not in CheckOptions.SCOPES:
            raise ConfigError(
                f"--consistency-scope must be one of {', '.join(CheckOptions.SCOPES)}, not '{consistency_scope}'"
            )
        options = CheckOptions(consistency_scope=consistency_scope, min_confidence=min_confidence)
        reports = ReportOptions(sarif_root=None if sarif_root is None else str(sarif_root))
        mt_options = MTOptions.from_mapping(
            {
                "model": mt_model,
                "backend": mt_backend,
                "device": mt_device,
                "batch_tokens": mt_batch_tokens,
                "num_beams": num_beams,
                "max_new_tokens": max_new_tokens,
                "cache_dir": str(mt_cache) if mt_cache else None,
                "cache": False if no_mt_cache else None,
            }
        )
        engines = EngineOptions(
            engine,
            workers,
            ray_address,
            ray_start_timeout if ray_start_timeout is not None else EngineOptions.ray_start_timeout,
        )
        with (
            spool_directory() as spool,
            _readable(input, input_format) as (input, input_name),
        ):  # the tables, until the reports are written
            result = run_audit(
                input,
                target,
                glossaries=glossary,
                mt=mt,
                config=settings,
                baseline=baseline,
                options=options,
                changed_since=changed_only,
                mt_options=mt_options,
                mt_from=mt_from,
                scores=ScoreOptions(ter_max_words=ter_max_words),
                spool=spool,
                input_name=input_name,
                checks=[c.strip() for value in checks for c in value.split(",") if c.strip()] or None,
                engine=make_engine(engines, may_start_fresh=True),
            )
            emit(result, formats, output, report_dir, options=reports)
            if learn is not None:
                _learn(result, glossary, learn)
    except MtauditError as error:
        _fail(error)
    for notice in result.summary.get("notices", []):
        typer.echo(f"mtaudit: {notice}", err=True)
    if not result.passed and (output is not None or report_dir is not None):
        typer.echo(f"mtaudit: {gate_failure(result.summary, output or report_dir)}", err=True)  # type: ignore[arg-type]  # one is set
    raise typer.Exit(EXIT_OK if result.passed else EXIT_GATE_FAILED)


def gate_failure(summary: dict[str, Any], report: Path) -> str:
    """One line for a CI log when the report went to a file: what failed, how many findings, where."""
    rules = "; ".join(f"{failure['rule']}: {failure['message']}" for failure in summary["gate"]["failures"])
    severities = ", ".join(
        f"{count} {severity}{'s' if count != 1 and severity != 'info' else ''}"
        for severity, count in summary.get("findings_by_severity", {}).items()
        if count
    )
    findings = sum(summary.get("findings_by_severity", {}).values())
    return (
        f"gate failed ({rules}): {findings} finding{'s' if findings != 1 else ''}"
        f"{f' ({severities})' if severities else ''} in {summary['segments']} segments; report: {report}"
    )


def _output(path: Path | None) -> Path | None:
    """``-o -`` is standard output, as no ``-o`` is."""
    return None if path is not None and str(path) == "-" else path


def _format_names(values: list[str]) -> list[str]:
    """Format names as typed, aliases (``md``) replaced by the names the writers have."""
    return [",".join(FORMAT_ALIASES.get(name.strip().lower(), name) for name in value.split(",")) for value in values]


@contextmanager
def _readable(path: Path, input_format: str | None) -> Iterator[tuple[Path, str | None]]:
    """PATH and the name reports give it: for ``-``, standard input saved to a temporary file whose
    extension is ``input_format`` or sniffed from its first bytes, named ``<stdin>``; errors about
    that file name it so too."""
    if str(path) != "-":
        if input_format is not None:
            raise ConfigError("--input-format is for standard input (- as INPUT); a file's format is its extension")
        yield path, None
        return
    data = sys.stdin.buffer.read()
    with tempfile.TemporaryDirectory(prefix="mtaudit-stdin-") as folder:
        saved = Path(folder, "stdin" + stdin_extension(input_format, data, STDIN))
        saved.write_bytes(data)
        try:
            yield saved, STDIN
        except MtauditError as error:
            if error.path == str(saved):
                error.path = STDIN
            raise


def _preflight_audit(
    formats: list[str],
    output: Path | None,
    report_dir: Path | None,
    learn: Path | None,
    inputs: list[Path | None],
    glossaries: list[Path],
) -> None:
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


glossary_app = typer.Typer(
    cls=PlainGroup,
    help="Glossary tools: lint, convert, and mine a trusted corpus for new entries.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(glossary_app, name="glossary")


@glossary_app.command("lint", cls=PlainHelp)
def glossary_lint(
    files: list[Path] = typer.Argument(None, help="Glossaries to lint.", show_default="the bundled ones"),
) -> None:
    """Report duplicate ids and sources, conflicting renderings, forbidden forms that would flag
    correct text, and entries shadowed by longer ones; exit 1 when there are errors."""
    try:
        issues = lint(load_glossaries(files, strict=False))
    except MtauditError as error:
        _fail(error)
    for issue in issues:
        typer.echo(str(issue))
    errors = sum(issue.severity == "error" for issue in issues)
    typer.echo(f"{len(issues)} issues, {errors} errors", err=True)
    raise typer.Exit(EXIT_GATE_FAILED if errors else EXIT_OK)


@glossary_app.command("convert", cls=PlainHelp)
def glossary_convert(
    source: Path = typer.Argument(..., help="Glossary to read (.yaml .csv .tsv .tbx)."),
    destination: Path = typer.Argument(..., help="File to write; the format follows the extension."),
    tbx_version: int = typer.Option(
        TBX_VERSIONS[0], "--tbx-version", metavar="VERSION", help="TBX version to write: 2 (martif) or 3."
    ),
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


@glossary_app.command("mine", cls=PlainHelp)
def glossary_mine(
    input: Path = typer.Argument(
        ...,
        help="Trusted bilingual corpus (.tsv .csv .jsonl .xlf .tmx .po; its reference column where present, else target), or the Chinese side; - reads standard input.",
    ),
    target: Path | None = typer.Argument(
        None, help="English side (a human translation), when INPUT is the Chinese side.", show_default="none"
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write the proposals here (- or none: stdout).",
        show_default="stdout",
    ),
    glossary: list[Path] = typer.Option(
        [],
        "--glossary",
        "-g",
        metavar="FILE",
        help="Glossaries to extend: names they cover are not proposed; repeatable.",
        show_default="the bundled ones",
    ),
    min_count: int = typer.Option(
        MineOptions.min_count,
        "--min-count",
        metavar="N",
        min=1,
        help="Propose a name, and a variant, only when linked to the rendering in this many segments.",
    ),
    min_score: float = typer.Option(
        MineOptions.min_score,
        "--min-score",
        metavar="SCORE",
        min=0,
        max=1,
        help="Lowest score (0–1: co-occurrence, likeness to the pinyin or CC-CEDICT, position) proposed.",
    ),
    format: str | None = typer.Option(
        None,
        "--format",
        "-f",
        metavar="FORMAT",
        help="yaml or csv.",
        show_default="the extension of --output, else yaml",
    ),
) -> None:
    """Propose glossary entries for the names of a trusted bilingual corpus that the glossary does
    not know, with their evidence, best first; review them before use. Exits 0."""
    output = _output(output)
    try:
        chosen = output_format(format, output)
        _guard_outputs([output], [input, target, *_glossary_inputs(glossary)])
        known = load_glossaries(glossary)
        with _readable(input, None) as (input, _):
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


@app.command(cls=PlainHelp)
def baseline(
    input: Path = typer.Argument(
        ..., help="Bilingual file (.tsv .csv .jsonl .xlf .tmx .po), or the Chinese side; - reads standard input."
    ),
    target: Path | None = typer.Argument(
        None, help="English side, when INPUT is the Chinese side.", show_default="none"
    ),
    output: Path = typer.Option(
        ..., "--output", "-o", metavar="FILE", help="Where to write the baseline (a JSON report)."
    ),
    glossary: list[Path] = typer.Option(
        [], "--glossary", "-g", metavar="FILE", help="Glossary; repeatable.", show_default="the bundled glossaries"
    ),
    config: Path | None = typer.Option(
        None,
        "--config",
        metavar="FILE",
        help="Configuration file (kinds switched off are left out).",
        show_default="the nearest mtaudit.toml, or pyproject.toml with a tool.mtaudit table",
    ),
    mt: bool | None = typer.Option(False, "--mt/--no-mt", help="Run the reference MT stage.", show_default="--no-mt"),
) -> None:
    """Record today's findings as accepted: write a JSON report to pass later as --baseline. Exits 0."""
    try:
        settings = load_config(config)
        _guard_outputs([_output(output)], [input, target, *_glossary_inputs(glossary), settings.path])
        with _readable(input, None) as (input, input_name):
            result = run_audit(input, target, glossaries=glossary, mt=mt, config=settings, input_name=input_name)
        write_report(result, "json", output)
    except MtauditError as error:
        _fail(error)
    typer.echo(f"mtaudit: baseline of {len(result.findings)} finding(s) written to {output}", err=True)


@app.command(cls=PlainHelp)
def check(
    files: list[Path] = typer.Argument(
        ...,
        help="Bilingual files to audit, each on its own (pre-commit passes the staged ones); - reads standard input.",
    ),
    glossary: list[Path] = typer.Option(
        [], "--glossary", "-g", metavar="FILE", help="Glossary; repeatable.", show_default="the bundled glossaries"
    ),
    config: Path | None = typer.Option(
        None,
        "--config",
        metavar="FILE",
        help="Configuration file.",
        show_default="the nearest mtaudit.toml, or pyproject.toml with a tool.mtaudit table",
    ),
    baseline: Path | None = typer.Option(
        None,
        "--baseline",
        metavar="REPORT",
        help="Earlier JSON report whose findings are accepted.",
        show_default="baseline of the configuration, else none",
    ),
) -> None:
    """Audit each FILE and print one line per new finding; exit 1 if any file fails the gate (pre-commit hook)."""
    passed = True
    try:
        settings = load_config(config)
        for file in files:
            with _readable(file, None) as (file, input_name):
                result = run_audit(
                    file, glossaries=glossary, mt=False, config=settings, baseline=baseline, input_name=input_name
                )
            write_to_stream(sys.stdout, [render(result, "text")])
            passed = passed and result.passed
    except MtauditError as error:
        _fail(error)
    raise typer.Exit(EXIT_OK if passed else EXIT_GATE_FAILED)


@app.command(cls=PlainHelp)
def compare(
    a: Path = typer.Argument(..., help="Baseline translation (same readers as audit)."),
    b: Path = typer.Argument(..., help="Candidate translation of the same sources."),
    reference: Path | None = typer.Option(
        None,
        "--reference",
        "-r",
        metavar="FILE",
        help="Reference translations.",
        show_default="a reference column of A or B",
    ),
    glossary: list[Path] = typer.Option(
        [],
        "--glossary",
        "-g",
        metavar="FILE",
        help="Glossary for the per-term test; repeatable. Replaces the bundled ones.",
        show_default="the bundled glossaries",
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write the comparison here (- or none: stdout).",
        show_default="stdout",
    ),
    format: str = typer.Option("markdown", "--format", "-f", metavar="FORMAT", help="json or markdown (md)."),
    bootstrap_samples: int = typer.Option(
        CompareOptions.bootstrap_samples, "--bootstrap-samples", metavar="N", help="Paired bootstrap resamples."
    ),
    ar_trials: int = typer.Option(
        CompareOptions.ar_trials, "--ar-trials", metavar="N", help="Approximate randomisation trials."
    ),
    alpha: float = typer.Option(CompareOptions.alpha, "--alpha", metavar="P", help="Significance level."),
) -> None:
    """Compare two translations of the same sources: metric deltas and term success, with p-values."""
    try:
        options = CompareOptions(bootstrap_samples=bootstrap_samples, ar_trials=ar_trials, alpha=alpha)
        output = _output(output)
        _guard_outputs([output], [a, b, reference, *_glossary_inputs(glossary)])
        text = render_compare(
            run_compare(a, b, reference=reference, glossaries=glossary, options=options),
            FORMAT_ALIASES.get(format, format),
        )
        if output is None:
            write_to_stream(sys.stdout, [text])
        else:
            write_atomic(output, text)
    except MtauditError as error:
        _fail(error)


@app.command(cls=PlainHelp)
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
    """Run the command line; a usage error is one line on stderr and exit code 2, as any other error."""
    _stop_on_signals()
    command = typer.main.get_command(app)
    try:
        code = command.main(args=_optional_changed_rev(sys.argv[1:]), prog_name="mtaudit", standalone_mode=False)
    except Stopped as stopped:
        typer.echo(f"mtaudit: stopped by {signal.Signals(stopped.signum).name}", err=True)
        code = 128 + stopped.signum  # the shell's convention: 130 for SIGINT, 143 for SIGTERM
    except UsageError as error:
        if type(error).__name__ == "NoArgsIsHelpError":  # a bare command: its help
            typer.echo(error.ctx.get_help(), err=True)  # type: ignore[attr-defined]  # click sets it on this error
        else:
            typer.echo(f"mtaudit: error: {usage_message(error)}", err=True)
        code = EXIT_USAGE
    sys.exit(code or EXIT_OK)


def run() -> NoReturn:
    """The program's entry point (``mtaudit``, ``python -m mtaudit``): :func:`main`, then out
    without the interpreter's tear-down, which frees every object one by one (pandas, jieba's and
    CC-CEDICT's tables, the glossary, the matchers) after everything is written: 0.1 s of a one-row
    audit, 0.5 s of a 20k-row one. The exit handlers still run (:mod:`atexit`: logging,
    multiprocessing, temporary files), and the standard streams are flushed; where a thread other
    than daemons is alive, the interpreter's own way out waits for it."""
    try:
        main()
    except SystemExit as exiting:
        if not isinstance(exiting.code, int) or _threads_to_wait_for():
            raise
        code = exiting.code
    atexit._run_exitfuncs()  # what the interpreter runs before its tear-down
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe, a closed stream
            stream.flush()
    os._exit(code)


def _threads_to_wait_for() -> bool:
    return any(
        thread.is_alive() and not thread.daemon
        for thread in threading.enumerate()
        if thread is not threading.main_thread()
    )


#: click's usage error (typer re-exports only its subclass BadParameter: this way holds for
#: typer on click and typer with its own copy of click).
UsageError: type[Exception] = typer.BadParameter.__mro__[1]


def usage_message(error: Any) -> str:
    """click's message in one line (it suggests a command for a misspelt one), with a "did you
    mean" for an unknown option and where to read more."""
    message = " ".join(error.format_message().split()).rstrip(".")
    options = getattr(error, "possibilities", None)
    if options is not None:  # an unknown option: click finds the close ones, closest first
        message = f"no such option: {error.option_name}" + (f" (did you mean {options[0]}?)" if options else "")
    context = getattr(error, "ctx", None)
    return f"{message}; see '{context.command_path if context is not None else 'mtaudit'} --help'"


def _stop_on_signals() -> None:
    """SIGTERM (a CI timeout) and SIGINT (Ctrl-C) stop the run through :class:`Stopped`. A worker
    process forked from this one lets the signal pass (a CI runner and a terminal signal the whole
    process group): one killed while it hands back a result would leave the pool's pipe half
    written, and this process waiting on it for ever. The pool is shut down from here instead, each
    worker ending once its piece of work is done."""
    main_pid = os.getpid()

    def stop(signum: int, frame: object) -> None:
        if os.getpid() == main_pid:
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
