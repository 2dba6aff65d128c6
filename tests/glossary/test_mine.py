"""glossary mine: names of a trusted bilingual corpus proposed as glossary entries, with evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.corpus import load_corpus
from mtaudit.glossary import load_glossaries, load_glossary
from mtaudit.glossary.mentions import EnglishWords, chinese_mentions, english_mentions
from mtaudit.glossary.mine import Proposal, mine
from tests.conftest import write_tsv

#: Our own sentences: a Chinese name in pinyin (汪文斌), a transliterated foreign name (布林肯, which
#: jieba cuts in two), a company (华为, once in traditional script), a ministry, a city; 拜登 is in the
#: glossary; 王毅 is rendered once and paraphrased once; 张小凤 occurs once.
PAIRS = [
    (
        "外交部发言人汪文斌周一表示，中方反对这一做法。",
        "Foreign Ministry spokesperson Wang Wenbin said on Monday that China opposes the move.",
    ),
    ("汪文斌在例行记者会上回答了提问。", "Wang Wenbin answered questions at the regular press conference."),
    ("美国国务卿布林肯抵达北京。", "US Secretary of State Blinken arrived in Beijing."),
    ("布林肯与王毅举行了会谈。", "Blinken held talks with Wang Yi."),
    ("布林肯的行程随后转往东京。", "Blinken's trip then moved on to Tokyo."),
    ("华为公司在深圳发布了新手机。", "Huawei released a new phone in Shenzhen."),
    ("華為表示將繼續投資研發。", "Huawei said it would keep investing in research."),
    ("拜登表示他将访问德国。", "Biden said he would visit Germany."),
    ("拜登和王毅通了电话。", "Biden spoke with the Chinese foreign minister by phone."),
    ("汪文斌说，深圳是一座创新城市。", "Wang Wenbin said Shenzhen is an innovative city."),
    ("外交部还宣布了新的签证政策。", "The Foreign Ministry also announced a new visa policy."),
    ("记者张小凤从东京报道。", "Zhang Xiaofeng reported from Tokyo."),
]
GLOSSARY = """entries:
  - id: biden
    source: [拜登]
    target: Biden
    type: person
  - id: china
    source: [中国, 中方]
    target: China
    type: place
"""


@pytest.fixture(scope="module")
def corpus_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("mine")
    glossary = folder / "g.yaml"
    glossary.write_text(GLOSSARY, encoding="utf-8")
    return write_tsv(folder / "news.tsv", PAIRS), glossary


@pytest.fixture(scope="module")
def proposals(corpus_files: tuple[Path, Path]) -> dict[str, Proposal]:
    corpus, glossary = corpus_files
    return {p.sources[0]: p for p in mine(load_corpus(corpus), load_glossaries([glossary]))}


def test_names_are_aligned_with_their_renderings(proposals: dict[str, Proposal]) -> None:
    found = {name: (p.target, p.type) for name, p in proposals.items()}
    assert found == {
        "汪文斌": ("Wang Wenbin", "person"),
        "布林肯": ("Blinken", "term"),  # jieba does not tag it: its kind is unknown
        "华为": ("Huawei", "org"),
        "外交部": ("Foreign Ministry", "org"),
        "深圳": ("Shenzhen", "place"),
        "东京": ("Tokyo", "place"),
    }


def test_a_proposal_carries_its_counts_forms_and_examples(proposals: dict[str, Proposal]) -> None:
    wang = proposals["汪文斌"]
    assert (wang.cooccurrences, wang.source_count, wang.aligned) == (3, 3, 3)
    assert wang.examples == ("news:s1", "news:s2", "news:s10") and wang.form == "pinyin 1.00"
    assert "3/3 segments" in wang.note and "news:s1" in wang.note and f"score {wang.score:.2f}" in wang.note
    assert proposals["布林肯"].aligned == 3  # "Blinken's" counts as Blinken
    assert proposals["华为"].sources == ("华为", "華為")  # the traditional form as the corpus writes it
    assert proposals["华为"].form.startswith("CC-CEDICT")


def test_proposals_are_sorted_by_score(proposals: dict[str, Proposal], corpus_files: tuple[Path, Path]) -> None:
    corpus, glossary = corpus_files
    scores = [p.score for p in mine(load_corpus(corpus), load_glossaries([glossary]))]
    assert scores == sorted(scores, reverse=True) and all(0 < s < 1 for s in scores)
    assert [p.score for p in mine(load_corpus(corpus), load_glossaries([glossary]), min_score=0.7)] == [
        s for s in scores if s >= 0.7
    ]


def test_known_names_and_one_off_coincidences_are_not_proposed(proposals: dict[str, Proposal]) -> None:
    assert "拜登" not in proposals and all(p.target != "Biden" for p in proposals.values())
    assert "张小凤" not in proposals  # one segment
    assert "王毅" not in proposals  # rendered once, paraphrased once: one link is a coincidence


def test_min_count_one_takes_single_links(corpus_files: tuple[Path, Path]) -> None:
    corpus, glossary = corpus_files
    mined = mine(load_corpus(corpus), load_glossaries([glossary]), min_count=1, min_score=0)
    found = {p.sources[0]: p.target for p in mined}
    assert found["张小凤"] == "Zhang Xiaofeng" and found["王毅"] == "Wang Yi"


def test_the_reference_column_is_the_trusted_english(tmp_path: Path, corpus_files: tuple[Path, Path]) -> None:
    _, glossary = corpus_files
    rows = [(src, ref.replace("Wang Wenbin", "Wang Wenbing"), ref) for src, ref in PAIRS]
    table = tmp_path / "mt.tsv"
    table.write_text("source\ttarget\treference\n" + "".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    found = {p.sources[0]: p.target for p in mine(load_corpus(table), load_glossaries([glossary]))}
    assert found["汪文斌"] == "Wang Wenbin"


def test_cli_writes_a_glossary_that_loads_back_and_extends_the_given_one(
    cli, tmp_path: Path, corpus_files: tuple[Path, Path]
) -> None:
    corpus, glossary = corpus_files
    out = tmp_path / "proposals.yaml"
    result = cli("glossary", "mine", corpus, "-g", glossary, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "6 proposed entries" in result.stderr
    mined = load_glossary(out)
    assert [e.target for e in mined][:2] == ["Wang Wenbin", "Blinken"]
    assert mined.by_id()["wang-wenbin"].note.startswith("mined: 3/3 segments")
    merged = load_glossaries([glossary, out])
    assert {"biden", "china", "wang-wenbin", "huawei"} <= set(merged.by_id())
    assert cli("glossary", "lint", glossary, out).returncode == 0


def test_cli_csv_format_and_input_errors(cli, tmp_path: Path, corpus_files: tuple[Path, Path]) -> None:
    corpus, glossary = corpus_files
    out = tmp_path / "proposals.csv"
    assert cli("glossary", "mine", corpus, "-g", glossary, "--format", "csv", "-o", out).returncode == 0
    assert load_glossary(out).by_id()["huawei"].sources == ("华为", "華為")
    assert cli("glossary", "mine", tmp_path / "missing.tsv").returncode == 2
    assert cli("glossary", "mine", corpus, "-o", tmp_path / "p.yaml", "--format", "csv").returncode == 2
    english = tmp_path / "english.txt"
    english.write_text("Wang Wenbin spoke.\n", encoding="utf-8")
    result = cli("glossary", "mine", english)
    assert result.returncode == 2 and "no bilingual segments" in result.stderr
    assert not (tmp_path / "p.yaml").exists()


def test_chinese_mentions_join_and_guard_names() -> None:
    texts = {m.text for m in chinese_mentions("美国国务卿布林肯与顾天成通话")}
    assert {"布林肯", "顾天成"} <= texts  # jieba cuts both: 布|林肯, 顾|天成
    assert "普京" in {m.text for m in chinese_mentions("拜登和普京通话")}  # jieba's dictionary has 和普京
    assert not {m.text for m in chinese_mentions("亚马逊公司")} & {"亚马"}  # not inside a common word
    assert "巧克力" not in {m.text for m in chinese_mentions("我买了巧克力")}  # jieba's nr for a word


def test_english_mentions_skip_sentence_starts_and_possessives() -> None:
    targets = ["However, Blinken's plane landed.", "They said however that it rained.", "Beijing Daily reported it."]
    words = EnglishWords(targets)
    assert [m.text for m in english_mentions(targets[0], words)] == ["Blinken"]
    assert {"Beijing", "Beijing Daily", "Daily"} == {m.text for m in english_mentions(targets[2], words)}
