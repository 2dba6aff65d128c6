"""Scores equal sacrebleu's own on the same text; TER's cost is bounded and said; term figures."""

from __future__ import annotations

import pandas as pd
import pytest
from sacrebleu.metrics import BLEU, CHRF, TER

from mtaudit.checks.analysis import analyse_terms, term_counts, term_records
from mtaudit.checks.context import CheckContext
from mtaudit.glossary import load_glossaries
from mtaudit.metrics import ScoreOptions, TermTotals, score_segments, term_metrics
from mtaudit.segments import segment_table

HYPS = [
    "US President Biden met visiting officials on Tuesday.",
    "The talks were fruitful, both sides said.",
    "Treasury Secretary Yurun will visit Beijing next month.",
    "Fentanyl control was discussed.",
]
REFS = [
    "President Biden met the visiting officials on Tuesday.",
    "Both sides said the talks were fruitful.",
    "Treasury Secretary Yellen will visit Beijing next month.",
    "They discussed the control of fentanyl.",
]


def table(refs=REFS, mt=None) -> pd.DataFrame:
    rows = [
        {"doc_id": "d", "seg_id": str(i), "source": "", "target": h, "reference": r, "mt": mt[i] if mt else None}
        for i, (h, r) in enumerate(zip(HYPS, refs, strict=True))
    ]
    return segment_table(rows)


def test_corpus_and_segment_scores_equal_sacrebleu() -> None:
    frame, summary, notices = score_segments(table())
    ref = summary["reference"]
    assert ref["bleu"] == BLEU().corpus_score(HYPS, [REFS]).score
    assert ref["chrf"] == CHRF().corpus_score(HYPS, [REFS]).score
    assert ref["chrf++"] == CHRF(word_order=2).corpus_score(HYPS, [REFS]).score
    assert ref["ter"] == TER().corpus_score(HYPS, [REFS]).score
    bleu = BLEU()
    bleu.corpus_score(HYPS, [REFS])
    assert ref["signatures"]["bleu"] == str(bleu.get_signature())
    assert "tok:13a" in ref["signatures"]["bleu"] and ref["segments"] == 4
    assert "ter_skipped" not in ref and "ter_max_words" not in ref  # every segment, as sacrebleu
    sentence_bleu = BLEU(effective_order=True)
    assert frame["bleu_reference"].tolist() == [
        sentence_bleu.sentence_score(h, [r]).score for h, r in zip(HYPS, REFS, strict=True)
    ]
    assert frame["chrfpp_reference"].tolist() == [
        CHRF(word_order=2).sentence_score(h, [r]).score for h, r in zip(HYPS, REFS, strict=True)
    ]
    assert "mt" not in summary and notices == []


def test_segments_without_a_reference_are_left_out() -> None:
    frame, summary, _ = score_segments(table(refs=[REFS[0], None, "", REFS[3]], mt=REFS))
    kept = [0, 3]
    assert summary["reference"]["segments"] == 2
    assert summary["reference"]["bleu"] == BLEU().corpus_score([HYPS[i] for i in kept], [[REFS[i] for i in kept]]).score
    assert frame["bleu_reference"].isna().tolist() == [False, True, True, False]
    assert summary["mt"]["bleu"] == BLEU().corpus_score(HYPS, [REFS]).score  # scored against mt as well


def test_ter_is_bounded_by_length_and_says_so() -> None:
    long_hyp = " ".join(["word"] * 50)
    frame = segment_table(
        [
            {"doc_id": "d", "seg_id": "1", "source": "", "target": HYPS[0], "reference": REFS[0]},
            {"doc_id": "d", "seg_id": "2", "source": "", "target": long_hyp, "reference": long_hyp},
        ]
    )
    scored, summary, notices = score_segments(frame, ScoreOptions(ter_max_words=40))
    ref = summary["reference"]
    assert ref["ter"] == TER().corpus_score([HYPS[0]], [[REFS[0]]]).score
    assert ref["ter_skipped"] == 1 and ref["ter_max_words"] == 40
    assert scored["ter_reference"].isna().tolist() == [False, True]
    (notice,) = notices
    assert "1 of 2" in notice and "40 words" in notice
    _, off, _ = score_segments(frame, ScoreOptions(ter_max_words=0))
    assert "ter" not in off["reference"] and "bleu" in off["reference"]


def test_term_figures_exact_lemma_and_consistency(glossary_file) -> None:
    frame = segment_table(
        [
            {"doc_id": "d", "seg_id": "1", "source": "拜登会见了耶伦。", "target": "Biden's team met Yellen."},
            {"doc_id": "d", "seg_id": "2", "source": "拜登说。", "target": "Joe Biden said."},
            {"doc_id": "d", "seg_id": "3", "source": "芬太尼", "target": "FENTANYL"},
            {"doc_id": "d", "seg_id": "4", "source": "拜登说。", "target": "Bayeng said."},
        ]
    )
    occurrences = analyse_terms(frame, CheckContext(load_glossaries([glossary_file])))
    figures = term_metrics(term_records(occurrences))
    assert figures["terms"] == 5 and figures["forbidden"] == 1
    assert figures["success_rate"] == pytest.approx(4 / 5)
    assert figures["exact_success_rate"] == pytest.approx(3 / 5)  # FENTANYL is a case-insensitive (lemma) match
    # biden thrice: "biden" (from Biden's), "joe biden", "bayeng" → 1 of 3 agree with the most frequent
    assert figures["repeated_terms"] == 1 and figures["consistency"] == pytest.approx(1 / 3)
    assert term_metrics([]) == {}


def test_term_counts_of_parts_add_up_to_the_whole(glossary_file) -> None:
    """Workers count the terms of their part of a chunk (whole documents); the parts' counts merged
    are the chunk's, so the figures do not depend on how the chunk was cut."""
    rows = [
        ("a", "1", "拜登会见了耶伦。", "Biden met Yellen."),
        ("a", "2", "拜登说。", "Bayeng said."),
        ("b", "1", "拜登说。", "Joe Biden said."),
        ("b", "2", "拜登和芬太尼", "Biden and FENTANYL"),
        ("b", "3", "拜登说。", "Biden said."),
    ]
    frame = segment_table([dict(zip(("doc_id", "seg_id", "source", "target"), row, strict=True)) for row in rows])
    context = CheckContext(load_glossaries([glossary_file]))
    whole = term_counts(analyse_terms(frame, context))
    merged = TermTotals()
    for part in (frame.iloc[:2], frame.iloc[2:]):
        merged.merge(term_counts(analyse_terms(part, context)))
    assert merged == TermTotals(**vars(whole)) and merged.repeated_terms == 2 and merged.found == 7
    assert merged.metrics() == term_metrics(term_records(analyse_terms(frame, context)))
