"""The one-call pipeline: corpus → [reference MT] → checks → scores → report → gate.

Each stage is a plain function over the segment table; this module only wires them, for the
CLI and for Python callers (``mtaudit.audit``). The table passes through in chunks of whole
documents (read, translated, checked, scored and put aside one after another), and the summary
is made from running totals, so an audit holds about one chunk however long its input.
"""
from __future__ import annotations

import json
from dataclasses import replace
from functools import cached_property
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

import pandas as pd

from mtaudit import __version__
from mtaudit.checks.base import FINDING_KEYS, Finding
from mtaudit.engine import fewer_collections
from mtaudit.errors import InputError
from mtaudit.gate import FindingCounts, GateConfig, evaluate_counts

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.config import Config
    from mtaudit.engine import CheckResults, Engine, Pending
    from mtaudit.metrics import ScoreOptions
    from mtaudit.mt import MTOptions
    from mtaudit.tables import Tables

REPORT_SCHEMA = "mtaudit.report/1"


class AuditResult:
    """What an audit produced: the segment and finding tables and the summary.

    The tables of an audit that streamed its input stay where it kept them (see
    :class:`mtaudit.tables.Tables`) until asked for: the JSON report reads them chunk by chunk.
    """

    def __init__(self, segments: "pd.DataFrame | None" = None, findings: "pd.DataFrame | None" = None,
                 summary: dict[str, Any] | None = None, *, tables: "Tables | None" = None) -> None:
        self.summary: dict[str, Any] = summary if summary is not None else {}
        self._tables = tables
        if segments is not None:
            self.segments = segments
        if findings is not None:
            self.findings = findings

    @cached_property
    def segments(self) -> pd.DataFrame:
        assert self._tables is not None
        return self._tables.segments()

    @cached_property
    def findings(self) -> pd.DataFrame:
        assert self._tables is not None
        return self._tables.findings()

    def segment_chunks(self) -> Iterable[pd.DataFrame]:
        """The segment table in pieces, in order, without gathering a streamed audit's into one."""
        if "segments" in self.__dict__ or self._tables is None:
            return [self.segments]
        return self._tables.segment_chunks()

    def segment_values(self, column: str) -> Iterator[Any]:
        """One column of the segment table, value by value, read chunk by chunk (nothing when absent)."""
        for chunk in self.segment_chunks():
            if column not in chunk.columns:
                return
            yield from chunk[column].tolist()

    def finding_chunks(self) -> Iterable[pd.DataFrame]:
        """The finding table in pieces, in order (see :meth:`segment_chunks`)."""
        if "findings" in self.__dict__ or self._tables is None:
            return [self.findings]
        return self._tables.finding_chunks()

    @property
    def passed(self) -> bool:
        return bool(self.summary["gate"]["passed"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": REPORT_SCHEMA,
            "version": __version__,
            "summary": self.summary,
            "segments": _records(self.segments),
            "findings": _records(self.findings),
        }

    def to_json(self) -> str:
        from mtaudit.report import render

        return render(self, "json")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts with None for missing values (JSON null, not NaN), as
    ``frame.to_dict("records")`` gives them but built column by column (5x faster)."""
    from pandas.core.dtypes.cast import maybe_box_native

    keys = list(frame.columns)
    if not keys:
        return [{} for _ in range(len(frame))]
    columns = []
    for i in range(len(keys)):
        values = frame.iloc[:, i].tolist()
        if not set(map(type, values)) <= _PLAIN_TYPES:
            values = [None if _is_missing(v) else maybe_box_native(v) for v in values]
        columns.append(values)
    return [dict(zip(keys, row)) for row in zip(*columns)]


#: Cell types _records passes on as they are (nothing to box or turn into None).
_PLAIN_TYPES = {str, int, bool, type(None), list, dict}


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def findings_table(findings: Iterable[Finding]) -> pd.DataFrame:
    """Findings as a table of object columns, None for every missing value (whatever pandas
    inferred for a column, so that tables built chunk by chunk hold what one table would)."""
    rows = [f.to_dict() for f in findings]
    frame = pd.DataFrame.from_records(rows) if rows else pd.DataFrame(columns=list(FINDING_KEYS))
    frame = frame.astype(object)
    return frame.where(frame.notna(), None)


@fewer_collections()
def audit(
    input: str | Path | pd.DataFrame,
    target: str | Path | None = None,
    *,
    glossaries: Iterable[str | Path] | None = None,
    mt: bool | None = False,
    checks: Iterable[str] | None = None,
    gate: GateConfig | None = None,
    options: dict[str, Any] | None = None,
    config: "Config | None" = None,
    min_confidence: float | None = None,
    baseline: str | Path | None = None,
    changed_since: str | None = None,
    mt_options: "MTOptions | dict[str, Any] | None" = None,
    mt_from: Iterable[str | Path] | None = None,
    scores: "ScoreOptions | None" = None,
    engine: Any = "auto",
    chunk_rows: int | None | str = "auto",
    spool: str | Path | None = None,
) -> AuditResult:
    """Audit INPUT (a file, or a segment table) and return the result; nothing is written.

    ``mt``: ``False`` skips the reference-model stage, ``None`` runs it when the model is on this
    machine (else one notice), ``True`` requires it (downloading it if the hub is reachable) and
    raises :class:`~mtaudit.errors.ModelUnavailableError` otherwise. ``mt_options``: see
    :class:`mtaudit.mt.MTOptions`; ``scores``: see :class:`mtaudit.metrics.ScoreOptions`.
    ``config`` (see :mod:`mtaudit.config`) switches finding kinds off, sets their severities and
    the gate (``gate`` overrides its gate); findings less sure than ``min_confidence`` (default: the
    configuration's, else 0.5) are not reported; findings in the ``baseline`` report are accepted;
    ``changed_since`` audits only files changed since that git revision (see :mod:`mtaudit.changed`).
    ``mt_from``: files with other translations of the same sources (another engine, a previous
    release), matched row for row into the ``mt_from`` column (see :mod:`mtaudit.corpus.mtfrom`);
    name triangulation compares the target with each of them.
    ``engine``: ``"auto"`` (the default), ``"local"``, ``"process"``, ``"ray"`` or an
    :class:`mtaudit.engine.Engine` (on Ray the MT stage runs in model actors too); the report is the
    same whichever runs it.

    The input is read and audited in chunks of about ``chunk_rows`` rows cut between documents
    (``"auto"``: the engine's :attr:`~mtaudit.engine.Engine.stream_rows`; ``None``: all at once);
    the report is the same either way. ``spool``: a directory where the
    chunks' tables are kept until the result is read (default: in memory), so that a long input
    never sits in memory whole.
    """
    from mtaudit.config import Config
    from mtaudit.corpus import DocumentsInterleaved
    from mtaudit.engine import chunkable, make_engine

    engine = make_engine(engine)
    config = replace(config or Config(), **({"gate": gate} if gate is not None else {}))
    if min_confidence is not None:
        config = replace(config, min_confidence=min_confidence)
    options = dict(options or {})
    if config.consistency_scope is not None:
        options.setdefault("consistency_scope", config.consistency_scope)
    if chunk_rows == "auto":
        chunk_rows = engine.stream_rows
    if not chunkable(options):
        chunk_rows = None  # consistency across the corpus needs it whole
    voices = None
    if mt_from:
        from mtaudit.corpus.mtfrom import MtFrom

        voices = MtFrom.open(mt_from, input, target, changed_since)
        options.setdefault("mt_from_names", [path.name for path in voices.paths])
    chunks = _with_voices(_input_chunks(input, target, changed_since, mt, mt_options, chunk_rows, engine), voices)
    first = next(chunks, None)  # input errors first, before the glossary is read
    if first is None:
        return nothing_to_audit(f"no input changed since {changed_since}; nothing to audit", config)
    options.setdefault("consistency_scope", "document" if _has_documents(input, target) else "segment")
    run = _Audit.start(glossaries, options, checks, config, baseline, mt, mt_options, scores, engine, spool)
    try:
        try:
            run.add_all(chain([first], chunks))
        except DocumentsInterleaved:
            run.tables.discard()
            run = _Audit.start(glossaries, options, checks, config, baseline, mt, mt_options, scores, engine, spool)
            run.add_all(_with_voices(_input_chunks(input, target, changed_since, mt, mt_options, None, engine), voices))
    except BaseException:
        run.tables.discard()
        raise
    finally:
        engine.close()
    result = run.result()
    if voices is not None:
        result.summary["notices"].extend(voices.notices())
        result.summary["mt_from"] = voices.summary()
    return result


def _with_voices(chunks: Iterator[pd.DataFrame], voices: Any) -> Iterator[pd.DataFrame]:
    """The input's chunks with the ``mt_from`` column when there are ``--mt-from`` files."""
    return chunks if voices is None else voices.attach(chunks)


def _input_chunks(input: str | Path | pd.DataFrame, target: str | Path | None, changed_since: str | None,
                  mt: bool | None, mt_options: Any, chunk_rows: int | None, engine: "Engine") -> Iterator[pd.DataFrame]:
    """The segment table of the input in chunks of whole documents, read by ``engine`` (nothing when
    ``changed_since`` leaves nothing to audit), with target positions for a single bilingual file."""
    from mtaudit.segments import normalise_segments, validate_segments

    if isinstance(input, pd.DataFrame):
        yield from _frame_chunks(validate_segments(normalise_segments(input)), chunk_rows)
        return
    if changed_since is not None:
        from mtaudit.changed import load_changed

        segments = load_changed(input, target, changed_since)
        if segments is not None:
            yield from _frame_chunks(segments, chunk_rows)
        return
    translate = _alignment_mt(mt, mt_options) if target is not None else None
    chunks = engine.read(Path(input), Path(target) if target is not None else None, translate, chunk_rows)
    if target is None and Path(input).is_file():
        from mtaudit.report.locations import TargetPositions

        positions = TargetPositions(input)
        chunks = map(positions.add, chunks)
    yield from chunks


def _has_documents(input: str | Path | pd.DataFrame, target: str | Path | None) -> bool:
    """Whether the input says which segments form a document (see :func:`mtaudit.corpus.has_documents`);
    a table in memory does when it has a ``doc_id`` column."""
    if isinstance(input, pd.DataFrame):
        return "doc_id" in input.columns
    from mtaudit.corpus import has_documents

    return has_documents(input, target)


def _frame_chunks(segments: pd.DataFrame, chunk_rows: int | None) -> list[pd.DataFrame]:
    """A table in memory cut between documents (whole when its documents are not contiguous)."""
    from mtaudit.engine import document_chunks

    if chunk_rows is None or len(segments) <= chunk_rows:
        return [segments]
    return document_chunks(segments, 1, True, chunk_rows, chunk_rows)


class _Audit:
    """One audit while its chunks pass through the stages: MT, checks and scores run chunk by chunk;
    the tables go aside (see :class:`mtaudit.tables.Tables`) and only totals stay here."""

    def __init__(self, context: Any, check_ids: tuple[str, ...], config: "Config", baseline: str | Path | None,
                 mt: bool | None, mt_options: Any, scores: "ScoreOptions | None", engine: "Engine",
                 spool: str | Path | None) -> None:
        from mtaudit.baseline import load_baseline
        from mtaudit.checks.base import DEFAULT_MIN_CONFIDENCE
        from mtaudit.metrics import Scorer, TermTotals
        from mtaudit.tables import Tables

        self.context, self.check_ids, self.config, self.engine = context, check_ids, config, engine
        self.min_confidence = DEFAULT_MIN_CONFIDENCE if config.min_confidence is None else config.min_confidence
        self.baseline = baseline if baseline is not None else config.baseline
        self._accepted = load_baseline(self.baseline) if self.baseline is not None else None
        self.mt, self.mt_options = mt, mt_options
        self.mt_run: Any = None
        self.notices: list[str] = []
        self.scorer = Scorer(scores, engine.map)
        self.terms = TermTotals()
        self.tables = Tables(spool)
        self.rows = 0
        #: per check, in check order: kind → count, severity → count (the report's order of first appearance)
        self.kinds: dict[str, dict[str, int]] = {check: {} for check in check_ids}
        self.severities: dict[str, dict[str, int]] = {check: {} for check in check_ids}
        self.gate_counts = FindingCounts()

    @classmethod
    def start(cls, glossaries: Any, options: dict[str, Any], checks: Iterable[str] | None, config: "Config",
              baseline: str | Path | None, mt: bool | None, mt_options: Any, scores: Any, engine: "Engine",
              spool: str | Path | None) -> "_Audit":
        from mtaudit.checks import DEFAULT_CHECKS
        from mtaudit.checks.context import CheckContext
        from mtaudit.engine import known_checks
        from mtaudit.glossary import load_glossaries

        check_ids = known_checks(checks or DEFAULT_CHECKS)
        context = CheckContext(load_glossaries(glossaries), options=options)
        return cls(context, check_ids, config, baseline, mt, mt_options, scores, engine,
                   _fresh_directory(spool))

    def add_all(self, chunks: Iterable[pd.DataFrame]) -> None:
        """Audit chunks one after the other: while an engine's workers check one, this process reads
        the next and keeps the one before. A document longer than a chunk is cut between chunks:
        those chunks are checked here, in order, each handing the next the state of the document."""
        from mtaudit.engine import Done, check_cut_chunk
        from mtaudit.progress import progress_bar

        checking: tuple[pd.DataFrame, Pending, str | None] | None = None
        handed_on = None
        with progress_bar(None, "audited") as bar:
            for chunk, following in _with_next(chunks):
                chunk = self.translate(chunk)
                last = chunk["doc_id"].iat[-1]
                open_document = last if following is not None and following["doc_id"].iat[0] == last else None
                if handed_on is not None or open_document is not None:
                    checked, handed_on = check_cut_chunk(chunk, self.context, self.check_ids, handed_on,
                                                         open_document is not None)
                    started = (chunk, Done(checked), open_document)
                else:
                    started = (chunk, self.submit(chunk), None)
                if checking is not None:
                    self.keep(checking[0], checking[1].result(), checking[2])
                    bar.update(len(checking[0]))
                checking = started
            if checking is not None:
                self.keep(checking[0], checking[1].result(), checking[2])
                bar.update(len(checking[0]))

    def submit(self, segments: pd.DataFrame) -> "Pending":
        """Start the checks of one chunk on the engine."""
        return self.engine.submit(segments, self.context, self.check_ids)

    def keep(self, segments: pd.DataFrame, checked: "CheckResults", open_document: str | None = None) -> None:
        """Score a checked chunk, put its tables aside and count what the summary needs
        (``open_document``: its last document, which goes on in the next chunk)."""
        findings = {check: self._findings(check, found) for check, found in checked.by_check.items()}
        self.tables.add(self.scorer.add(segments), findings)
        self.terms.add(checked.term_records, open_document)
        self.rows += len(segments)

    def translate(self, segments: pd.DataFrame) -> pd.DataFrame:
        """The MT stage on one chunk; when it was not required and the model is not here, it is
        skipped with a notice (once)."""
        from mtaudit.errors import ModelUnavailableError

        if self.mt is False:
            return segments
        try:
            segments, run = self.engine.translate(segments, self.mt_options, allow_download=self.mt is True)
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
        from mtaudit.baseline import mark_accepted
        from mtaudit.config import apply_kinds

        frame = apply_kinds(findings_table(found), self.config.kinds, self.min_confidence)
        if self._accepted is not None:
            frame = mark_accepted(frame, self._accepted)
        accepted = frame["baseline"].tolist() if "baseline" in frame.columns else [False] * len(frame)
        kinds, severities = self.kinds[check], self.severities[check]
        for kind, severity, old in zip(frame["kind"].tolist(), frame["severity"].tolist(), accepted):
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
        summary = _summary(self.rows, _merged(self.kinds.values()), _merged(self.severities.values()),
                           self.gate_counts, self.context.glossary.fingerprint(), self.config.gate,
                           self.notices, metrics)
        summary.update(_settings(self.config, self.baseline))
        if self.mt_run is not None:
            summary["signature"]["mt"] = self.mt_run.signature()
            summary["mt"] = {k: v for k, v in self.mt_run.to_dict().items() if k not in ("settings", "compute")}
        return AuditResult(summary=summary, tables=self.tables)


def _with_next(items: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
    """Each item with the one after it (None after the last): the next chunk is read ahead."""
    iterator = iter(items)
    current = next(iterator, None)
    while current is not None:
        following = next(iterator, None)
        yield current, following
        current = following


def _fresh_directory(spool: str | Path | None) -> Path | None:
    """A new empty directory inside ``spool`` for one run's tables (a run restarted whole gets another)."""
    if spool is None:
        return None
    import tempfile

    return Path(tempfile.mkdtemp(prefix="tables-", dir=spool))


def _merged(counts: Iterable[dict[str, int]]) -> dict[str, int]:
    """Counts per check merged in check order: keys in order of first appearance in the report."""
    total: dict[str, int] = {}
    for one in counts:
        for key, count in one.items():
            total[key] = total.get(key, 0) + count
    return total


def _settings(config: "Config", baseline: str | Path | None) -> dict[str, Any]:
    """What the report records of the configuration that shaped it."""
    from mtaudit.checks.base import DEFAULT_MIN_CONFIDENCE

    return {"config": str(config.path) if config.path else None,
            "baseline": str(baseline) if baseline is not None else None,
            "min_confidence": DEFAULT_MIN_CONFIDENCE if config.min_confidence is None else config.min_confidence,
            "disabled_kinds": sorted(kind for kind, rule in config.kinds.items() if not rule.enabled)}


def nothing_to_audit(notice: str, config: "Config") -> AuditResult:
    """An empty result that passes the gate (metric rules are reported as not evaluated)."""
    from mtaudit.segments import segment_table

    gate = replace(config.gate, fail_on_missing_metric=False)
    summary = _summary(0, {}, {}, FindingCounts(), "", gate, [notice])
    summary.update(_settings(config, None))
    return AuditResult(segment_table([]), findings_table([]), summary)


def _alignment_mt(mt: bool | None, mt_options: Any) -> Any:
    """The reference MT as a translate function for aligning document pairs, when the MT stage will
    run (translations are cached, so the stage re-translates only merged units); else None."""
    from mtaudit.mt import model_available, translate_texts

    if mt is False or (mt is None and not model_available(mt_options)):
        return None
    return lambda texts: translate_texts(texts, mt_options, allow_download=mt is True)[0]


def _summary(segments: int, by_kind: dict[str, int], by_severity: dict[str, int], counts: FindingCounts,
             glossary_hash: str, gate: GateConfig, notices: list[str],
             metrics: dict[str, Any] | None = None) -> dict[str, Any]:
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


def load_report(path: str | Path) -> AuditResult:
    """Read a JSON report back into an :class:`AuditResult` with DataFrames."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("report not found", path) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not a JSON report: {exc.msg}", path, exc.lineno) from None
    if not isinstance(data, dict) or data.get("schema") != REPORT_SCHEMA:
        raise InputError(f"not an mtaudit report (schema is not {REPORT_SCHEMA})", path)
    from mtaudit.segments import SEGMENT_COLUMNS

    segments = _frame(data["segments"], SEGMENT_COLUMNS)
    return AuditResult(segments, _frame(data["findings"], FINDING_KEYS), data["summary"])


def _frame(records: list[dict[str, Any]], columns: Iterable[str]) -> pd.DataFrame:
    """Object columns keep ints, lists and None as written, so a report round-trips."""
    if not records:
        return pd.DataFrame(columns=list(columns), dtype=object)
    return pd.DataFrame(records, dtype=object)
