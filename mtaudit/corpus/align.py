"""Align two sequences of text units (paragraphs or sentences) of a Chinese document and its
English translation.

The floor is Gale & Church (1993): dynamic programming over beads 1-1, 1-2, 2-1, 1-0 and 0-1,
each scored by its prior and by how well the English length fits the Chinese length times the
document's own ratio (English characters per Chinese character, measured on the pair itself,
so no language constant is needed).

On top of lengths, :class:`AnchoredCost` (the default) rewards beads whose two sides share
*anchors* — numbers and Latin-script words (G20, APEC, 2026, names in parentheses) that Chinese
news text carries verbatim — which keeps the alignment on track where a translator shortened or
split a paragraph.

The cost of a bead is a callable ``cost(source_units, target_units) -> float`` (lower is better).
When the reference MT is on, :class:`MTCost` also rewards beads whose machine-translated Chinese
reads like their English, which lengths alone cannot tell (an omitted sentence of ordinary length).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex
from rapidfuzz.distance import Indel

#: Bead shapes and their prior probabilities (Gale & Church 1993, table 5).
PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.0099 / 2,
    (0, 1): 0.0099 / 2,
    (2, 1): 0.089 / 2,
    (1, 2): 0.089 / 2,
}
#: Translators keep paragraphs far more often than sentences: priors for aligning paragraphs.
PARAGRAPH_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.97,
    (1, 0): 0.005,
    (0, 1): 0.005,
    (2, 1): 0.01,
    (1, 2): 0.01,
}
#: Variance of the English length per unit of expected length, as in Gale & Church (c = 1).
VARIANCE = 6.8

#: Half-width (in units) of the band around the diagonal the search explores, beyond the length
#: difference of the two sides: long documents stay O(n) instead of O(n·m).
BAND = 20

BeadCost = Callable[[Sequence[str], Sequence[str]], float]


@dataclass(frozen=True)
class Bead:
    """Indices of the source units and target units aligned together."""

    source: tuple[int, ...]
    target: tuple[int, ...]


@lru_cache(maxsize=1 << 16)
def text_length(text: str) -> int:
    """Characters that carry content: whitespace is not counted (Chinese has none)."""
    return sum(1 for char in text if not char.isspace())


class LengthCost:
    """Gale–Church: −log prior − log P(length difference) under a normal model."""

    def __init__(self, source: Sequence[str], target: Sequence[str],
                 priors: dict[tuple[int, int], float] = PRIORS):
        self.priors = priors
        source_total = sum(map(text_length, source))
        target_total = sum(map(text_length, target))
        self.ratio = target_total / source_total if source_total and target_total else 1.0

    def __call__(self, source: Sequence[str], target: Sequence[str]) -> float:
        prior = self.priors[(len(source), len(target))]
        length_source = sum(map(text_length, source)) * self.ratio
        length_target = sum(map(text_length, target))
        mean = (length_source + length_target) / 2
        if mean == 0:
            return -math.log(prior)
        z = abs(length_source - length_target) / math.sqrt(VARIANCE * self.ratio * mean)
        tail = max(math.erfc(z / math.sqrt(2)), 1e-300)  # two-sided P(|Z| >= z)
        return -math.log(prior) - math.log(tail)


_ANCHOR = regex.compile(r"\d+|[A-Za-z][A-Za-z\-']+")
#: Reward (in cost units, nats) per anchor shared by the two sides of a bead.
ANCHOR_WEIGHT = 4.0


@lru_cache(maxsize=1 << 16)
def anchors(text: str) -> frozenset[str]:
    """Numbers and Latin words of two letters or more, lower-cased."""
    return frozenset(token.lower() for token in _ANCHOR.findall(text) if len(token) > 1 or token.isdigit())


class AnchoredCost(LengthCost):
    """Gale–Church lengths, minus a reward for numbers and Latin words both sides share."""

    def __call__(self, source: Sequence[str], target: Sequence[str]) -> float:
        shared = frozenset().union(*map(anchors, source)) & frozenset().union(*map(anchors, target))
        return super().__call__(source, target) - ANCHOR_WEIGHT * len(shared)


#: Reward (nats) for a bead whose Chinese side, machine-translated, reads like its English side:
#: at full similarity it outweighs the length evidence of a typical sentence.
MT_WEIGHT = 10.0
#: Character similarity of unrelated English sentences, below which the MT gives no evidence.
MT_FLOOR = 0.35


class MTCost(AnchoredCost):
    """Lengths and anchors, minus a reward for the reference MT of the Chinese units resembling
    the English units — what lengths cannot see (an omitted sentence of ordinary length)."""

    def __init__(self, source: Sequence[str], target: Sequence[str], priors: dict[tuple[int, int], float],
                 translations: Mapping[str, str]):
        super().__init__(source, target, priors)
        self.translations = translations

    def __call__(self, source: Sequence[str], target: Sequence[str]) -> float:
        cost = super().__call__(source, target)
        machine = " ".join(self.translations.get(text, "") for text in source).strip()
        if not machine or not target:
            return cost

        similarity = Indel.normalized_similarity(machine.lower(), " ".join(target).lower())
        return cost - MT_WEIGHT * max(0.0, similarity - MT_FLOOR) / (1 - MT_FLOOR)


def align(source: Sequence[str], target: Sequence[str], cost: BeadCost | None = None,
          priors: dict[tuple[int, int], float] = PRIORS, translations: Mapping[str, str] | None = None) -> list[Bead]:
    """The cheapest sequence of beads covering both sides in order.

    ``cost`` defaults to :class:`MTCost` when ``translations`` (Chinese unit → reference MT) are
    given, else :class:`AnchoredCost`, with ``priors``; bead shapes are those of ``PRIORS``.
    """
    if cost is None:
        cost = MTCost(source, target, priors, translations) if translations else AnchoredCost(source, target, priors)
    n, m = len(source), len(target)
    best = [[math.inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    window = BAND + abs(n - m)
    for i in range(n + 1):
        diagonal = i * m / n if n else 0
        for j in range(max(0, int(diagonal - window)), min(m, int(diagonal + window)) + 1):
            if best[i][j] == math.inf:
                continue
            for di, dj in PRIORS:
                ni, nj = i + di, j + dj
                if ni > n or nj > m:
                    continue
                total = best[i][j] + cost(source[i:ni], target[j:nj])
                if total < best[ni][nj]:
                    best[ni][nj] = total
                    back[ni][nj] = (di, dj)
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        assert step is not None  # every cell is reachable through 1-0 and 0-1 beads
        di, dj = step
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    beads.reverse()
    return beads
