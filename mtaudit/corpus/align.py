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

    def __init__(self, source: Sequence[str], target: Sequence[str], priors: dict[tuple[int, int], float] = PRIORS):
        self.priors = priors
        source_total = sum(map(text_length, source))
        target_total = sum(map(text_length, target))
        self.ratio = target_total / source_total if source_total and target_total else 1.0

    def __call__(self, source: Sequence[str], target: Sequence[str]) -> float:
        prior = self.priors[(len(source), len(target))]
        tail = self.fit(source, target)
        if tail is None:
            return -math.log(prior)
        return -math.log(prior) - math.log(max(tail, 1e-300))

    def fit(self, source: Sequence[str], target: Sequence[str]) -> float | None:
        """How well the lengths fit: the two-sided P(|Z| >= z) of their difference (1: exactly as
        the document's ratio predicts; below 0.05: rarely so far apart in a translation); None for
        two empty sides."""
        length_source = sum(map(text_length, source)) * self.ratio
        length_target = sum(map(text_length, target))
        mean = (length_source + length_target) / 2
        if mean == 0:
            return None
        z = abs(length_source - length_target) / math.sqrt(VARIANCE * self.ratio * mean)
        return math.erfc(z / math.sqrt(2))


#: Numbers (thousands separators allowed: 1,200 in English is 1200 in Chinese) and Latin words.
_ANCHOR = regex.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+|[A-Za-z][A-Za-z\-']+")
#: Reward (in cost units, nats) per anchor shared by the two sides of a bead.
ANCHOR_WEIGHT = 4.0


@lru_cache(maxsize=1 << 16)
def anchors(text: str) -> frozenset[str]:
    """Numbers (without thousands separators) and Latin words of two letters or more, lower-cased."""
    return frozenset(
        token.lower().replace(",", "") for token in _ANCHOR.findall(text) if len(token) > 1 or token.isdigit()
    )


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

    def __init__(
        self,
        source: Sequence[str],
        target: Sequence[str],
        priors: dict[tuple[int, int], float],
        translations: Mapping[str, str],
    ):
        super().__init__(source, target, priors)
        self.translations = translations

    def __call__(self, source: Sequence[str], target: Sequence[str]) -> float:
        cost = super().__call__(source, target)
        similarity = self.similarity(source, target)
        if similarity is None:
            return cost
        return cost - MT_WEIGHT * max(0.0, similarity - MT_FLOOR) / (1 - MT_FLOOR)

    def similarity(self, source: Sequence[str], target: Sequence[str]) -> float | None:
        """Character similarity (0–1) of the Chinese units' reference MT and the English units;
        None without a translation or without English."""
        machine = " ".join(self.translations.get(text, "") for text in source).strip()
        if not machine or not target:
            return None
        return Indel.normalized_similarity(machine.lower(), " ".join(target).lower())


def bead_cost(
    source: Sequence[str],
    target: Sequence[str],
    priors: dict[tuple[int, int], float] = PRIORS,
    translations: Mapping[str, str] | None = None,
) -> AnchoredCost:
    """The default cost: :class:`MTCost` when ``translations`` (Chinese unit → reference MT) are
    given, else :class:`AnchoredCost`, with ``priors``."""
    return MTCost(source, target, priors, translations) if translations else AnchoredCost(source, target, priors)


def align(
    source: Sequence[str],
    target: Sequence[str],
    cost: BeadCost | None = None,
    priors: dict[tuple[int, int], float] = PRIORS,
    translations: Mapping[str, str] | None = None,
    costs: dict[tuple[int, int, int, int], float] | None = None,
) -> list[Bead]:
    """The cheapest sequence of beads covering both sides in order.

    ``cost`` defaults to :func:`bead_cost` of ``priors`` and ``translations``; bead shapes are those
    of ``PRIORS``. ``costs``, when given, receives every bead priced (for :func:`posteriors`).
    """
    if cost is None:
        cost = bead_cost(source, target, priors, translations)
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
                step = cost(source[i:ni], target[j:nj])
                if costs is not None:
                    costs[(i, j, di, dj)] = step
                total = best[i][j] + step
                if total < best[ni][nj]:
                    best[ni][nj] = total
                    back[ni][nj] = (di, dj)
    beads: list[Bead] = []
    i, j = n, m
    while i or j:
        move = back[i][j]
        assert move is not None  # every cell is reachable through 1-0 and 0-1 beads
        di, dj = move
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


# How well a pair of documents aligns -------------------------------------------------------------
#
# Measured on 94 pseudo-documents cut from WMT22 zh-en (6-14 paragraphs of 1-3 source lines, with
# reference A; not in the repository): the mean length fit of the paragraph beads of a document and
# its translation is 0.37-0.92 (the same with two English paragraphs merged), 0.59 at the 10th
# percentile, and for the translation of another document 0.02-0.71, median 0.29-0.33; of the
# numbers and Latin words of the Chinese, a translation keeps a median 0.88 (0.45 at the 10th
# percentile), another document 0.00-0.11. With a system's translation of the sentences as the
# reference MT, the mean similarity of a bead's MT and its English is 0.57-0.80 for the
# translation and 0.22-0.44 for another document.

#: A bead whose lengths fit at least this well (two-sided tail probability) is aligned by its lengths.
FIT_SUPPORT = 0.1
#: A bead whose reference MT reads at least this much like its English is aligned by the MT.
MT_SUPPORT = 0.5
#: A document pair is refused when its paragraph beads fit worse than this on average and its
#: anchors do not vouch for it (at the measured figures: 0 of 188 translations and 1 of 94 with a
#: paragraph dropped refused, about half of the other documents).
FIT_MISMATCH = 0.3
#: … or, with an English/Chinese length ratio outside this range (a translation's is 2.2-4.2),
#: worse than this.
RATIO_RANGE = (1.8, 5.5)
FIT_MISMATCH_RATIO = 0.45
#: Anchors vouch for a pair when the Chinese has at least this many and this share is in the English.
ANCHORS_MIN, ANCHOR_RECALL = 3, 0.25
#: With the reference MT, a pair whose beads read less like their English than this is refused
#: (unless lengths and anchors both vouch for it).
MT_MISMATCH = 0.45
#: Fewer Chinese paragraphs than this are too few to judge a document pair by.
PARAGRAPHS_TO_JUDGE = 3
#: A bead less likely than this over all alignments (:func:`posteriors`) is guesswork: in the pairs
#: above none of 930 paragraph beads of a translation is below it, 5% when two English paragraphs
#: were merged (which Chinese paragraph joins is unsure), and where a paragraph was dropped 23% of
#: the beads are, the dropped one's among them in 60 of 94 documents.
POSTERIOR_MIN = 0.9
#: Lengths alone align a bead only in a pair that aligns this well on average (or that its
#: anchors or the MT vouch for): lengths fit by chance too (a third of the beads of another
#: document fit at 0.1 or better).
FIT_TRUSTED = 0.5


@dataclass(frozen=True)
class Evidence:
    """What says that the two sides of a bead belong together."""

    #: Length fit (see :meth:`LengthCost.fit`); None when a side is empty.
    fit: float | None
    #: Anchors (numbers, Latin words) the two sides share, and those of the Chinese side the English lacks.
    shared: int
    missing: int
    #: Similarity of the reference MT and the English (None without the MT).
    similarity: float | None = None
    #: How likely the bead is over all alignments (see :func:`posteriors`).
    posterior: float = 1.0

    def aligned_by(self, lengths: bool = True) -> str | None:
        """What aligns the bead ("anchors", "reference MT", "lengths" unless ``lengths`` is off: in
        a pair that aligns poorly they fit by chance), or None: guesswork."""
        if self.fit is None or self.posterior < POSTERIOR_MIN:
            return None
        if self.shared and self.shared >= self.missing:
            return "anchors"
        if self.similarity is not None and self.similarity >= MT_SUPPORT:
            return "reference MT"
        if lengths and self.fit >= FIT_SUPPORT:
            return "lengths"
        return None

    def why_guessed(self) -> str:
        """Why the bead is guesswork, in a few words."""
        if self.fit is None:
            return "nothing was aligned with it"
        if self.posterior < POSTERIOR_MIN:
            return f"another alignment is about as likely ({self.posterior:.2f})"
        parts = [f"lengths fit {self.fit:.2f}" + ("" if self.fit < FIT_SUPPORT else " in a poorly aligned document")]
        parts.append(
            f"{self.missing} of its numbers and Latin words not in the English"
            if self.missing
            else "no shared numbers or Latin words"
        )
        if self.similarity is not None:
            parts.append(f"its reference MT reads unlike the English ({self.similarity:.2f})")
        return ", ".join(parts)


def evidence(cost: LengthCost, source: Sequence[str], target: Sequence[str], posterior: float = 1.0) -> Evidence:
    """The evidence for one bead under ``cost`` (the cost of the units it was aligned among) of
    the ``posterior`` probability."""
    if not source or not target:
        return Evidence(None, 0, 0, posterior=posterior)
    chinese = frozenset().union(*map(anchors, source))
    english = frozenset().union(*map(anchors, target))
    similarity = cost.similarity(source, target) if isinstance(cost, MTCost) else None
    return Evidence(cost.fit(source, target), len(chinese & english), len(chinese - english), similarity, posterior)


@dataclass(frozen=True)
class PairQuality:
    """How well a Chinese document and its English translation align, from their paragraph beads."""

    paragraphs: int
    #: English characters per Chinese character.
    ratio: float
    #: Mean length fit of the beads with both sides.
    fit: float
    #: Anchors of the Chinese, and the share of them in the English.
    anchors: int
    anchor_recall: float
    #: Mean MT similarity of the beads with both sides (None without the MT).
    similarity: float | None

    @property
    def anchors_vouch(self) -> bool:
        return self.anchors >= ANCHORS_MIN and self.anchor_recall >= ANCHOR_RECALL

    @property
    def trusted(self) -> bool:
        """Whether the pair aligns well enough for lengths alone to align a bead."""
        return self.anchors_vouch or self.fit >= FIT_TRUSTED or (self.similarity or 0) >= MT_SUPPORT

    @property
    def mismatched(self) -> bool:
        """Whether the English is not a translation of this Chinese (another document)."""
        if self.paragraphs < PARAGRAPHS_TO_JUDGE:
            return False
        if self.similarity is not None and self.similarity < MT_MISMATCH:
            return not (self.anchors_vouch and self.fit >= FIT_MISMATCH_RATIO)
        if self.anchors_vouch:
            return False
        low, high = RATIO_RANGE
        return self.fit < FIT_MISMATCH or (not low <= self.ratio <= high and self.fit < FIT_MISMATCH_RATIO)

    def describe(self) -> str:
        """The figures, for a message."""
        text = (
            f"their paragraphs' lengths fit {self.fit:.2f} on average (a translation's: 0.4 or more), "
            f"{round(self.anchor_recall * self.anchors)} of the {self.anchors} numbers and Latin words of the "
            f"Chinese are in the English, English/Chinese length ratio {self.ratio:.1f}"
        )
        if self.similarity is not None:
            text += f", reference MT similarity {self.similarity:.2f} (a translation's: 0.5 or more)"
        return text


def pair_quality(source: Sequence[str], target: Sequence[str], beads: Sequence[Bead], cost: LengthCost) -> PairQuality:
    """The quality of an alignment of paragraphs ``source`` and ``target`` into ``beads`` under ``cost``."""
    found = [evidence(cost, [source[i] for i in bead.source], [target[j] for j in bead.target]) for bead in beads]
    paired = [e for e in found if e.fit is not None]
    fits = [e.fit for e in paired if e.fit is not None]
    chinese = frozenset().union(*map(anchors, source)) if source else frozenset()
    english = frozenset().union(*map(anchors, target)) if target else frozenset()
    similarities = [e.similarity for e in paired if e.similarity is not None]
    return PairQuality(
        len(source),
        cost.ratio,
        sum(fits) / len(fits) if fits else 0.0,
        len(chinese),
        len(chinese & english) / len(chinese) if chinese else 0.0,
        sum(similarities) / len(similarities) if similarities else None,
    )


def posteriors(beads: Sequence[Bead], costs: Mapping[tuple[int, int, int, int], float]) -> list[float]:
    """How sure the aligner is of each of ``beads``: the bead's posterior probability over all
    alignments in the search band, the ``costs`` :func:`align` priced (``(i, j, di, dj)`` → the cost
    of the bead of ``di`` source units from ``i`` and ``dj`` target units from ``j``, in the order it
    priced them: cell by cell, rows first) read as negative log-probabilities (forward–backward). A
    bead the best path takes although another way is about as likely — a paragraph missing here or
    two paragraphs later — scores low."""
    forward: dict[tuple[int, int], float] = {(0, 0): 0.0}
    for (i, j, di, dj), step in costs.items():  # every way into a cell comes from a cell priced before
        if (i, j) in forward:
            _add(forward, (i + di, j + dj), forward[(i, j)] - step)
    end = (sum(len(b.source) for b in beads), sum(len(b.target) for b in beads))
    backward: dict[tuple[int, int], float] = {end: 0.0}
    for (i, j, di, dj), step in reversed(list(costs.items())):
        if (i + di, j + dj) in backward:
            _add(backward, (i, j), backward[(i + di, j + dj)] - step)
    total = forward[end]
    found, i, j = [], 0, 0
    for bead in beads:
        di, dj = len(bead.source), len(bead.target)
        found.append(math.exp(forward[(i, j)] - costs[(i, j, di, dj)] + backward[(i + di, j + dj)] - total))
        i, j = i + di, j + dj
    return found


def _add(log_sums: dict[tuple[int, int], float], cell: tuple[int, int], value: float) -> None:
    """Add the probability exp(``value``) to the log-sum kept for ``cell``."""
    known = log_sums.get(cell)
    if known is None:
        log_sums[cell] = value
    else:
        high = known if known > value else value
        log_sums[cell] = high + math.log1p(math.exp(-abs(known - value)))
