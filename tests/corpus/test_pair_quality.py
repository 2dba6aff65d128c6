"""Mismatched document pairs: a Chinese article paired with the translation of another is refused
naming the pair; a stretch that aligns poorly (a paragraph missing) is noticed, and nothing found in
sentences aligned by guesswork is an error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtaudit.corpus.align import align, bead_cost, pair_quality, posteriors
from mtaudit.corpus.documents import DocumentReader
from mtaudit.corpus.pairs import ALIGNMENT, GUESSED, document_pair_rows
from mtaudit.errors import InputError

MEETING_ZH = """美国总统拜登周三在华盛顿会见了来访的代表团。双方就贸易和气候问题交换了意见。

会谈持续了大约两个小时。官员们说，气氛坦诚而务实。

财政部长耶伦随后发表讲话，表示美国愿意继续对话。她强调，沟通渠道必须保持畅通。

代表团成员还参观了一家生产电池的工厂。这家工厂去年雇用了1200名工人，计划明年再扩建一条生产线。

在当天的记者会上，一名发言人回答了关于关税的提问。他说，目前没有新的措施要宣布。

双方同意在明年春天再次会面。下一轮会谈预计在旧金山举行。
"""
MEETING_EN = [
    "US President Biden met the visiting delegation in Washington on Wednesday. The two sides exchanged views on "
    "trade and climate.",
    "The talks lasted about two hours. Officials said the atmosphere was frank and practical.",
    "Treasury Secretary Yellen then gave a speech, saying the United States was willing to keep talking. She "
    "stressed that the channels of communication must stay open.",
    "Members of the delegation also visited a factory that makes batteries. The plant employed 1,200 workers last "
    "year and plans to add another production line next year.",
    "At the day's press conference, a spokesman answered a question about tariffs. He said there were no new "
    "measures to announce for now.",
    "The two sides agreed to meet again next spring. The next round of talks is expected to be held in San Francisco.",
]
TYPHOON_EN = [
    "A strong typhoon made landfall on the southern coast early on Monday, bringing heavy rain and winds of up to "
    "160 kilometres per hour. More than 40,000 residents were moved to shelters before it arrived, and schools in "
    "three cities were closed.",
    "Power was cut to thousands of homes.",
    "The weather bureau warned that rivers could keep rising for two more days. Farmers reported damage to rice "
    "fields and fruit orchards, and the airport suspended flights for almost ten hours before they resumed in the "
    "afternoon, with long queues at every counter.",
]
GLOSSARY = """entries:
  - {id: biden, source: [拜登], target: Biden, forbidden: [Bayeng], type: person}
  - {id: yellen, source: [耶伦], target: Yellen, forbidden: [Yurun], type: person}
"""


@pytest.fixture
def pair(tmp_path: Path):
    """Write the Chinese article, an English side (paragraphs) and the glossary; give their paths."""
    (tmp_path / "g.yaml").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "zh").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "zh" / "meeting.md").write_text(MEETING_ZH, encoding="utf-8")

    def write(paragraphs: list[str]) -> tuple[Path, Path, Path]:
        (tmp_path / "en" / "meeting.md").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        return tmp_path / "zh" / "meeting.md", tmp_path / "en" / "meeting.md", tmp_path / "g.yaml"

    return write


def _documents(zh: Path, en: Path):
    reader = DocumentReader()
    return reader.read(zh, "zh"), reader.read(en, "en")


def test_a_translation_aligns_by_its_evidence_and_keeps_its_errors(pair, cli) -> None:
    zh, en, glossary = pair([MEETING_EN[0].replace("Biden", "Bayeng"), *MEETING_EN[1:]])
    rows = list(document_pair_rows(*_documents(zh, en), "meeting"))
    assert {row[ALIGNMENT] for row in rows} <= {"lengths", "anchors"}
    assert next(row for row in rows if "1,200" in row["target"])[ALIGNMENT] == "anchors"  # 1200 is 1,200
    done = cli("audit", zh, en, "--no-mt", "-g", glossary, "-f", "json")
    assert done.returncode == 1 and "guesswork" not in done.stderr
    (finding,) = [f for f in json.loads(done.stdout)["findings"] if f["severity"] == "error"]
    assert finding["found"] == "Bayeng" and finding["seg_id"] == "p1.s1"


def test_the_translation_of_another_article_is_refused_naming_the_pair(pair, cli, tmp_path: Path) -> None:
    zh, en, glossary = pair(TYPHOON_EN)
    report = tmp_path / "r.json"
    done = cli("audit", tmp_path / "zh", tmp_path / "en", "--no-mt", "-g", glossary, "-o", report)
    assert done.returncode == 2 and not report.exists()
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"mtaudit: error: {zh} ↔ {en}: the English is not a translation of the Chinese (")
    assert "lengths fit 0." in line and "pair each article with its own translation" in line


def test_a_missing_paragraph_is_noticed_and_its_stretch_reports_no_error(pair, cli) -> None:
    zh, en, glossary = pair(MEETING_EN[:2] + MEETING_EN[3:])  # Yellen's paragraph is not translated
    done = cli("audit", zh, en, "--no-mt", "-g", glossary, "-f", "json")
    report = json.loads(done.stdout)
    guessed = {s["seg_id"]: s[ALIGNMENT] for s in report["segments"] if s[ALIGNMENT].startswith(GUESSED)}
    assert "p3.s1" in guessed  # the Chinese paragraph with no English
    (missing,) = [f for f in report["findings"] if f["source_term"] == "耶伦"]
    assert missing["seg_id"] in guessed and missing["severity"] == "warning" and missing["confidence"] <= 0.6
    assert any("aligned by guesswork" in line for line in missing["evidence"])
    assert done.returncode == 0  # nothing certain is wrong: the gate passes, and says where to look
    (notice,) = [line for line in done.stderr.splitlines() if "aligned by guesswork" in line]
    assert notice.removeprefix("mtaudit: ") in report["summary"]["notices"]
    first, last = list(guessed)[0], list(guessed)[-1]
    assert notice.startswith(
        f"mtaudit: {zh} ↔ {en}: {len(guessed)} sentence(s) aligned by guesswork ({first} to {last};"
    )
    assert notice.endswith("a paragraph missing, added or moved? Findings there are at most warnings")


def test_the_reference_mt_vouches_for_a_translation_and_refuses_another_article(pair) -> None:
    zh, en, _ = pair(MEETING_EN)
    chinese, english = _documents(zh, en)
    sentences = [s.text for s in chinese.sentences()]
    faithful = dict(zip(sentences, (s.text for s in english.sentences()), strict=False))
    faithful.update({"".join(s.text for s in p): " ".join(faithful[s.text] for s in p) for p in chinese.paragraphs})
    assert {row[ALIGNMENT] for row in document_pair_rows(chinese, english, "m", faithful)} >= {"reference MT"}
    unrelated = {text: "Rice prices rose again in the northern markets this week." for text in faithful}
    with pytest.raises(InputError, match="reference MT similarity 0.[0-4]"):
        list(document_pair_rows(chinese, english, "m", unrelated))


def test_posteriors_are_high_where_the_alignment_is_sure_and_low_around_a_gap() -> None:
    zh = ["一" * 30, "二" * 60, "三" * 20, "四" * 45, "五" * 35]
    en = ["a" * 90, "b" * 180, "c" * 60, "d" * 135, "e" * 105]
    costs: dict = {}
    beads = align(zh, en, bead_cost(zh, en), costs=costs)
    assert min(posteriors(beads, costs)) > 0.99
    gap, costs = en[:2] + en[3:], {}
    beads = align(zh, gap, bead_cost(zh, gap), costs=costs)
    sure = posteriors(beads, costs)
    assert sure[0] > 0.9 and min(sure) < 0.9 and all(0 <= p <= 1 + 1e-9 for p in sure)
    assert align(zh, gap) == beads  # pricing the beads for posteriors changes nothing
    quality = pair_quality(zh, en, align(zh, en), bead_cost(zh, en))
    assert quality.fit > 0.9 and not quality.mismatched
