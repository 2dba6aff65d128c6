"""One self-contained HTML page for people: the verdict and a few figures, then at once the
findings table you can filter and sort (most sure first, with each finding's confidence; each
finding's segment with the wrong span highlighted next to the source term and the suggestion, or
"no translation aligned"), then inline SVG charts of the findings shown, the scores and term
figures in words, and the gate's rules.

The filter and the order live in the URL (``report.html#kind=misrendered&q=Biden&new=1&sort=-entity``,
also read from a query string), so a link opens the page as it was seen; the finding charts are
redrawn from the rows the filter shows.

Rendered with Jinja2 and autoescaping, so no input text can become markup (the script draws with
DOM calls, never HTML strings); a Content-Security-Policy forbids every network request, so the
page opens offline and leaks nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import jinja2

from mtaudit.metrics import REFERENCE_COLUMNS, column_name
from mtaudit.report.base import Writer, by_confidence, confidence_of, findings_with_segments, is_new
from mtaudit.report.figures import AGAINST, METRIC_NAMES, metric_figures
from mtaudit.report.locations import finding_location, source_term_span
from mtaudit.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.result import AuditResult

MAX_ROWS = 5000
TOP_BARS = 15
BINS = 10
#: Bar labels longer than this are cut (the page's script cuts them the same way).
LABEL_CHARS = 32
#: The figures shown as tiles beside the counts (all are in the figures table).
TILES = (f"BLEU {AGAINST['reference']}", f"chrF {AGAINST['reference']}", "terms rendered as the glossary says")


class HtmlWriter(Writer):
    def render(self, result: AuditResult) -> str:
        env = jinja2.Environment(
            loader=jinja2.PackageLoader("mtaudit.report", "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        pairs = by_confidence(findings_with_segments(result))
        rows = [_row(i, f, s) for i, (f, s) in enumerate(pairs[:MAX_ROWS], start=1)]
        new = sum(1 for f, _ in pairs if is_new(f))
        summary = result.summary
        charts = [
            _bar_chart("kind", "Findings by kind", _tally(f["kind"] for f, _ in pairs)),
            _bar_chart("entity", "Findings by entity", _tally(_entity(f) for f, _ in pairs)),
            _bar_chart("document", "Findings by document", _tally(f["doc_id"] for f, _ in pairs)),
        ] + [_histogram(f"Sentence {label}, all segments", values) for label, values in _scores(result)]
        figures = metric_figures(summary.get("metrics", {}))
        return env.get_template("report.html.j2").render(
            version=__version__,
            summary=summary,
            gate=summary.get("gate", {}),
            rows=rows,
            total=len(pairs),
            new=new,
            accepted=len(pairs) - new,
            truncated=len(pairs) > MAX_ROWS,
            documents=len(set(result.segment_values("doc_id"))),
            charts=[c for c in charts if c],
            kinds=sorted({f["kind"] for f, _ in pairs}),
            severities=sorted({f["severity"] for f, _ in pairs}),
            tiles=_tiles(figures),
            figures=figures,
            max_rows=MAX_ROWS,
            top_bars=TOP_BARS,
            label_chars=LABEL_CHARS,
        )


def _row(index: int, finding: dict[str, Any], segment: dict[str, Any] | None) -> dict[str, Any]:
    segment = segment or {}
    target = str(segment.get("target") or "")
    span = finding.get("target_span")
    target_parts = _split(target, span[0], span[1]) if span and len(span) == 2 else (target, "", "")
    source = str(segment.get("source") or "")
    term = source_term_span(finding, segment)
    source_parts = _split(source, *term) if term else (source, "", "")
    location = finding_location(finding, segment)
    where = f"{location.file}:{location.line}" if location and location.line else (location.file if location else "")
    return {
        "index": index,
        "f": finding,
        "new": is_new(finding),
        "target": target_parts,
        "source": source_parts,
        "where": where,
        "entity": _entity(finding),
        "confidence": f"{confidence_of(finding):.2f}",
    }


def _split(text: str, start: int, end: int) -> tuple[str, str, str]:
    return text[:start], text[start:end], text[end:]


def _entity(finding: dict[str, Any]) -> str:
    """The glossary entry a finding is about, named by its canonical rendering and source term."""
    name = finding.get("expected") or finding.get("entry_id") or "—"
    term = finding.get("source_term")
    return f"{name} ({term})" if term else str(name)


def _tally(values: Any) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for value in values:
        counts[str(value)] = counts.get(str(value), 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _bar_chart(key: str, title: str, counts: list[tuple[str, int]]) -> dict[str, Any] | None:
    """Horizontal bars of the findings by ``key`` (a row's ``data-`` attribute, which the page's
    script counts again when filtering), geometry computed here so the template only draws."""
    if not counts:
        return None
    shown = counts[:TOP_BARS]
    peak = max(v for _, v in shown)
    bars = [
        {
            "label": label,
            "short": _short(label),
            "value": value,
            "y": 8 + i * 24,
            "width": max(2, round(260 * value / peak)),
        }
        for i, (label, value) in enumerate(shown)
    ]
    more = len(counts) - len(shown)
    return {
        "kind": "bars",
        "key": key,
        "name": title,
        "title": title + (f" (top {TOP_BARS} of {len(counts)})" if more else ""),
        "bars": bars,
        "height": 16 + 24 * len(shown),
    }


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _scores(result: AuditResult) -> list[tuple[str, list[float]]]:
    """Segment score columns (sentence chrF, BLEU… added by the metrics stage), named in words."""
    labels = {
        column_name(metric, against): f"{name} {AGAINST[against]}"
        for against in REFERENCE_COLUMNS
        for metric, name in METRIC_NAMES.items()
    }
    columns: dict[str, list] = {}
    for chunk in result.segment_chunks():  # one pass over a streamed audit's tables
        for column in labels:
            if column in chunk.columns:
                columns.setdefault(column, []).extend(chunk[column].tolist())
    found = []
    for column, values in columns.items():
        numbers = [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool) and v == v]
        if numbers and len(numbers) == sum(v is not None and v == v for v in values):
            found.append((labels[column], numbers))
    return found


def _histogram(title: str, values: list[float]) -> dict[str, Any]:
    low, high = min(values), max(values)
    width = (high - low) / BINS or 1.0
    counts = [0] * BINS
    for value in values:
        counts[min(BINS - 1, int((value - low) / width))] += 1
    peak = max(counts)
    bars = [
        {
            "x": 40 + i * 26,
            "height": round(120 * c / peak),
            "value": c,
            "label": f"{low + i * width:.3g}–{low + (i + 1) * width:.3g}",
        }
        for i, c in enumerate(counts)
    ]
    return {
        "kind": "histogram",
        "title": f"{title} (n={len(values)})",
        "bars": bars,
        "low": f"{low:.3g}",
        "high": f"{high:.3g}",
    }


def _tiles(figures: list[tuple[str, str]]) -> list[dict[str, str]]:
    """BLEU and chrF against the reference translation and the term success rate, as tiles."""
    return [{"label": label, "value": value} for label, value in figures if label in TILES]
