"""Name triangulation against every other translation: the mt column and the mt_from voices
(given here as columns; corpus/test_mtfrom.py reads them from files, mt/test_stage.py runs the model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.checks import CHECKS
from mtaudit.checks.base import Chunk
from mtaudit.checks.context import CheckContext
from mtaudit.checks.triangulate import (
    Reading,
    TriangulationCheck,
    _consensus,
    dropped_confidence,
    mismatch_confidence,
    names,
    same_name,
    word_key,
)
from mtaudit.glossary import load_glossaries
from mtaudit.segments import segment_table


def findings(
    target: str, *voices: str | None, mt: str | None = None, glossary_file: Path, source: str = "部长说。"
) -> list:
    rows = [
        {
            "doc_id": "d",
            "seg_id": "1",
            "source": source,
            "target": target,
            "mt": mt,
            "mt_from": list(voices) if voices else None,
        }
    ]
    table = segment_table(rows)
    table["mt_from"] = [list(voices) if voices else None]
    context = CheckContext(load_glossaries([glossary_file]), options={"mt_from_names": ["a.tsv", "b.tsv", "c.tsv"]})
    return list(TriangulationCheck().run(Chunk(table, context)))


def test_registered_under_its_finding_kind() -> None:
    assert [kind.name for kind in CHECKS["name_mismatch"].load().kinds] == ["name_mismatch"]
    assert "mt_from" in CHECKS["name_mismatch"].load().columns  # worker processes are sent the column


def test_one_voice_alone_is_a_hint(glossary_file: Path) -> None:
    (finding,) = findings(
        "Lin Zhiqing said on Tuesday.", mt="Lin Zhiying said on Tuesday.", glossary_file=glossary_file
    )
    assert finding.kind == "name_mismatch" and finding.severity == "info" and finding.confidence < 0.6
    assert finding.found == "Zhiqing" and finding.expected == finding.suggestion == "Zhiying"  # the part that differs
    assert finding.target_span == [4, 11] and finding.entry_id is None
    assert finding.extra["evidence"] == ["MT has 'Zhiying'"]


def test_confidence_grows_with_agreeing_voices(glossary_file: Path) -> None:
    target = "Finance Minister Kao Ming said."
    one = findings(target, "Finance Minister Gao Ming said.", glossary_file=glossary_file)
    two = findings(
        target, "Finance Minister Gao Ming said.", "Gao Ming, the finance minister, said.", glossary_file=glossary_file
    )
    three = findings(
        target,
        "Finance Minister Gao Ming said.",
        "Gao Ming, the finance minister, said.",
        mt="The finance minister, Gao Ming, said.",
        glossary_file=glossary_file,
    )
    assert [(f.found, f.suggestion) for f in one + two + three] == [("Kao", "Gao")] * 3
    assert one[0].severity == "info" and two[0].severity == "warning" and three[0].severity == "warning"
    assert one[0].confidence < 0.6 <= two[0].confidence < three[0].confidence
    assert three[0].confidence == pytest.approx(0.8)
    assert "3 of 3 other translations" in three[0].message and "MT, a.tsv, b.tsv" in three[0].message


def test_consensus_of_several_beats_one(glossary_file: Path) -> None:
    (finding,) = findings(
        "Envoy Sergay Lavrik arrived.",
        "Envoy Sergei Lavrov arrived.",
        "Envoy Sergei Lavrov arrived.",
        "Envoy Sergei Lavrin arrived.",
        glossary_file=glossary_file,
    )
    assert (finding.found, finding.suggestion) == ("Lavrik", "Lavrov")
    assert finding.extra["evidence"] == ["a.tsv has 'Lavrov'", "b.tsv has 'Lavrov'", "c.tsv has 'Lavrin'"]


def test_title_cased_voices_agree_on_the_words_they_share() -> None:
    """A listing capitalises every word, so each voice runs the name into different words beside it;
    all three have "Roald", two "Dahl": the name they agree on is "Roald Dahl"."""
    renderings = ["Roald Dahl's", "Lifter Roald", "Elevator Roald Dahl"]
    opposing = [Reading(i + 1, "opposes", r, r.lower(), (0, 9)) for i, r in enumerate(renderings)]
    assert [(r.voice, r.rendering) for r in _consensus(opposing)] == [
        (1, "Roald Dahl"),
        (2, "Roald"),
        (3, "Roald Dahl"),
    ]
    # two voices sharing a word, or a short one (a surname), are no consensus
    assert [r.voice for r in _consensus(opposing[:2])] == [1]
    assert [
        r.voice
        for r in _consensus([Reading(i + 1, "opposes", f"Xu {n}", f"xu{n}", (0, 5)) for i, n in enumerate("ABC")])
    ] == [1]


def test_voices_that_support_the_target_lower_the_confidence(glossary_file: Path) -> None:
    target = "Mayor Tsai Ming met us."
    opposed = findings(target, "Mayor Cai Ming met us.", "Mayor Cai Ming met us.", glossary_file=glossary_file)
    supported = findings(
        target,
        "Mayor Cai Ming met us.",
        "Mayor Cai Ming met us.",
        "Mayor Tsai Ming met us.",
        glossary_file=glossary_file,
    )
    assert opposed[0].confidence > supported[0].confidence
    assert "1 agree with the translation" in supported[0].message
    assert "c.tsv has 'Tsai' too" in supported[0].extra["evidence"]
    # as many voices for the target as against it: no finding
    assert findings(target, "Mayor Cai Ming met us.", "Mayor Tsai Ming met us.", glossary_file=glossary_file) == []


def test_confidence_function() -> None:
    assert mismatch_confidence(1, 0, 1) < 0.6 <= mismatch_confidence(2, 0, 2)
    assert mismatch_confidence(3, 0, 3) == pytest.approx(0.8)
    assert mismatch_confidence(1, 0, 3) < mismatch_confidence(1, 0, 1)  # a smaller share of the voices
    assert mismatch_confidence(3, 1, 4) < mismatch_confidence(3, 0, 4)
    assert TriangulationCheck.kind("name_mismatch").severity(1.0) == "warning"  # never an error
    assert dropped_confidence(2, 1) < dropped_confidence(2, 0) < dropped_confidence(3, 0)


def test_pairs_by_position_when_several_names_differ(glossary_file: Path) -> None:
    found = findings("Zhang Wie met Sergay Ivanof.", mt="Zhang Wei met Sergei Ivanov.", glossary_file=glossary_file)
    # a vowel apart is another name in a Chinese name (Wie/Wei); Sergay/Sergei is a spelling variant
    assert [(f.found, f.expected) for f in found] == [("Wie", "Wei"), ("Ivanof", "Ivanov")]


def test_aligns_by_neighbouring_words_when_the_sentence_is_reordered(glossary_file: Path) -> None:
    found = findings(
        "We use Haoliyou, like Xiaoyuguan, every day.",
        "Every day we use it, like Little Umbrella, and Orion.",
        "Every day, like Little Umbrella, we use Orion.",
        glossary_file=glossary_file,
    )
    # "like" stands before Xiaoyuguan and Little Umbrella in all three; "use" before Haoliyou and Orion in one
    assert [(f.found, f.suggestion, f.severity) for f in found] == [
        ("Haoliyou", "Orion", "info"),
        ("Xiaoyuguan", "Umbrella", "warning"),
    ]


@pytest.mark.parametrize(
    "target, voice",
    [
        ("Flights to Macau resumed.", "Flights to Macao resumed."),
        ("He landed in Tehran.", "He landed in Teheran."),
        ("Talks in Kyiv ended.", "Talks in Kiev ended."),
        ("Xi Jin-ping spoke.", "Xi Jinping spoke."),  # hyphen
        ("Xi Jin Ping spoke.", "Xi Jinping spoke."),  # space
        ("Lin Zhiying's book sold.", "The book of Lin Zhiying sold."),  # possessive
        ("LIN ZHIYING spoke.", "Lin Zhiying spoke."),  # case
        ("Kazakhs voted.", "Kazakhstan voted."),  # people and place
        ("He quoted Zoë Lindqvist.", "He quoted Zoe Lindqvist."),  # diacritics
        ("The Nexora Alliance met.", "The Nexora Coalition met."),  # ordinary words are wordings, not names
    ],
)
def test_spelling_variants_are_not_mismatches(glossary_file: Path, target: str, voice: str) -> None:
    assert findings(target, voice, voice, voice, glossary_file=glossary_file) == []


def test_same_name() -> None:
    assert same_name("macau", "macao") and same_name("kyiv", "kiev") and same_name("tehran", "teheran")
    assert same_name("kpi", "kpis") and same_name(word_key("Jin-Ping's"), "jinping")
    assert not same_name("xiacheng", "xiaocheng")  # both pinyin: a vowel makes another name
    assert not same_name("zhiqing", "zhiying") and not same_name("austria", "australia")
    assert not same_name("wie", "wei", strict=True)


@pytest.mark.parametrize(
    "target, voice",
    [
        ("Lin Zhiying said on Tuesday.", "On Tuesday, lin zhiying said."),  # same words, other case and order
        ("Bayeng met Lin Zhiying.", "Biden met Lin Zhiying."),  # 拜登 is the glossary's (terms check)
        ("The President said so.", "The Prime Minister said so."),  # common words are not names
        ("Lin Zhiying said.", "He said."),  # nothing in the voice to compare with
        ("Nevertheless, Lin said.", "Nonetheless, Lin said."),  # a sentence opening, not a name
        ("The MCDF met.", "The Minnesota China Democracy Foundation met."),  # an acronym of the voice's name
        ("The MPs met.", "The Members of Parliament met."),
        ("The LegCo met.", "The Legislative Council met."),  # a contraction
    ],
)
def test_not_flagged(glossary_file: Path, target: str, voice: str) -> None:
    assert findings(target, voice, voice, glossary_file=glossary_file, source="拜登会见了林志颖。") == []


def test_a_name_the_target_dropped(glossary_file: Path) -> None:
    voices = ("Zorvan Kelt said the Xinhua report was wrong.", "The Xinhua report was wrong, Zorvan Kelt said.")
    found = findings("He said the report was wrong.", *voices, glossary_file=glossary_file)
    assert [(f.found, f.target_span, f.suggestion) for f in found] == [
        (None, None, "Zorvan Kelt"),
        (None, None, "Xinhua"),
    ]
    assert all("nowhere in this one" in f.message and "dropped" in f.message for f in found)
    assert found[0].extra["evidence"] == ["a.tsv has 'Zorvan Kelt'", "b.tsv has 'Zorvan Kelt'"]
    # one voice is not enough; a name the target has in other words is not dropped
    assert findings("He said the report was wrong.", voices[0], glossary_file=glossary_file) == []
    assert findings("Kelt said the Xinhua report was wrong.", *voices, glossary_file=glossary_file) == []


def test_a_contraction_the_target_has_in_full_is_not_dropped(glossary_file: Path) -> None:
    voices = ("LegCo passed the bill.", "LegCo passed the bill.")
    target = "Hong Kong's Legislative Council passed the bill."
    assert findings(target, *voices, glossary_file=glossary_file, source="香港立法会通过了法案。") == []


def test_deterministic(glossary_file: Path) -> None:
    voices = (
        "Zhang Wei met Sergei Ivanov and Olga Petrova.",
        "Sergei Ivanov met Zhang Wei and Olga Petrova.",
        "Zhang Wei met Sergei Ivanof, Olga Petrova.",
    )
    runs = [
        [
            f.to_dict()
            for f in findings("Zhang Wie met Sergay Ivanof and Olga Petrowa.", *voices, glossary_file=glossary_file)
        ]
        for _ in range(3)
    ]
    assert runs[0] == runs[1] == runs[2] and runs[0]


def test_without_voices_it_finds_nothing(glossary_file: Path) -> None:
    assert findings("Lin Zhiqing said.", glossary_file=glossary_file) == []
    assert findings("Lin Zhiqing said.", None, None, glossary_file=glossary_file) == []


def test_names_are_cut_at_common_words() -> None:
    assert [n.text for n in names("The Treasury Secretary Yurun met President Xi in Beijing.")] == [
        "Treasury",
        "Yurun",
        "Xi",
        "Beijing",
    ]
    assert [n.text for n in names("𠀀 Zhang Wei said.")] == ["Zhang Wei"]
    # a surname that is an English word stays with a given name English does not know
    assert [n.text for n in names("It was photographed by astronomer An Jiu and He Lifeng.")] == [
        "An Jiu",
        "He Lifeng",
    ]
    assert [n.text for n in names("He Said It Was An Honour")] == []
    # title case (a headline): capitalisation says little, fairly known words are no names
    assert [n.text for n in names("Genuine Century Witness Great Translator Danica Seleskovic Documentary Books")] == [
        "Danica Seleskovic"
    ]


@pytest.mark.parametrize(
    "source, target, voice, expected",
    [
        # the others read the same characters otherwise: which reading, the consensus says
        ("记者张大可报道。", "Reporter Zhang Dai Ke reports.", "Reporter Zhang Dake reports.", ("Dai Ke", "Dake")),
        # the others spell more of the name
        ("李文南教授说。", "Professor Li Nan said.", "Professor Li Wennan said.", ("Nan", "Wennan")),
        # a Japanese name read in Mandarin, where the others have its Japanese reading
        (
            "日本作家村上春树说。",
            "Japanese writer Murakami Chunshu said.",
            "Japanese writer Haruki Murakami said.",
            ("Chunshu", "Haruki"),
        ),
        # the pinyin of a foreign brand sounded out in characters, where the others have the brand
        (
            "他喜欢普利司通的轮胎。",
            "He likes Pulisitong tyres.",
            "He likes Bridgestone tyres.",
            ("Pulisitong", "Bridgestone"),
        ),
        # another pinyin name than the one the others spell from the source
        ("田飞宇说。", "Tian Huanyu said.", "Tian Feiyu said.", ("Huanyu", "Feiyu")),
        # a near miss of the source's pinyin, and a word that spells part of it
        ("申俊飞说。", "Shin Junfei said.", "Shen Junfei said.", ("Shin", "Shen")),
        (
            "他们在天安门拍照。",
            "They took photos at Tianan Mummy.",
            "They took photos at Tiananmen.",
            ("Tianan Mummy", "Tiananmen"),
        ),
        # a name with a word that takes in a character after the one the others spell (品 of 品藏)
        (
            "动物小说大王沈石溪品藏书系出版了。",
            "The Animal Novels Shen Shixipin collection is out.",
            "The animal fiction king Shen Shixi collection is out.",
            ("Novels Shen Shixipin", "Shixi"),
        ),
        # a name translated word for word, where the others spell it
        (
            "欢迎光临雲楼餐厅。",
            "Welcome to the Cloud Tower restaurant.",
            "Welcome to the Yunlou restaurant.",
            ("Cloud", "Yunlou"),
        ),
    ],
)
def test_the_source_does_not_settle(
    glossary_file: Path, source: str, target: str, voice: str, expected: tuple[str, str]
) -> None:
    (finding,) = findings(target, voice, voice, glossary_file=glossary_file, source=source)
    assert (finding.found, finding.suggestion) == expected


@pytest.mark.parametrize(
    "source, target, voice",
    [
        # the translation spells the source; the others do not
        ("记者王明亚报道。", "Reporter Wang Mingya reports.", "Reporter Wang Minya reports."),
        # an English name the others did not know, where they spell the pinyin
        ("他们去了南沙。", "They went to the Spratlys.", "They went to Nansha."),
        # an ordinary word of the dictionary that the others transliterate
        ("他在学院工作。", "He works at the Faculty.", "He works at the Xueyuan."),
    ],
)
def test_the_source_settles(glossary_file: Path, source: str, target: str, voice: str) -> None:
    assert findings(target, voice, voice, glossary_file=glossary_file, source=source) == []


def test_a_surname_the_sentence_has_as_an_english_word_is_compared(glossary_file: Path) -> None:
    """ "An" of "an astronomer" is English; "An Jiu" of the others is the name "Anju" misspells."""
    target = "Anju, an astronomer in Beijing, took the photo."
    voice = "The photo was taken by Beijing astronomer An Jiu."
    (finding,) = findings(target, voice, voice, glossary_file=glossary_file, source="北京天文爱好者安久拍摄。")
    assert (finding.found, finding.suggestion) == ("Anju", "An Jiu")


def test_the_part_of_a_name_outside_a_glossary_term_is_compared(tmp_path: Path) -> None:
    """The terms check owns "Saudi" of "Saudi Dirier Biennale"; "Dirier" is still compared."""
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "entries:\n  - {id: saudi, source: [沙特], target: Saudi Arabia, adjectives: [Saudi], type: place}\n",
        encoding="utf-8",
    )
    voice = "The show is run by the Saudi Diriyah Biennale Foundation."
    (finding,) = findings(
        "The show is run by the Saudi Dirier Biennale Foundation.",
        voice,
        voice,
        glossary_file=glossary,
        source="展览由沙特迪里耶双年展基金会主办。",
    )
    assert (finding.found, finding.suggestion) == ("Dirier", "Diriyah")


def test_a_dropped_name_is_compared_without_titles(glossary_file: Path) -> None:
    found = findings(
        "The report came from Hangzhou.",
        "Reporters Luo Kaiwen report from Hangzhou.",
        "Reporter Luo Kaiwen reports from Hangzhou.",
        glossary_file=glossary_file,
        source="记者骆凯文杭州报道。",
    )
    assert [(f.found, f.suggestion) for f in found] == [(None, "Luo Kaiwen")]


def test_a_dates_abbreviation_is_no_name() -> None:
    """ "Dec. 11" stands where a dateline's reporter was dropped: it is no rendering of the name; "Jun"
    and "Sun" before no number may be names."""
    assert [n.text for n in names("Riyadh, Dec. 11 (Xinhua) -- The reporter learned")] == ["Riyadh", "Xinhua"]
    assert [n.text for n in names("The founder Lei Jun spoke on Jun 5.")] == ["Lei Jun"]
