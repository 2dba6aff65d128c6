"""Vietnamese, Korean and Japanese names in a Chinese source: found, read, and judged in English."""

import random
import re

import pytest

from mtaudit.glossary import foreign_names
from mtaudit.glossary.foreign_names import (
    char_readings,
    find_foreign_names,
    judge,
    korean_spellings,
    mandarin_readings,
    occurrences,
    readings,
    surnames,
)
from mtaudit.glossary.normalize import normalize_zh


def only(source: str, context: str = ""):
    names = find_foreign_names(source, context)
    assert len(names) == 1, names
    return names[0]


# --- detection -----------------------------------------------------------------------------------


def test_vietnamese_name_introduced_by_the_country_is_near_certain():
    name = only("越南政府总理范明政昨天在河内会见了来访的代表团。")
    assert (name.text, name.origin, name.surname, name.given) == ("范明政", "vi", "范", "明政")
    assert name.confidence >= 0.8
    assert any("Vietnam" in e for e in name.evidence)


def test_nguyen_is_vietnamese_without_context_but_with_less_confidence():
    alone = only("阮春福表示欢迎各方参与。")
    with_country = only("越南国家主席阮春福表示欢迎各方参与。")
    assert alone.origin == with_country.origin == "vi"
    assert 0.5 <= alone.confidence < with_country.confidence


def test_shared_surname_without_context_is_not_a_foreign_name():
    assert find_foreign_names("范冰冰出演了这部新电影。") == []
    assert find_foreign_names("尹锡悦发表了讲话。") == []


def test_a_wider_context_makes_a_shared_surname_foreign():
    context = "越南国会通过了决议。越南政府将推动数字化转型。"
    name = only("范明政总理强调，数字化转型需要全民参与。", context)
    assert name.origin == "vi" and 0.5 <= name.confidence < 0.8


def test_korean_names_need_korea_in_the_text():
    name = only("韩国总统尹锡悦在首尔会见了美国国务卿。")
    assert (name.origin, name.surname, name.given) == ("ko", "尹", "锡悦")
    assert only("文在寅在青瓦台发表讲话。").origin == "ko"  # also a CC-CEDICT person


def test_japanese_surname_is_enough_and_japan_raises_confidence():
    plain = only("中村修二获得了诺贝尔物理学奖。")
    assert (plain.origin, plain.surname, plain.given) == ("ja", "中村", "修二")
    assert only("日本首相岸田文雄表示将加强合作。").confidence > plain.confidence


def test_one_character_japanese_surname_and_surname_with_title():
    assert (only("日本首相菅义伟宣布辞职。").surname) == "菅"
    titled = only("日本的岸田首相出席了会议。")
    assert (titled.text, titled.given) == ("岸田", "")
    assert readings(titled) == ("Kishida",)


def test_chinese_names_and_words_are_not_foreign():
    assert find_foreign_names("王伟是中国北京的一名工程师。") == []
    assert find_foreign_names("中国国家副主席韩正会见了韩国客人。") == []  # CC-CEDICT: a PRC leader
    assert find_foreign_names("示范区的范围扩大了，黎明时分天亮了。") == []  # words, not names
    assert find_foreign_names("新华社河内12月1日电（记者陈明）越南经济增长。") == []  # a reporter
    assert find_foreign_names("韩国的陆先生说他不知道。") == []  # 先生 is not a given name


def test_offsets_point_into_the_source_even_in_traditional_script():
    source = "據報道，韓國總統尹錫悅說"
    name = only(source)
    assert source[name.start : name.end] == name.text == "尹錫悅"


# --- readings ------------------------------------------------------------------------------------


def test_vietnamese_readings_plain_and_with_diacritics():
    found = readings(only("越南总理范明政出席论坛。"))
    assert found[0] == "Pham Minh Chinh"
    assert "Phạm Minh Chính" in found


def test_korean_readings_list_usual_surname_spellings_and_forms():
    found = readings(only("韩国总统尹锡悦说。"))
    assert {"Yoon Seok-yeol", "Yun Seok-yeol", "Yoon Seok Yeol", "Yoon Seokyeol"} <= set(found)
    assert "Moon Jae-in" in readings(only("韩国前总统文在寅说。"))


def test_korean_syllable_spellings_revised_romanization_first():
    assert korean_spellings("석")[0] == "seok"
    assert {"suk", "sok"} <= set(korean_spellings("석"))
    assert "yeol" in korean_spellings("렬")  # initial ㄹ drops inside a given name


def test_japanese_readings_both_orders():
    found = readings(only("日本首相岸田文雄表示。"))
    assert found[:2] == ("Fumio Kishida", "Kishida Fumio")
    assert "Shuji Nakamura" in readings(only("日本科学家中村修二说。"))


def test_mandarin_readings_are_what_mt_writes():
    name = only("韩国总统尹锡悦说。")
    assert {"Yin Xiyue", "Xiyue Yin", "Yin Xi Yue", "Yin Xi-yue", "Xiyue"} <= set(mandarin_readings(name))


# --- judging -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target, verdict",
    [
        ("Prime Minister Pham Minh Chinh attended the forum.", "accepted"),
        ("PRIME MINISTER PHẠM MINH CHÍNH attended.", "accepted"),
        ("Prime Minister Chinh stressed the point.", "accepted"),
        ("Prime Minister Fan Mingzheng attended the forum.", "mandarin"),
        ("Mingzheng Fan attended.", "mandarin"),
        ("Prime Minister Pham Minh Zheng attended.", "partly_mandarin"),
        ("Prime Minister Pham Minh attended.", "unknown"),  # incomplete: the caller decides
        ("The prime minister attended.", "unknown"),
    ],
)
def test_judge_vietnamese(target, verdict):
    assert judge(only("越南总理范明政出席论坛。"), target).verdict == verdict


@pytest.mark.parametrize(
    "target, verdict",
    [
        ("President Yoon Suk-yeol met him.", "accepted"),
        ("President Yoon Suk Yeol met him.", "accepted"),
        ("President Yun Seok-yeol met him.", "accepted"),
        ("Yoon said so.", "accepted"),
        ("President Yin Xiyue met him.", "mandarin"),
        ("President Yin Xi-yue met him.", "mandarin"),
        ("President Yoon Xiyue met him.", "partly_mandarin"),
    ],
)
def test_judge_korean(target, verdict):
    assert judge(only("韩国总统尹锡悦会见了他。"), target).verdict == verdict


@pytest.mark.parametrize(
    "target, verdict, text",
    [
        ("Prime Minister Fumio Kishida said", "accepted", "Fumio Kishida"),
        ("Prime Minister Kishida Fumio said", "accepted", "Kishida Fumio"),
        ("Prime Minister Kishida said", "accepted", "Kishida"),
        ("Prime Minister Kishida Wenxiong said", "partly_mandarin", "Kishida Wenxiong"),
        ("Prime Minister An Tian Wenxiong said", "mandarin", "An Tian Wenxiong"),
    ],
)
def test_judge_japanese(target, verdict, text):
    judgement = judge(only("日本首相岸田文雄表示。"), target)
    assert (judgement.verdict, judgement.text) == (verdict, text)
    assert target[judgement.span[0] : judgement.span[1]] == text


def test_judge_japanese_given_name_in_pinyin_after_the_surname():
    name = only("日本科学家中村修二说。")
    assert judge(name, "Xiu Er Nakamura won the prize").verdict == "partly_mandarin"
    assert judge(name, "Shuji Nakamura won the prize").verdict == "accepted"
    assert judge(name, "Zhongcun Xiuer won the prize").verdict == "mandarin"


def test_judge_other_given_name_is_unknown_not_accepted():
    name = only("日本科学家中村修二说。")
    assert judge(name, "He honoured Shuoji Nakamura and others.").verdict == "unknown"
    assert judge(name, "He honoured Nakamura Koji and others.").verdict == "unknown"
    assert judge(name, "Professor Nakamura is a pioneer.").verdict == "accepted"


def test_readings_of_a_cedict_person_in_traditional_script():
    assert readings(only("韓國前總統朴槿惠獲釋。"))[0] == "Park Geun-hye"


def test_judge_wade_giles_counts_as_mandarin():
    name = only("越共中央委员阮雄胜在会上说。")
    assert judge(name, "Nguyen Hsiung Sheng said").verdict == "partly_mandarin"
    assert judge(name, "Nguyen Hung Thang said").verdict == "accepted"


# --- data ----------------------------------------------------------------------------------------


def test_bundled_readings_cover_name_characters_in_simplified_form():
    table = char_readings()
    assert "nguyễn" in table["阮"].vi and "phạm" in table["范"].vi  # 范: from KANJIDIC2
    assert "석" in table["锡"].ko  # 錫 filed under 锡
    assert "hide" in table["伟"].ja and "fumi" in table["文"].ja


def test_surname_inventories():
    assert {"中村", "岸田", "安倍", "山本", "菅", "中岛"} <= surnames("ja")  # 中岛: CC-CEDICT
    assert {"金", "李", "朴", "崔", "尹", "文"} <= surnames("ko")
    assert {"阮", "范", "陈", "黎", "黄", "潘", "武"} <= surnames("vi")
    assert isinstance(surnames("vi"), frozenset)
    with pytest.raises(ValueError):
        surnames("zh")


# --- the places looked at ------------------------------------------------------------------------

#: Parts of sentences of our own: names of each origin, Chinese names and words that share their
#: surnames, country words, titles and verbs around them.
_PARTS = (
    "阮春福",
    "范明政",
    "尹锡悦",
    "文在寅",
    "岸田文雄",
    "中村修二",
    "林芳正",
    "森喜朗",
    "金正恩",
    "朴振",
    "黎明",
    "范围",
    "李娜",
    "陈春明",
    "苏林",
    "越南",
    "韩国",
    "日本",
    "中国",
    "东京",
    "首相",
    "总统",
    "总书记",
    "记者",
    "表示",
    "会见了",
    "的",
    "和",
    "，",
    "。",
)


def _sentences() -> list[tuple[str, str]]:
    """(sentence, context) pairs drawn from the parts, with and without a context naming a country."""
    draw = random.Random(16)
    contexts = ("", "越南国会通过了决议。越南政府将推动改革。", "韩国。韩国。", "日本。日本。日本。")
    return [("".join(draw.choices(_PARTS, k=draw.randint(1, 12))), draw.choice(contexts)) for _ in range(1500)]


class _EveryFirstCharacter:
    """Every place a first character of one of ``heads`` stands (what the search looked at before
    it looked for whole heads)."""

    def __init__(self, heads: frozenset[str]) -> None:
        self.pattern = re.compile("[" + "".join(sorted({re.escape(head[0]) for head in heads})) + "]")

    def positions(self, text: str) -> list[int]:
        return [match.start() for match in self.pattern.finditer(text)]


def test_names_are_the_same_as_when_every_surname_is_looked_at(monkeypatch):
    """Where no country is named, a surname Chinese shares starts no name (its confidence would be
    nil), and where no surname or CC-CEDICT person starts no name is looked for: the names found
    are those of looking at every first character of one, of every country."""
    fast = [find_foreign_names(sentence, context) for sentence, context in _sentences()]
    every = _EveryFirstCharacter(foreign_names._name_starts.__wrapped__(frozenset(foreign_names.ORIGINS)).heads)
    monkeypatch.setattr(foreign_names, "_name_starts", lambda cued: every)
    monkeypatch.setattr(foreign_names, "_uncued", lambda origin, surname, cues: False)
    assert [find_foreign_names(sentence, context) for sentence, context in _sentences()] == fast
    assert sum(map(len, fast)) > 300  # the sentences do hold names


def test_the_context_counts_the_cue_words_of_every_line_normalised():
    """The countries of a context, written in either script, are those of counting the cue words
    of every line of the whole context normalised: each line folded and counted on its own gives
    what folding the whole gives."""
    draw = random.Random(5)
    pieces = (
        "越南",
        "韩国",
        "韓國",
        "日本",
        "中越",
        "朝鲜",
        "朝鮮",
        "东京",
        "東京",
        "，",
        "记者",
        "記者",
        "\n",
        "南",
        "越",
    )
    for _ in range(500):
        context = "".join(draw.choices(pieces, k=draw.randint(0, 30)))
        mentions = dict.fromkeys(foreign_names._COUNTRY_CUES, 0)
        for line in normalize_zh(context).split("\n"):
            for origin, spans in foreign_names._cue_spans(line).items():
                mentions[origin] += len(spans)
        every_line = frozenset(o for o, count in mentions.items() if count >= foreign_names._CONTEXT_MENTIONS)
        assert foreign_names._context_origins(context) == every_line


def test_occurrences_are_those_of_finditer() -> None:
    """Every span ``re.finditer`` gives for the escaped word, on texts where it overlaps itself
    (李李 in 李李李), stands at the ends and holds pattern characters (.+)."""
    chance = random.Random(7)
    alphabet = "李王a.+"
    for _ in range(3000):
        text = "".join(chance.choice(alphabet) for _ in range(chance.randint(0, 12)))
        word = "".join(chance.choice(alphabet) for _ in range(chance.randint(1, 3)))
        expected = [m.span() for m in re.finditer(re.escape(word), text)]
        assert list(occurrences(word, text)) == expected, (word, text)
