"""Glossary lint: problems that make the term check wrong or noisy, found before an audit runs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import ahocorasick_rs

from mtaudit.english import zipf
from mtaudit.glossary.model import Glossary
from mtaudit.glossary.normalize import normalize_zh

#: A forbidden word this frequent in English (wordfreq Zipf) would flag ordinary text.
COMMON_ZIPF = 4.0


@dataclass(frozen=True)
class LintIssue:
    severity: str  # "error" or "warning" or "info"
    code: str
    entry_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.code}: {self.entry_id}: {self.message}"


def lint(glossary: Glossary) -> list[LintIssue]:
    return [
        *_unknown_keys(glossary),
        *_duplicate_ids(glossary),
        *_shared_sources(glossary),
        *_forbidden_conflicts(glossary),
        *_common_forbidden(glossary),
        *_shadowed(glossary),
    ]


def _unknown_keys(glossary: Glossary) -> list[LintIssue]:
    """Keys no entry has (load the glossary with ``strict=False`` to see them all): what is under
    them is ignored, so a typo drops forms silently."""
    return [
        LintIssue(
            "error",
            "unknown-key",
            problem.entry or "-",
            f"{problem.path}:{problem.line}: {problem.message}"
            if problem.line
            else f"{problem.path}: {problem.message}",
        )
        for problem in glossary.unknown_keys
    ]


def _duplicate_ids(glossary: Glossary) -> list[LintIssue]:
    seen: dict[str, int] = defaultdict(int)
    for entry in glossary:
        seen[entry.id] += 1
    return [LintIssue("error", "duplicate-id", i, f"id used by {n} entries") for i, n in seen.items() if n > 1]


def _shared_sources(glossary: Glossary) -> list[LintIssue]:
    """The same source form (after simplified folding) in two entries: the second never matches,
    and when the renderings differ the glossary contradicts itself."""
    owners: dict[str, list] = defaultdict(list)
    for entry in glossary:
        for form in entry.sources:
            owners[normalize_zh(form)].append(entry)
    issues = []
    for form, entries in owners.items():
        ids = list(dict.fromkeys(e.id for e in entries))
        if len(ids) < 2:
            continue
        targets = {e.target for e in entries}
        code, severity = ("conflicting-renderings", "error") if len(targets) > 1 else ("duplicate-source", "warning")
        issues.append(
            LintIssue(
                severity,
                code,
                ids[0],
                f"source {form} also in {', '.join(ids[1:])} (renderings: {', '.join(sorted(targets))})",
            )
        )
    return issues


def _forbidden_conflicts(glossary: Glossary) -> list[LintIssue]:
    accepted = {form.lower(): entry.id for entry in glossary for form in (*entry.accepted, *entry.short)}
    return [
        LintIssue(
            "error",
            "forbidden-is-accepted",
            entry.id,
            f"forbidden '{form}' is an accepted rendering of {accepted[form.lower()]}",
        )
        for entry in glossary
        for form in entry.forbidden
        if form.lower() in accepted
    ]


def _common_forbidden(glossary: Glossary) -> list[LintIssue]:
    return [
        LintIssue(
            "warning",
            "forbidden-common-word",
            entry.id,
            f"forbidden '{form}' is an ordinary English word and will flag correct text",
        )
        for entry in glossary
        for form in entry.forbidden
        if len(form.split()) == 1 and zipf(form) >= COMMON_ZIPF
    ]


def _shadowed(glossary: Glossary) -> list[LintIssue]:
    """A source form inside a longer one of another entry: inside the longer form it never matches."""
    owners = {normalize_zh(f): e.id for e in reversed(glossary.entries) for f in e.sources}
    forms = list(owners)
    automaton = ahocorasick_rs.AhoCorasick(forms)  # standard match kind: every overlapping hit
    inside: dict[str, list[str]] = defaultdict(list)
    for longer in forms:
        for index, _, _ in automaton.find_matches_as_indexes(longer, overlapping=True):
            short = forms[index]
            if short != longer and owners[short] != owners[longer]:
                inside[short].append(longer)
    return [
        LintIssue(
            "info",
            "shadowed",
            owners[short],
            f"{short} is inside {', '.join(f'{f} ({owners[f]})' for f in longer[:3])}; the longer entry wins there",
        )
        for short, longer in inside.items()
    ]
