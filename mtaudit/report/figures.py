"""The summary's figures in words a reader understands (the Markdown table, the HTML tiles): the
metric keys of the JSON report are names for programs, not for people."""

from __future__ import annotations

from typing import Any

#: Score names as their authors write them, and what they are measured against.
METRIC_NAMES = {"bleu": "BLEU", "chrf": "chrF", "chrf++": "chrF++", "ter": "TER"}
AGAINST = {"reference": "against the reference translation", "mt": "against the reference model's re-translation"}
#: What each term figure counts (``mtaudit.metrics.TermTotals``), and which are shares.
TERM_FIGURES = {
    "terms": "glossary terms in the sources",
    "success_rate": "terms rendered as the glossary says",
    "exact_success_rate": "terms rendered exactly as the glossary writes them",
    "missing": "terms with no rendering in the translation",
    "misrendered": "terms rendered wrongly",
    "forbidden": "known wrong renderings used",
    "repeated_terms": "terms that occur more than once in a document",
    "consistency": "repeated terms rendered the same way each time",
}
SHARES = {"success_rate", "exact_success_rate", "consistency"}


def metric_figures(metrics: dict[str, Any]) -> list[tuple[str, str]]:
    """(what it measures, the value as people read it) for every score and term figure."""
    rows = []
    for group, against in AGAINST.items():
        for name, value in metrics.get(group, {}).items():
            if name in METRIC_NAMES and _number(value):
                tail = " (lower is better)" if name == "ter" else ""
                rows.append((f"{METRIC_NAMES[name]} {against}{tail}", f"{value:.1f}"))
    for name, value in metrics.get("terms", {}).items():
        if _number(value):
            label = TERM_FIGURES.get(name, name.replace("_", " "))
            rows.append((label, f"{100 * value:.1f}%" if name in SHARES else _plain(value)))
    return rows


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _plain(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
