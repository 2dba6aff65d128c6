"""Candidates for real name errors: a name of a human reference that a system's output lacks.

A reference name is a run of capitalised words (with the particles names carry) keeping only the
words rare in English (wordfreq Zipf < 4: "Kishida", not "Minister"); a candidate is a system
whose output lacks one of those words. Candidates are grouped by (line, reference name) and the
groups put in a seeded random order; a person reads them in that order (source, both references,
the output) and says whether the output really renders a person, organisation or place of the
source wrongly. Most candidates are not errors (another accepted spelling, a name the reference
added): the order, not a choice, decides what is judged.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from wordfreq import zipf_frequency

from benchmarks.real.data import DevSet

SEED = 20221
_NAME = re.compile(
    r"(?<![\w’'])[A-Z][\w’'\-]*(?:[ \u00a0]+(?:(?:de|da|di|van|von|der|den|bin|al|el|le|la|du)[ \u00a0]+)?"
    r"[A-Z][\w’'\-]*)*"
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_HAN = re.compile(r"[\u4e00-\u9fff]")
RARE_ZIPF = 4.0


@dataclass(frozen=True)
class Group:
    line: int  # 1-based
    name: str  # as the reference writes it
    words: tuple[str, ...]  # its rare words, lower-case
    systems: tuple[str, ...]  # the systems whose output lacks one of them


def _bare(word: str) -> str:
    return re.sub(r"['’]s$", "", word).lower()


def reference_names(text: str) -> list[tuple[str, tuple[str, ...]]]:
    names = []
    for match in _NAME.finditer(text):
        words = tuple(
            dict.fromkeys(
                _bare(w)
                for w in _WORD.findall(match.group())
                if len(w) > 1 and not w.isdigit() and zipf_frequency(_bare(w), "en") < RARE_ZIPF
            )
        )
        if words:
            names.append((match.group(), words))
    return names


def output_words(text: str) -> set[str]:
    return {_bare(w) for w in _WORD.findall(text)}


def groups(dev: DevSet) -> list[Group]:
    """Every candidate group, in the seeded random order in which they are judged."""
    found: dict[tuple[int, tuple[str, ...]], Group] = {}
    words_of = {s: [output_words(t) for t in lines] for s, lines in dev.outputs.items()}
    for index, source in enumerate(dev.source):
        if not _HAN.search(source):
            continue
        for reference in dev.references.values():
            for name, words in reference_names(reference[index]):
                key = (index + 1, words)
                if key in found:
                    continue
                lacking = tuple(s for s in dev.systems if not set(words) <= words_of[s][index])
                if lacking:
                    found[key] = Group(index + 1, name, words, lacking)
    ordered = sorted(found.values(), key=lambda g: (g.line, g.words))
    random.Random(SEED).shuffle(ordered)
    return ordered
