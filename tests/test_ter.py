"""mtaudit's scores are sacrebleu's own: TER (:mod:`mtaudit.ter`, a faster computation of
sacrebleu's) pair by pair and corpus-wide, BLEU, chrF and chrF++ through the scores stage, on rows
written for this test — short and long segments, clauses moved about, words repeated, lengths far
apart — and on random word sequences that reach the rare paths (the beam, the candidate cap)."""

from __future__ import annotations

import random

import pytest
from sacrebleu.metrics import BLEU, CHRF, TER, lib_ter

from mtaudit.metrics import score_segments
from mtaudit.segments import segment_table
from mtaudit.ter import ExactTER, translation_edit_rate

_COUNCIL = (
    "The city council met on Thursday evening to discuss the new budget for public transport, and after "
    "a long debate the members agreed to spend more on buses, trams and the repair of old stations, "
    "while the mayor said that ticket prices would stay the same until the end of next year"
)
_COUNCIL_MT = (
    "On Thursday evening the city council met to discuss the public transport budget, and the members "
    "agreed after a long debate to spend more money on trams, buses and repairing the old stations, "
    "while ticket prices, the mayor said, would remain unchanged until the end of the next year"
)
_PORT = (
    "Ships waiting outside the port were told to keep their engines running because the storm that had "
    "closed the harbour for three days was expected to pass by midnight, the port authority said in a "
    "statement that also warned of delays for containers bound for the north of the country and for "
    "passengers who had booked the morning ferry to the islands"
)
_PORT_MT = (
    "The port authority said in a statement that ships waiting outside the port were asked to keep "
    "their engines running, since the storm which closed the harbour for three days should pass by "
    "midnight; it also warned passengers booked on the morning ferry to the islands and containers "
    "going to the north of the country of delays"
)

ROWS = [  # (hypothesis, reference)
    ("The minister visited the new hospital on Monday.", "On Monday the minister visited the new hospital."),
    ("Prices rose sharply last month.", "Last month, prices rose sharply."),
    ("He said that that was not what he had said.", "He said this was not what he said."),
    ("", "A reference with no hypothesis."),
    ("A hypothesis with no reference.", ""),
    ("Yes.", "The committee will publish its full report, with every figure it collected, in the spring."),
    (
        "The committee will publish its full report, with every figure it collected, in the spring of next year "
        "after the elections, as the chairman promised.",
        "Spring.",
    ),
    (_COUNCIL_MT, _COUNCIL),
    (_PORT_MT, _PORT),
    (f"{_PORT_MT} {_COUNCIL_MT}", f"{_COUNCIL} {_PORT}"),
    ("the the the of of the a a the of", "of the a the of the the a of a the"),
    (
        "Trains, trains and more trains, said the trains minister about trains.",
        "The transport minister spoke about trains, more trains and trains again.",
    ),
]


def _random_pairs(count: int, seed: int = 7) -> list[tuple[list[str], list[str]]]:
    """Word sequences over tiny vocabularies: many repeated words make many shift candidates."""
    rng = random.Random(seed)
    pairs = []
    for _ in range(count):
        vocabulary = [f"w{k}" for k in range(rng.choice([2, 3, 6, 20]))]
        ref = [rng.choice(vocabulary) for _ in range(rng.randint(0, 45))]
        hyp = ref[:]
        for _ in range(rng.randint(0, 5)):  # move a run, change a word
            if len(hyp) > 3:
                start = rng.randrange(len(hyp))
                run = hyp[start : start + rng.randint(1, 6)]
                del hyp[start : start + len(run)]
                at = rng.randrange(len(hyp) + 1)
                hyp[at:at] = run
            if hyp:
                hyp[rng.randrange(len(hyp))] = rng.choice(vocabulary)
        if rng.random() < 0.2:
            hyp = hyp[: rng.randint(0, 4)]  # lengths far apart: the beam widens
        pairs.append((hyp, ref))
    return pairs


@pytest.fixture(scope="module")
def sacrebleu_ter() -> list[list[float]]:
    """sacrebleu's TER statistics of each row (its slow part, computed once)."""
    return TER()._extract_corpus_statistics([h for h, _ in ROWS], [[r for _, r in ROWS]])


def test_segment_ter_is_sacrebleus(sacrebleu_ter) -> None:
    ours = ExactTER()._extract_corpus_statistics([h for h, _ in ROWS], [[r for _, r in ROWS]])
    assert ours == sacrebleu_ter
    assert [ExactTER().sentence_score(h, [r]).score for h, r in ROWS] == [
        TER()._compute_score_from_stats(one).score for one in sacrebleu_ter
    ]


def test_edits_equal_sacrebleus_on_random_word_sequences() -> None:
    pairs = _random_pairs(80)
    assert [translation_edit_rate(h, r) for h, r in pairs] == [lib_ter.translation_edit_rate(h, r) for h, r in pairs]


def test_words_beyond_the_surrogate_code_points_are_told_apart() -> None:
    hyp = [f"w{k}" for k in range(0xD800 + 10)]  # more distinct words than code points below the surrogates
    ref = ["w2", "w55300", "w55301"]
    assert translation_edit_rate(hyp, ref) == lib_ter.translation_edit_rate(hyp, ref)


def test_ter_options_are_sacrebleus() -> None:
    hyps, refs = [h for h, _ in ROWS[:4]], [r for _, r in ROWS[:4]]
    for options in ({"case_sensitive": True}, {"normalized": True, "no_punct": True}):
        ours, theirs = ExactTER(**options), TER(**options)
        assert ours.corpus_score(hyps, [refs]).score == theirs.corpus_score(hyps, [refs]).score
        assert str(ours.get_signature()) == str(theirs.get_signature())


def test_the_scores_stage_gives_sacrebleus_corpus_and_segment_figures(sacrebleu_ter) -> None:
    hyps, refs = [h for h, _ in ROWS], [r for _, r in ROWS]
    kept = [k for k, ref in enumerate(refs) if ref.strip()]  # a row without a reference is not scored
    frame = segment_table(
        [{"doc_id": "d", "seg_id": str(k), "source": "", "target": h, "reference": r} for k, (h, r) in enumerate(ROWS)]
    )
    scored, summary, notices = score_segments(frame)
    hyps, refs = [hyps[k] for k in kept], [refs[k] for k in kept]
    corpus = {"bleu": BLEU(), "chrf": CHRF(), "chrf++": CHRF(word_order=2)}
    segment = {"bleu": BLEU(effective_order=True), "chrf": CHRF(), "chrf++": CHRF(word_order=2)}
    expected = {
        name: (
            metric.corpus_score(hyps, [refs]).score,
            [segment[name].sentence_score(h, [r]).score for h, r in zip(hyps, refs, strict=False)],
        )
        for name, metric in corpus.items()
    }
    ter, ter_stats = TER(), [sacrebleu_ter[k] for k in kept]  # sacrebleu's corpus and sentence TER of its statistics
    expected["ter"] = (
        ter._aggregate_and_compute(ter_stats).score,
        [ter._compute_score_from_stats(one).score for one in ter_stats],
    )
    for name, (corpus_score, segment_scores) in expected.items():
        assert summary["reference"][name] == pytest.approx(corpus_score, abs=0.01)
        column = scored[f"{name.replace('++', 'pp')}_reference"].tolist()
        assert [column[k] for k in kept] == pytest.approx(segment_scores, abs=0.01)
    ter.corpus_score(hyps[:1], [refs[:1]])
    assert summary["reference"]["signatures"]["ter"] == str(ter.get_signature())
    assert notices == []
