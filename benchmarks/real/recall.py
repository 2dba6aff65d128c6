"""Recall of real name errors, labelled by reading the candidates of :mod:`candidates` in order.

A labelled error (verdict ERROR) is caught by an audit when one of its findings on that system and
line points at it: its source term overlaps the source name, or its ``found`` text overlaps the
output's rendering, or — a finding without ``found``, such as a name the other translations have
and the output lacks — its suggestion overlaps the reference's rendering. It is located when
``found`` overlaps the output's rendering (dropped names have none). Whether the bundled glossary knows the name is worked out from the glossary as it is
now (the label also keeps what it was when judged).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from benchmarks.real.data import DevSet
from benchmarks.real.run import MODES

LABELS = Path(__file__).parent / "labels" / "names.tsv"
LABEL_COLUMNS = [
    "group",
    "system",
    "line",
    "candidate",
    "verdict",
    "source_name",
    "reference",
    "output",
    "error_type",
    "entity_type",
    "in_glossary",
    "note",
]
VERDICTS = ("ERROR", "OK", "NOT_NAME", "UNSURE")
ERROR_TYPES = (
    "wrong_romanisation",
    "pinyin_of_transliteration",
    "foreign_read_as_pinyin",
    "garbled",
    "other_entity",
    "literal",
    "partial",
    "dropped",
)
#: Finding kinds that speak of a name or term.
NAME_KINDS = {"missing", "misrendered", "forbidden", "miscased", "unlisted_name", "name_mismatch", "wrong_abbreviation"}


def key_of(row: dict) -> tuple[str, str, str]:
    return (row["system"], str(row["line"]), row["candidate"])


def load_labels(path: Path = LABELS) -> dict[tuple[str, str, str], dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    for number, row in enumerate(rows, 2):
        if row["verdict"] not in VERDICTS:
            raise SystemExit(f"{path}:{number}: verdict must be one of {VERDICTS}, not {row['verdict']!r}")
        if row["verdict"] == "ERROR" and row["error_type"] not in ERROR_TYPES:
            raise SystemExit(f"{path}:{number}: error_type must be one of {ERROR_TYPES}, not {row['error_type']!r}")
    return {key_of(row): row for row in rows}


@dataclass(frozen=True)
class NameError:
    system: str
    line: int
    source_name: str
    reference: str
    output: str
    error_type: str
    entity_type: str
    labelled_in_glossary: bool


def errors(labels: dict[tuple[str, str, str], dict[str, str]]) -> list[NameError]:
    """The labelled errors, one per (system, line, source name)."""
    found: dict[tuple[str, int, str], NameError] = {}
    for row in labels.values():
        if row["verdict"] != "ERROR":
            continue
        error = NameError(
            row["system"],
            int(row["line"]),
            row["source_name"],
            row["reference"],
            row["output"],
            row["error_type"],
            row["entity_type"],
            row["in_glossary"].lower() in ("yes", "true", "1"),
        )
        found.setdefault((error.system, error.line, error.source_name), error)
    return list(found.values())


def _overlap(a: str, b: str) -> bool:
    a, b = a.strip().lower(), b.strip().lower()
    return bool(a and b) and (a in b or b in a)


def in_glossary(dev: DevSet, errors_: list[NameError]) -> dict[NameError, bool]:
    """Whether a glossary source form covers (part of) the error's source name where it stands."""
    from mtaudit.glossary import load_glossaries
    from mtaudit.glossary.matcher import SourceMatcher

    matcher = SourceMatcher(load_glossaries())
    known = {}
    for error in errors_:
        source = dev.source[error.line - 1]
        start = source.find(error.source_name)
        end = start + len(error.source_name)
        known[error] = start >= 0 and any(h.start < end and start < h.end for h in matcher.find(source))
    return known


def caught(error: NameError, findings: list[dict]) -> tuple[bool, bool, str | None]:
    """(caught, located, suggestion of the finding that located it, else of the one that caught it)."""
    catching = [
        f
        for f in findings
        if _overlap(f["source_term"], error.source_name)
        or (error.output and _overlap(f["found"], error.output))
        or (not f["found"] and _overlap(str(f.get("suggestion") or ""), error.reference))
    ]
    located = [f for f in catching if error.output and _overlap(f["found"], error.output)]
    best = (located or catching or [None])[0]
    return bool(catching), bool(located), (best or {}).get("suggestion")


def report(dev: DevSet, findings: pd.DataFrame, labels: dict[tuple[str, str, str], dict[str, str]]) -> list[str]:
    listed = errors(labels)
    if not listed:
        return ["recall: no name errors labelled yet"]
    glossary = in_glossary(dev, listed)
    name_findings = findings[findings["kind"].isin(NAME_KINDS)]
    by_place: dict[tuple[str, str, int], list[dict]] = defaultdict(list)
    for row in name_findings.to_dict("records"):
        by_place[(row["mode"], row["system"], int(row["line"]))].append(row)
    verdicts = Counter(row["verdict"] for row in labels.values())
    lines = [
        f"recall of {len(listed)} real name errors ({dict(verdicts)} over {len(labels)} judged candidates; "
        f"{sum(glossary.values())} in the bundled glossary)"
    ]
    for mode in [m for m in MODES if m in set(findings["mode"])]:
        tally: dict[str, Counter] = defaultdict(Counter)
        for error in listed:
            got, located, suggestion = caught(error, by_place[(mode, error.system, error.line)])
            where = "in glossary" if glossary[error] else "not in glossary"
            for group in (where, f"{where} · {error.error_type}"):
                tally[group]["errors"] += 1
                tally[group]["caught"] += got
                if error.output:
                    tally[group]["renderable"] += 1
                    tally[group]["located"] += located
        lines.append(f"  [{mode}]")
        for group in sorted(tally, key=lambda g: (g.split(" · ")[0], " · " in g, g)):
            t = tally[group]
            located = f"  located {t['located'] / t['renderable']:.3f} of {t['renderable']}" if t["renderable"] else ""
            lines.append(
                f"    {group:<48} recall {t['caught'] / t['errors']:.3f} ({t['caught']}/{t['errors']}){located}"
            )
    return lines
