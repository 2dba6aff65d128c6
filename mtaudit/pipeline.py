"""The one-call pipeline: inputs → corpus → [reference MT] → checks → scores → report → gate.

Each stage is a plain function over the segment table; this module only wires them, for the
CLI and for Python callers (``mtaudit.audit``). The table passes through in chunks of whole
documents (read, translated, checked, scored and put aside one after another, see
:mod:`mtaudit.stream`), and the summary is made from running totals, so an audit holds about one
chunk however long its input.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from mtaudit.baseline import Key, load_baseline, mark_accepted
from mtaudit.checks import DEFAULT_CHECKS, chunkable, known_checks
from mtaudit.config import Config, apply_kinds
from mtaudit.corpus import Watch, has_documents, iter_corpus
from mtaudit.corpus.pairs import Translate, stretch_notices
from mtaudit.corpus.positions import TargetPositions
from mtaudit.engine import AUTO_PROCESS_ROWS, Engine, Later, Pending, fewer_collections, make_engine
from mtaudit.errors import ConfigError, ModelUnavailableError
from mtaudit.findings import Finding
from mtaudit.gate import FindingCounts, GateConfig, evaluate_counts
from mtaudit.glossary import Glossary, load_glossaries
from mtaudit.options import CheckOptions, EngineOptions, MTOptions, ScoreOptions
from mtaudit.progress import InputProgress, shown
from mtaudit.registry import LazyClass, LazyFunction
from mtaudit.result import AuditResult, findings_table
from mtaudit.segments import frame_segments, segment_table
from mtaudit.stream import WHOLE, Cut, DocumentsInterleaved, cut_chunks, cut_table
from mtaudit.tables import Tables
from mtaudit.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.checks.step import CheckResults, CheckStep
    from mtaudit.corpus.mtfrom import MtFrom
    from mtaudit.metrics import Scoring
    from mtaudit.mt import MTRun

#: Rows of the first chunks a file is read in: checking starts once two are read, so they are
#: small — but as large as the default engine checks on its workers.
FIRST_CHUNK_ROWS = AUTO_PROCESS_ROWS
#: The stages an audit may skip (the reference MT, other translations, changed files) are imported
#: when one runs: a short audit without them does not pay for their imports (sqlite3, the MT stage).
run_mt = LazyFunction("mtaudit.mt", "run_mt")
model_available = LazyFunction("mtaudit.mt", "model_available")
translate_texts = LazyFunction("mtaudit.mt", "translate_texts")
translator_for = LazyFunction("mtaudit.mt.actors", "translator_for")
load_changed = LazyFunction("mtaudit.changed", "load_changed")
MT_FROM = LazyClass("mtaudit.corpus.mtfrom", "MtFrom")
#: The checking and scoring stages, imported once the input, the glossary and the baseline have been
#: read and found sound: their dictionaries take a second and a hundred MiB to load, which a
#: refusal of a bad input never pays.
check_step = LazyFunction("mtaudit.checks.step", "CheckStep")
scorer = LazyFunction("mtaudit.metrics", "Scorer")
term_totals = LazyFunction("mtaudit.metrics", "TermTotals")
score_columns = LazyFunction("mtaudit.metrics", "score_columns")


@fewer_collections()
def audit(
    input: str | Path | pd.DataFrame,
    target: str | Path | None = None,
    *,
    glossaries: Iterable[str | Path] | None = None,
    mt: bool | None = False,
    checks: Iterable[str] | None = None,
    gate: GateConfig | None = None,
    options: CheckOptions | dict[str, Any] | None = None,
    config: Config | None = None,
    min_confidence: float | None = None,
    baseline: str | Path | None = None,
    changed_since: str | None = None,
    mt_options: MTOptions | dict[str, Any] | None = None,
    mt_from: Iterable[str | Path] | None = None,
    scores: ScoreOptions | None = None,
    engine: str | Engine | EngineOptions = "auto",
    chunk_rows: int | Literal["auto"] | None = "auto",
    spool: str | Path | None = None,
    input_name: str | None = None,
) -> AuditResult:
    """Audit INPUT (a file, or a segment table) and return the result; nothing is written.

    A table (a pandas DataFrame) is checked as a file is: it needs ``source`` and ``target``
    columns of strings (None/NaN: empty), else :class:`~mtaudit.errors.InputError` says what is
    wrong in the words the command uses for a TSV or JSON Lines file. Its rows get the ids a file's
    rows get, so findings join back to them: ``seg_id`` from a ``seg_id`` or ``id`` column, else
    the row's 1-based position in its document (without a ``doc_id`` column, one document named
    ``"dataframe"``), e.g. ``frame.iloc[int(finding.seg_id) - 1]`` for a frame without ids.

    ``mt``: ``False`` skips the reference-model stage, ``None`` runs it when the model is on this
    machine (else one notice), ``True`` requires it (downloading it if the hub is reachable) and
    raises :class:`~mtaudit.errors.ModelUnavailableError` otherwise. ``mt_options``: see
    :class:`mtaudit.mt.MTOptions`; ``scores``: see :class:`mtaudit.options.ScoreOptions`.
    ``options`` (a :class:`mtaudit.options.CheckOptions`, or a dict of its fields) say how the
    checks judge. ``config`` (see :mod:`mtaudit.config`) switches finding kinds off, sets their
    severities and the gate (``gate`` overrides its gate); findings less sure than
    ``min_confidence`` (else the options', else the configuration's, else 0.5) are not reported;
    findings in the ``baseline`` report are accepted; ``changed_since`` audits only files changed
    since that git revision (see :mod:`mtaudit.changed`). ``mt_from``: files with other
    translations of the same sources (another engine, a previous release), matched row for row
    into the ``mt_from`` column (see :mod:`mtaudit.corpus.mtfrom`); name triangulation compares
    the target with each of them.
    ``engine``: ``"auto"`` (the default), ``"local"``, ``"process"``, ``"ray"``, an
    :class:`mtaudit.options.EngineOptions` or an :class:`mtaudit.engine.Engine` (on Ray the MT
    stage runs in model actors too); the report is the same whichever runs it.

    The input is read and audited in chunks of about ``chunk_rows`` rows cut between documents
    (``"auto"``: the engine's :attr:`~mtaudit.engine.Engine.stream_rows`; ``None``: all at once);
    the report is the same either way. ``spool``: a directory where the
    chunks' tables are kept until the result is read (default: in memory), so that a long input
    never sits in memory whole; it is created when missing, and refused (ConfigError) when it is
    a file or cannot be written. ``input_name``: what reports call the input file (the command
    names standard input ``<stdin>``).
    """
    engine = make_engine(engine)
    overrides: dict[str, Any] = {"gate": gate} if gate is not None else {}
    config = replace(config or Config(), **overrides)
    check_options = CheckOptions.from_mapping(options)
    chosen = min_confidence if min_confidence is not None else check_options.min_confidence
    if chosen is not None:
        config = replace(config, min_confidence=chosen)
    if check_options.consistency_scope is None and config.consistency_scope is not None:
        check_options = replace(check_options, consistency_scope=config.consistency_scope)
    rows = engine.stream_rows if chunk_rows == "auto" else chunk_rows
    if not chunkable(check_options):
        rows = None  # consistency across the corpus needs it whole
    voices = None
    if mt_from:
        voices = MT_FROM.load_class().open(mt_from, input, target, changed_since)
        if not check_options.mt_from_names:
            check_options = replace(check_options, mt_from_names=tuple(path.name for path in voices.paths))
    progress = input_progress(input, target, changed_since)
    reading: list[str] = []  # notices of the corpus stage (what an input directory holds that is not read)
    try:
        chunks = _with_voices(
            input_chunks(
                input, target, changed_since, mt, mt_options, rows, engine, input_name, progress.rows, reading
            ),
            voices,
        )
        first = next(chunks, None)  # input errors first, before the glossary is read
        if first is None:
            return nothing_to_audit(f"no input changed since {changed_since}; nothing to audit", config)
        if check_options.consistency_scope is None:
            check_options = replace(
                check_options, consistency_scope="document" if _has_documents(input, target) else "segment"
            )
        run = AuditRun.start(glossaries, check_options, checks, config, baseline, mt, mt_options, scores, engine, spool)
        try:
            try:
                run.add_all(chain([first], chunks), progress)
            except DocumentsInterleaved:
                run.tables.discard()
                progress.restart()
                reading.clear()
                run = AuditRun.start(
                    glossaries, check_options, checks, config, baseline, mt, mt_options, scores, engine, spool
                )
                run.add_all(
                    _with_voices(
                        input_chunks(
                            input,
                            target,
                            changed_since,
                            mt,
                            mt_options,
                            None,
                            engine,
                            input_name,
                            progress.rows,
                            reading,
                        ),
                        voices,
                    ),
                    progress,
                )
        except BaseException:
            run.tables.discard()
            raise
        finally:
            engine.close()
        result = run.result()
        result.summary["notices"][:0] = reading
    finally:
        progress.close()
    progress.summary(result.summary["segments"])
    if voices is not None:
        result.summary["notices"].extend(voices.notices())
        result.summary["mt_from"] = voices.summary()
    return result


def _with_voices(chunks: Iterator[pd.DataFrame], voices: MtFrom | None) -> Iterator[pd.DataFrame]:
    """The input's chunks with the ``mt_from`` column when there are ``--mt-from`` files."""
    return chunks if voices is None else voices.attach(chunks)


def input_chunks(
    input: str | Path | pd.DataFrame,
    target: str | Path | None,
    changed_since: str | None,
    mt: bool | None,
    mt_options: MTOptions | dict[str, Any] | None,
    chunk_rows: int | None,
    engine: Engine,
    input_name: str | None = None,
    watch: Watch | None = None,
    notices: list[str] | None = None,
) -> Iterator[pd.DataFrame]:
    """The segment table of the input in chunks of whole documents, read with ``engine`` (nothing
    when ``changed_since`` leaves nothing to audit), with target positions for a single bilingual
    file, which ``input_name`` renames in the file columns; ``watch`` sees the rows of a file as they
    are read; what the corpus stage has to say goes to ``notices``."""
    if isinstance(input, pd.DataFrame):
        yield from _frame_chunks(frame_segments(input), chunk_rows)
        return
    if changed_since is not None:
        segments = load_changed(input, target, changed_since, notices)
        if segments is not None:
            yield from _frame_chunks(segments, chunk_rows)
        return
    translate = _alignment_mt(mt, mt_options) if target is not None else None
    chunks = iter_corpus(
        Path(input),
        Path(target) if target is not None else None,
        translate,
        chunk_rows,
        engine,
        watch,
        notices,
        first_rows=FIRST_CHUNK_ROWS,
    )
    if target is None and Path(input).is_file():
        chunks = map(TargetPositions(input).add, chunks)
    if input_name is not None:
        chunks = (_renamed(chunk, str(input), input_name) for chunk in chunks)
    yield from chunks


def _renamed(segments: pd.DataFrame, path: str, name: str) -> pd.DataFrame:
    """``segments`` with ``name`` for ``path`` in the source_file and target_file columns."""
    columns = {
        column: segments[column].where(segments[column] != path, name)
        for column in ("source_file", "target_file")
        if column in segments.columns
    }
    return segments.assign(**columns) if columns else segments


#: Inputs whose rows are about their lines, so that counting lines gives the progress bar its total.
LINE_FORMATS = (".tsv", ".csv", ".jsonl", ".ndjson", ".zh", ".en")


def input_progress(
    input: str | Path | pd.DataFrame, target: str | Path | None, changed_since: str | None
) -> InputProgress:
    """The audit's progress bar (drawn on a terminal only): out of the rows where their number is
    known (a table; a TSV/CSV/JSONL or line file, by its lines), else out of the input's bytes."""
    if not shown():
        return InputProgress(None, wanted=False)
    if isinstance(input, pd.DataFrame):
        return InputProgress(len(input))
    if changed_since is not None:
        return InputProgress(None)
    path = Path(input)
    suffix = path.suffix.lower()
    sides = [path] + ([Path(target)] if target is not None else [])
    try:
        if path.is_file() and suffix in LINE_FORMATS and (target is None or suffix in (".zh", ".en")):
            return InputProgress(max(0, _line_count(path) - (suffix in (".tsv", ".csv"))))
        return InputProgress(sum(_bytes(side) for side in sides), "B")
    except OSError:  # the reader will say what is wrong with the file
        return InputProgress(None)


def _line_count(path: Path) -> int:
    """Lines of a file, counted in its bytes (a fast pass: no decoding)."""
    count, last = 0, b"\n"
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (last != b"\n")


def _bytes(path: Path) -> int:
    """Size of a file, or of the files under a directory."""
    if path.is_file():
        return path.stat().st_size
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file()) if path.is_dir() else 0


def _has_documents(input: str | Path | pd.DataFrame, target: str | Path | None) -> bool:
    """Whether the input says which segments form a document (see :func:`mtaudit.corpus.has_documents`);
    a table in memory does when it has a ``doc_id`` column."""
    if isinstance(input, pd.DataFrame):
        return "doc_id" in input.columns
    return has_documents(input, target)


def _frame_chunks(segments: pd.DataFrame, chunk_rows: int | None) -> list[pd.DataFrame]:
    """A table in memory cut between documents (whole when its documents are not contiguous)."""
    if chunk_rows is None or len(segments) <= chunk_rows:
        return [segments]
    return cut_table(segments, 1, True, chunk_rows, chunk_rows)


class AuditRun:
    """One audit while its chunks pass through the stages: MT, checks and scores run chunk by chunk;
    the tables go aside (see :class:`mtaudit.tables.Tables`) and only totals stay here."""

    def __init__(
        self,
        step: CheckStep,
        config: Config,
        baseline: str | Path | None,
        accepted: Counter[Key] | None,
        mt: bool | None,
        mt_options: MTOptions | dict[str, Any] | None,
        scores: ScoreOptions | None,
        engine: Engine,
        spool: str | Path | None,
    ) -> None:
        self.step, self.config, self.engine = step, config, engine
        self.min_confidence = _min_confidence(config)
        self.baseline, self._accepted = baseline, accepted
        self.mt, self.mt_options = mt, mt_options
        self.mt_run: MTRun | None = None
        self.notices: list[str] = []
        self.scorer = scorer(scores, engine.start_map)
        self.terms = term_totals()
        self.tables = Tables(spool, last_columns=score_columns())
        self.rows = 0
        #: per check, in check order: kind → count, severity → count (the report's order of first appearance)
        self.kinds: dict[str, dict[str, int]] = {check: {} for check in step.check_ids}
        self.severities: dict[str, dict[str, int]] = {check: {} for check in step.check_ids}
        self.gate_counts = FindingCounts()

    @classmethod
    def start(
        cls,
        glossaries: Iterable[str | Path] | None,
        options: CheckOptions,
        checks: Iterable[str] | None,
        config: Config,
        baseline: str | Path | None,
        mt: bool | None,
        mt_options: MTOptions | dict[str, Any] | None,
        scores: ScoreOptions | None,
        engine: Engine,
        spool: str | Path | None,
    ) -> AuditRun:
        """The glossary and the baseline read (what a refusal is about comes first), then the checks
        known (a ConfigError names an unknown one) and made ready."""
        glossary: Glossary = load_glossaries(glossaries)
        baseline = baseline if baseline is not None else config.baseline
        accepted = load_baseline(baseline) if baseline is not None else None
        step = check_step(glossary, options, known_checks(checks or DEFAULT_CHECKS))
        return cls(step, config, baseline, accepted, mt, mt_options, scores, engine, _fresh_directory(spool))

    def add_all(self, chunks: Iterable[pd.DataFrame], progress: InputProgress) -> None:
        """Audit chunks one after the other: while an engine's workers check one (or score it, while
        it is checked here), this process reads the next and keeps the one before. A document
        longer than a chunk is cut between chunks: those chunks are checked here, in order, each
        handing the next the state of the document. ``progress`` counts the rows of chunks read as
        tables (files count theirs as they are read)."""
        checking: tuple[Scoring, Cut, Pending[CheckResults]] | None = None
        read = 0
        for chunk, cut in cut_chunks(chunks):
            read += len(chunk)
            if progress.rows_read < read:
                progress.table(read - progress.rows_read)
            chunk = self.translate(chunk)
            pending = self.check(chunk, cut)  # on workers first, so that the scores join them there
            started = (self.scorer.start(chunk), cut, pending)
            if checking is not None:
                self.keep(checking[0], checking[1], checking[2].result())
                progress.checked(len(checking[0].segments))
            checking = started
        if checking is not None:
            self.keep(checking[0], checking[1], checking[2].result())
            progress.checked(len(checking[0].segments))

    def check(self, segments: pd.DataFrame, cut: Cut = WHOLE) -> Pending[CheckResults]:
        """Start the checks of one chunk: a chunk of whole documents on the engine, one where a cut
        document goes on from or into another chunk here (its state passes from chunk to chunk)."""
        if cut.whole:
            return self.step.start(segments, self.engine)
        return Later(lambda: self.step.check(segments, cut))  # in order: at keep, after the chunk before

    def keep(self, scoring: Scoring, cut: Cut, checked: CheckResults) -> None:
        """A checked chunk's scores added, its tables put aside, what the summary needs counted."""
        findings = {check: self._findings(check, found) for check, found in checked.by_check.items()}
        self.tables.add(self.scorer.finish(scoring), findings)
        self.notices.extend(stretch_notices(scoring.segments))
        self.terms.merge(checked.terms)
        self.rows += len(scoring.segments)

    def translate(self, segments: pd.DataFrame) -> pd.DataFrame:
        """The MT stage on one chunk; when it was not required and the model is not here, it is
        skipped with a notice (once)."""
        if self.mt is False:
            return segments
        try:
            segments, run = run_mt(
                segments,
                self.mt_options,
                allow_download=self.mt is True,
                translator=translator_for(self.engine, allow_download=self.mt is True),
            )
        except ModelUnavailableError as error:
            if self.mt is True:
                raise
            self.notices.append(f"reference MT skipped: {error} (--no-mt silences this notice, --mt makes it required)")
            self.mt = False
            return segments
        if run is not None:
            self.mt_run = run if self.mt_run is None else self.mt_run.merged(run)
        return segments

    def _findings(self, check: str, found: list[Finding]) -> pd.DataFrame:
        """One check's findings in a chunk as a table, configured kinds applied, baseline marked; counted."""
        frame = apply_kinds(findings_table(found), self.config.kinds, self.min_confidence)
        if self._accepted is not None:
            frame = mark_accepted(frame, self._accepted)
        accepted = frame["baseline"].tolist() if "baseline" in frame.columns else [False] * len(frame)
        kinds, severities = self.kinds[check], self.severities[check]
        for kind, severity, old in zip(frame["kind"].tolist(), frame["severity"].tolist(), accepted, strict=True):
            kinds[kind] = kinds.get(kind, 0) + 1
            severities[severity] = severities.get(severity, 0) + 1
            self.gate_counts.add(kind, severity, bool(old))
        return frame

    def result(self) -> AuditResult:
        metrics, score_notices = self.scorer.summary()
        self.notices.extend(score_notices)
        terms = self.terms.metrics()
        if terms:
            metrics["terms"] = terms
        summary = audit_summary(
            self.rows,
            _merged(self.kinds.values()),
            _merged(self.severities.values()),
            self.gate_counts,
            self.step.glossary.fingerprint(),
            self.config.gate,
            self.notices,
            metrics,
        )
        summary.update(_settings(self.config, self.baseline))
        if self.mt_run is not None:
            summary["signature"]["mt"] = self.mt_run.signature()
            summary["mt"] = {k: v for k, v in self.mt_run.to_dict().items() if k not in ("settings", "compute")}
        return AuditResult(summary=summary, tables=self.tables)


def _min_confidence(config: Config) -> float:
    return CheckOptions.DEFAULT_MIN_CONFIDENCE if config.min_confidence is None else config.min_confidence


def _fresh_directory(spool: str | Path | None) -> Path | None:
    """A new empty directory inside ``spool`` (created when missing) for one run's tables (a run
    restarted whole gets another); a ConfigError saying why when it cannot be."""
    if spool is None:
        return None
    folder = Path(spool)
    if folder.exists() and not folder.is_dir():
        raise ConfigError("spool must be a directory, and this is a file", folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="tables-", dir=folder))
    except OSError as error:
        raise ConfigError(f"cannot keep the tables in this spool directory: {error.strerror}", folder) from None


def _merged(counts: Iterable[dict[str, int]]) -> dict[str, int]:
    """Counts per check merged in check order: keys in order of first appearance in the report."""
    total: dict[str, int] = {}
    for one in counts:
        for key, count in one.items():
            total[key] = total.get(key, 0) + count
    return total


def _settings(config: Config, baseline: str | Path | None) -> dict[str, Any]:
    """What the report records of the configuration that shaped it."""
    return {
        "config": str(config.path) if config.path else None,
        "baseline": str(baseline) if baseline is not None else None,
        "min_confidence": _min_confidence(config),
        "disabled_kinds": sorted(kind for kind, rule in config.kinds.items() if not rule.enabled),
    }


def nothing_to_audit(notice: str, config: Config) -> AuditResult:
    """An empty result that passes the gate (metric rules are reported as not evaluated)."""
    gate = replace(config.gate, fail_on_missing_metric=False)
    summary = audit_summary(0, {}, {}, FindingCounts(), "", gate, [notice])
    summary.update(_settings(config, None))
    return AuditResult(segment_table([]), findings_table([]), summary)


def _alignment_mt(mt: bool | None, mt_options: MTOptions | dict[str, Any] | None) -> Translate | None:
    """The reference MT as a translate function for aligning document pairs, when the MT stage will
    run (translations are cached, so the stage re-translates only merged units); else None."""
    if mt is False or (mt is None and not model_available(mt_options)):
        return None
    return lambda texts: translate_texts(texts, mt_options, allow_download=mt is True)[0]


def audit_summary(
    segments: int,
    by_kind: dict[str, int],
    by_severity: dict[str, int],
    counts: FindingCounts,
    glossary_hash: str,
    gate: GateConfig,
    notices: list[str],
    metrics: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The report's summary: counts, metrics, the gate's verdict, the signature and the notices."""
    metrics = metrics or {}
    return {
        "segments": segments,
        "findings": by_kind,
        "findings_by_severity": by_severity,
        "metrics": metrics,
        "gate": evaluate_counts(counts, gate, metrics).to_dict(),
        "signature": {"mtaudit": __version__, "glossary": glossary_hash},
        "notices": notices,
    }
