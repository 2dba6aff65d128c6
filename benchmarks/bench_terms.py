"""Terminology engine quality on synthetic sets built from the bundled glossary.

Figures (goals from the terminology issue):
  clean segments flagged            <= 1 in 100
  garbled/dropped names flagged     >= 99 in 100
  garbles located (found == garble) >= 9 in 10
  target-only: garbles located      >= 8 in 10; clean segments flagged <= 2 in 100
Each figure is printed with and without the glossary's forbidden lists, so the locator itself
is measured and not only the lists. Then the locator's speed (:func:`speed`): locate calls/s and
target-only scan segments/s, as ratios to the straightforward per-pair scorer kept here.
"""

from __future__ import annotations

import dataclasses
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import pandas as pd

from benchmarks.termdata import Case, clean_cases, garbled_cases
from mtaudit.checks import locate
from mtaudit.checks.locate import (
    Candidate,
    Locator,
    entry_keys,
    letters,
    scan_similarity,
    scan_threshold,
    similarity,
)
from mtaudit.english import zipf
from mtaudit.glossary import load_glossaries
from mtaudit.glossary.matcher import Span, trim_correct_words
from mtaudit.glossary.model import NAME_TYPES, Glossary

TERM_KINDS = {"missing", "misrendered", "forbidden", "inconsistent"}
#: Timed passes of each locator in :func:`speed`; the fastest counts.
REPEATS = 7


def _findings(cases: list[Case], glossary: Glossary, target_only: bool) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(cases))],
            "seg_id": "1",
            "source": ["" if target_only else c.source for c in cases],
            "target": [c.target for c in cases],
        }
    )
    from mtaudit.checks.context import CheckContext
    from mtaudit.checks.step import run_checks
    from mtaudit.pipeline import findings_table
    from mtaudit.segments import normalise_segments

    return findings_table(run_checks(normalise_segments(table), CheckContext(glossary)))


def _rates(cases: list[Case], glossary: Glossary, target_only: bool) -> dict[str, float]:
    findings = _findings(cases, glossary, target_only)
    findings = findings[findings.kind.isin(TERM_KINDS)]
    by_doc = {doc: group for doc, group in findings.groupby("doc_id")}
    flagged = located = garbles = right_entry = 0
    misses: Counter[str] = Counter()
    for i, case in enumerate(cases):
        group = by_doc.get(f"d{i}")
        if group is None:
            misses[case.method] += 1
            continue
        flagged += 1
        if case.garble is not None:
            garbles += 1
            if case.garble in set(group.found.dropna()):
                located += 1
                right_entry += case.entry.id in set(group[group.found == case.garble].entry_id)
            else:
                misses[case.method] += 1
    result = {"flagged": flagged / len(cases)}
    if any(c.garble for c in cases):
        result["located"] = located / max(1, sum(1 for c in cases if c.garble))
        result["right_entry"] = right_entry / max(1, located)
    result["misses"] = dict(misses)  # type: ignore[assignment]
    return result


def main(count: int = 300) -> None:
    bundled = load_glossaries()
    bare = Glossary([dataclasses.replace(e, forbidden=()) for e in bundled], bundled.origins)
    clean, garbled = clean_cases(bundled, count), garbled_cases(bundled, count)
    for label, glossary in (("with forbidden lists", bundled), ("locator only", bare)):
        c = _rates(clean, glossary, False)
        g = _rates(garbled, glossary, False)
        tc = _rates(clean, glossary, True)
        tg = _rates([x for x in garbled if x.garble], glossary, True)
        print(f"[{label}] {count} cases each")
        print(f"  bilingual  clean flagged    {c['flagged']:.3f}  (goal <= 0.010)  misses={c['misses']}")
        print(f"  bilingual  garbled flagged  {g['flagged']:.3f}  (goal >= 0.990)")
        print(f"  bilingual  garbles located  {g['located']:.3f}  (goal >= 0.900)  misses={g['misses']}")
        print(f"  target-only garbles located {tg['located']:.3f}  (goal >= 0.850)  misses={tg['misses']}")
        print(f"  target-only right entry     {tg['right_entry']:.3f}  (goal >= 0.800, of those located)")
        print(f"  target-only clean flagged   {tc['flagged']:.3f}  (goal <= 0.020)")
    print(f"  target-only garbles located, seeds {SEEDS[0]}-{SEEDS[-1]}: {_over_seeds(bundled, count)}")
    speed(count)


#: The garbled sample's seeds whose target-only figures are averaged: one seeded sample of a few
#: hundred garbles moves by about ±0.04 with the entries it happens to draw.
SEEDS = range(1, 7)


def _over_seeds(glossary: Glossary, count: int) -> str:
    """Target-only garbles located on the samples of several seeds: their mean, lowest and highest."""
    rates = []
    for seed in SEEDS:
        garbled = [x for x in garbled_cases(glossary, count, seed=seed) if x.garble]
        rates.append(_rates(garbled, glossary, True)["located"])
    return f"mean {sum(rates) / len(rates):.3f} (lowest {min(rates):.3f}, highest {max(rates):.3f}; goal >= 0.850)"


def speed(count: int = 300) -> None:
    """Locate calls/s and scan segments/s on the calls the terms check makes for these cases, new
    vs the baseline below, each timed (best of REPEATS) on a fresh locator after a pass that warms
    the caches both share (word frequencies, entry keys); the results must be identical."""
    glossary = load_glossaries()
    cases = clean_cases(glossary, count) + garbled_cases(glossary, count)
    calls = _recorded_calls(cases, glossary)
    for label, new, baseline, unit in (
        ("locate", _locate, _baseline_locate, "calls"),
        ("scan", _scan, _baseline_scan, "segments"),
    ):
        args = calls[label]
        ours, theirs = _results(glossary, new, args), _results(glossary, baseline, args)
        agree = sum(a == b for a, b in zip(ours, theirs, strict=True))
        timings: dict[Runner, list[float]] = {new: [], baseline: []}
        for _ in range(REPEATS):  # interleaved, so that other load on the machine hits both alike
            for run, seconds in timings.items():
                seconds.append(_seconds(glossary, run, args))
        new_rate, old_rate = (len(args) / min(timings[run]) for run in (new, baseline))
        print(
            f"  speed {label:6} {new_rate:9.0f} {unit}/s vs baseline {old_rate:8.0f}: "
            f"{new_rate / old_rate:5.1f}x  ({len(args)} {unit}, the same result for {agree}: the scan now also "
            f"judges a longer name as a whole)"
            if label == "scan"
            else f"{new_rate / old_rate:5.1f}x  ({len(args)} {unit}, the same result for {agree})"
        )


def _recorded_calls(cases: list[Case], glossary: Glossary) -> dict[str, list[tuple[Any, ...]]]:
    """The arguments of every locate call (bilingual cases) and scan call (target only)."""
    calls: dict[str, list[tuple[Any, ...]]] = {"locate": [], "scan": []}

    class Recording(Locator):
        def locate_scored(self, *args: Any) -> Any:
            calls["locate"].append(args)
            return super().locate_scored(*args)

        def scan(self, *args: Any) -> Any:
            calls["scan"].append(args)
            return super().scan(*args)

    from mtaudit.checks.analysis import analyse_terms
    from mtaudit.checks.context import CheckContext
    from mtaudit.segments import normalise_segments

    for target_only in (False, True):
        table = pd.DataFrame(
            {
                "doc_id": [f"d{i}" for i in range(len(cases))],
                "seg_id": "1",
                "source": ["" if target_only else c.source for c in cases],
                "target": [c.target for c in cases],
            }
        )
        context = CheckContext(glossary)
        context.locator = Recording(glossary)
        analyse_terms(normalise_segments(table), context)
    return calls


Runner = Callable[[Locator, tuple[Any, ...]], Any]


def _locate(locator: Locator, args: tuple[Any, ...]) -> Span | None:
    return locator.locate(*args)


def _scan(locator: Locator, args: tuple[Any, ...]) -> list[Any]:
    """The scan's (entry, span) pairs: what the baseline below gives (it has no confidence, and none
    of the checks on real output that leave parts of longer names and other Chinese names alone)."""
    return [(entry, span) for entry, span, _, _ in locator.scan(*args)]


def _results(glossary: Glossary, run: Runner, calls: list[tuple[Any, ...]]) -> list[Any]:
    locator = Locator(glossary)
    return [run(locator, args) for args in calls]


def _seconds(glossary: Glossary, run: Runner, calls: list[tuple[Any, ...]]) -> float:
    locator = Locator(glossary)
    _ = locator._key_index  # built once per locator, outside the timing, for both scorers alike
    locate._target_candidates.cache_clear()  # no target's candidates left from an earlier pass
    start = time.process_time()  # CPU time: other engineers' jobs share the machine
    for args in calls:
        run(locator, args)
    return time.process_time() - start


# The baseline: the locator as first written, every candidate of a target searched again for each
# hit and compared with each key one pair at a time, a scan comparing with every key.


def _baseline_candidates(target: str, taken: list[Span]) -> list[Candidate]:
    words = [m for m in locate._WORD.finditer(target) if locate._name_like(m.group())]
    found = []
    for i, first in enumerate(words):
        for j in range(i, min(i + locate.MAX_WORDS, len(words))):
            if j > i and target[words[j - 1].end() : words[j].start()] not in (" ", "\u00a0"):
                break
            text = locate._possessive_free(target[first.start() : words[j].end()])
            span = Span(first.start(), first.start() + len(text), text)
            if any(span.overlaps(t) for t in taken):
                break
            frequencies = [zipf(locate._possessive_free(w.group()).replace("-", "")) for w in words[i : j + 1]]
            found.append(
                Candidate(
                    span.start,
                    span.end,
                    text,
                    letters(text),
                    max(frequencies) < locate.COMMON_ZIPF,
                    min(frequencies) >= locate.KNOWN_ZIPF,
                )
            )
    return found


def _baseline_locate(locator: Locator, args: tuple[Any, ...]) -> Span | None:
    entry, hit, source, target, taken = args
    keys = [key.text for key in entry_keys(entry, hit.text)]
    if not keys:
        return None
    position = (hit.start + hit.end) / 2 / max(len(source), 1)
    best, best_score = None, locator.locate_min
    for cand in _baseline_candidates(target, taken):
        closeness = max(similarity(cand.key, key) for key in keys)
        if not cand.foreign and entry.type in NAME_TYPES and closeness < locate.EXACT:
            continue
        distance = abs((cand.span.start + cand.span.end) / 2 / max(len(target), 1) - position)
        score = closeness + (0.1 if cand.foreign else 0.0) - 0.2 * distance
        if score > best_score:
            best, best_score = cand.span, score
    return trim_correct_words(best, entry) if best else None


def _baseline_scan(locator: Locator, args: tuple[Any, ...]) -> list[Any]:
    from rapidfuzz import fuzz, process

    target, taken = args
    keys, owners = locator._key_index
    found: list[Any] = []
    for cand in _baseline_candidates(target, taken):
        if len(cand.key) < locate.MIN_KEY or any(cand.span.overlaps(s) for _, s in found):
            continue
        shortlist = process.extract(cand.key, keys, scorer=fuzz.ratio, limit=5, score_cutoff=60)
        if not shortlist:
            continue
        score, index = max((scan_similarity(cand.key, keys[i]), i) for _, _, i in shortlist)
        entry, origin = owners[index]
        if score == 1.0 and origin == "surname":
            continue
        if score >= scan_threshold(cand, entry, origin):
            found.append((entry, trim_correct_words(cand.span, entry)))
    return found


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
