"""Names outside the glossary: Chinese names in standard pinyin, foreign names via CC-CEDICT."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import mtaudit


def _findings(rows: list[tuple[str, str]], glossary: Path) -> pd.DataFrame:
    """The unlisted-name findings of one document of (source, target) rows."""
    table = pd.DataFrame(
        {
            "doc_id": "d",
            "seg_id": [str(i) for i in range(len(rows))],
            "source": [s for s, _ in rows],
            "target": [t for _, t in rows],
        }
    )
    return mtaudit.audit(table, glossaries=[glossary], checks=["unlisted_name"]).findings


def _hints(rows: list[tuple[str, str]], glossary: Path, severities: set[str] | None = None) -> list[tuple[str, str]]:
    """(source term, expected) of every finding, each of one of ``severities`` when given."""
    findings = _findings(rows, glossary)
    if severities is not None:
        assert set(findings.severity) <= severities
    return list(zip(findings.source_term, findings.expected, strict=True))


def _names(rows: list[tuple[str, str]], glossary: Path) -> list[tuple[str, str]]:
    """As :func:`_hints`, each finding a warning."""
    return _hints(rows, glossary, {"warning"})


@pytest.mark.parametrize(
    "target",
    [
        "Chen Zhiming met reporters.",  # pinyin, surname first
        "Zhiming Chen met reporters.",  # given name first
        "Chen Zhi-ming met reporters.",  # hyphenated given name
        "Ch'en Chih-ming met reporters.",  # Wade-Giles
        "Chan Chi-ming met reporters.",  # Hong Kong romanisation of the surname
    ],
)
def test_accepted_romanisations(glossary_file: Path, target: str) -> None:
    assert _names([("陈志明会见了记者。", target)], glossary_file) == []


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        # each syllable of a hyphenated given name reads its character: pinyin, Wade–Giles, Cantonese
        ("张志明教授会见了记者。", "Professor Cheung Chi-ming met reporters.", []),  # 志 zi3 as Hong Kong spells it
        ("张志明教授会见了记者。", "Professor Chang Chi-ming met reporters.", []),  # Wade-Giles surname
        ("陈凯先教授会见了记者。", "Professor Chan Hoi-sin met reporters.", []),  # 凯 hoi2, 先 sin1
        ("王家伟教授会见了记者。", "Professor Wong Kar-wai met reporters.", []),  # 家 gaa1 written "Kar"
        ("马友明教授会见了记者。", "Professor Ma Yo-ming met reporters.", []),  # a reading shortened (you)
        # initials of the given name's syllables (哲家: che-chia in Wade-Giles)
        ("台积电董事长魏哲家表示同意。", "TSMC chairman C.C. Wei agreed.", []),
        ("台积电董事长魏哲家表示同意。", "TSMC chairman X.Y. Wei agreed.", [("魏哲家", "Wei Zhejia")]),
        # a person of the dictionary (冯友兰 Feng Youlan) who writes his name the Wade-Giles way
        ("《中国哲学简史》冯友兰 著", "A Short History of Chinese Philosophy by Fung Yu-lan", []),
        # a syllable that reads none of them: 明 is ming, 效 is xiao, hsiao or hau
        ("张志明教授会见了记者。", "Professor Cheung Chi-wing met reporters.", [("张志明", "Zhang Zhiming")]),
        ("李效良教授会见了记者。", "Professor Li Siu-leung met reporters.", [("李效良", "Li Xiaoliang")]),
        # the segmenter's 陈凯|先教授: the longer name, written with 先 misread
        ("陈凯先教授会见了记者。", "Professor Chan Kai-sun met reporters.", [("陈凯", "Chen Kaixian")]),
    ],
)
def test_a_hyphenated_given_name_syllable_by_syllable(
    glossary_file: Path, source: str, target: str, expected: list[tuple[str, str]]
) -> None:
    assert _names([(source, target)], glossary_file) == expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        # a foreigner's Chinese name after their nationality and a title: their own name renders it
        ("德国学者施密特在复旦大学任教。", "The German scholar Schmidt teaches at Fudan University.", []),
        (
            "该书由美国汉学家葛浩文译成英文。",
            "The book was translated by the American sinologist Howard Goldblatt.",
            [],
        ),
        # dropped: reported, with no pinyin suggested
        ("德国学者施密特在复旦大学任教。", "The German scholar teaches at Fudan University.", [("施密特", None)]),
        # the author of a book a translator put into Chinese
        ("《江城》何伟 著 李雪顺 译", "River Town by Peter Hessler, translated by Li Xueshun", []),
        ("《江城》何伟 著 李雪顺 译", "River Town, translated by Li Xueshun", [("何伟", None)]),
        ("《江城》何伟 著", "River Town by Peter Hessler", [("何伟", "He Wei")]),  # no translator: a Chinese author
        # of Chinese descent: the name is a Chinese one, and its pinyin is expected
        (
            "美国华裔科学家张明在会上发言。",
            "The Chinese-American scientist Jack Smith spoke.",
            [("张明", "Zhang Ming")],
        ),
    ],
)
def test_a_foreign_nationals_chinese_name(
    glossary_file: Path, source: str, target: str, expected: list[tuple[str, str | None]]
) -> None:
    assert _names([(source, target)], glossary_file) == expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("Authors: Luo Jian, Li Yu, Liang Jun.", []),
        ("Authors: Luo Jian, Li Yu, Liangjun.", []),  # joined, as names are written
        # the whole name as the given name of a Liu: another person
        ("Authors: Luo Jian Liu Liangjun.", [("梁军", "Liang Jun")]),
        # Yu reads 羽, the character before it: the names run together, no other surname
        ("Authors: Luo Jian Li Yu Liangjun.", []),
    ],
)
def test_a_name_written_as_the_given_name_of_another_surname(
    glossary_file: Path, target: str, expected: list[tuple[str, str]]
) -> None:
    assert _names([("作者：罗剑李羽梁军。", target)], glossary_file) == expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        # a noun for a person before the name (种植户 "grower", 老板娘 "landlady") makes it one: dropped
        (
            "马铃薯种植户张伟平今年丰收。",
            "Zhang, a potato grower, had a good harvest this year.",
            [("张伟平", "Zhang Weiping")],
        ),
        ("老板娘刘芳非常热情。", "The landlady was very welcoming.", [("刘芳", "Liu Fang")]),
        ("老板娘刘芳非常热情。", "The landlady, Liu Fang, was very welcoming.", []),
    ],
)
def test_a_name_after_a_noun_for_a_person(glossary_file: Path, source: str, target: str, expected: list) -> None:
    assert _names([(source, target)], glossary_file) == expected


def test_three_names_listed_together_are_sure_of_each_other(glossary_file: Path) -> None:
    """李红 between 王志华 and 陈刚, each only the segmenter's guess: a list of names, so the dropped
    one is reported (a hint: the source shows no title)."""
    rows = [("获奖者包括王志华、李红和陈刚三位教师。", "The winners include Wang Zhihua and Chen Gang.")]
    assert _hints(rows, glossary_file, {"info", "warning"}) == [("李红", "Li Hong")]


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        (
            "诗人李凯儿认为如此。",
            "The poet Li Kai'er thinks so.",
            [],
        ),  # a syllable opening with a vowel after an apostrophe
        ("诗人李凯儿认为如此。", "The poet Li Kai-er thinks so.", []),
        ("诗人李凯儿朗读了。", "The poet Li Kaier read.", []),
        ("诗人张凯恩朗读了。", "The poet Zhang Kai'en read.", []),
        ("诗人张凯恩朗读了。", "The poet Zhang Kaiyu read.", [("张凯恩", "Zhang Kaien")]),  # other syllables
    ],
)
def test_a_given_name_written_with_an_apostrophe(
    glossary_file: Path, source: str, target: str, expected: list[tuple[str, str]]
) -> None:
    assert _names([(source, target)], glossary_file) == expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("新康德主义伦理学很重要。", "Neo-Kantian ethics matters.", []),
        ("达尔文主义者这样认为。", "Darwinists think so.", []),
        ("他属于弗洛伊德学派。", "He belongs to the Freudian school.", []),
        ("孔子的思想流传至今。", "Confucian thought lives on.", []),
        ("他研究康德。", "He studies Kantor.", [("康德", "Immanuel Kant")]),  # no word made of the name
    ],
)
def test_a_word_made_of_a_persons_name_renders_it(
    glossary_file: Path, source: str, target: str, expected: list[tuple[str, str]]
) -> None:
    assert _names([(source, target)], glossary_file) == expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("Actress Zhang Lisha said.", []),
        ("Actress Zhang Lishan said.", [("张丽莎", "Zhang Lisha")]),
    ],
)
def test_a_surname_before_a_given_name_the_segmenter_takes_for_a_foreign_one(
    glossary_file: Path, target: str, expected: list[tuple[str, str]]
) -> None:
    """张|丽莎: jieba cuts the surname off and tags 丽莎 (Lisa) a transliteration; the name is Chinese."""
    assert _names([("演员张丽莎表示。", target)], glossary_file) == expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("华为轮值董事长徐直军发表演讲。", "Huawei rotating chairman Eric Xu gave a speech.", []),
        ("腾讯董事会主席马化腾表示。", "Tencent chairman Pony Ma said.", []),  # a dictionary person
        (
            "华为轮值董事长徐直军发表演讲。",
            "Huawei rotating chairman Xu Zhiyun gave a speech.",
            [("徐直军", "Xu Zhijun")],
        ),
    ],
)
def test_an_english_given_name_before_the_surname(
    glossary_file: Path, source: str, target: str, expected: list[tuple[str, str]]
) -> None:
    """Business people write their names so ("Eric Xu"); "Eric" is a common English word too."""
    assert _names([(source, target)], glossary_file) == expected


@pytest.mark.parametrize(
    "source",
    ["主持人王立平开场致辞。", "嘉宾王立平开场致辞。", "设计师王立平开场致辞。", "首席执行官王立平开场致辞。"],
)
def test_a_role_before_a_dropped_name(glossary_file: Path, source: str) -> None:
    """A host, guest, designer or chief executive named before a verb the segmenter reads less surely."""
    assert _names([(source, "The speaker gave the opening remarks.")], glossary_file) == [("王立平", "Wang Liping")]


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("首席执行官周受资出席听证会。", "Chief executive Shou Zi Chew attended the hearing.", []),  # 周 Chew
        ("演员杨紫琼获得了奥斯卡奖。", "Actress Michelle Yeoh won an Oscar.", []),
    ],
)
def test_a_singapore_or_malaysia_spelling_of_the_surname(
    glossary_file: Path, source: str, target: str, expected: list[tuple[str, str]]
) -> None:
    """Singapore and Malaysia write surnames in Hokkien or Teochew: 周 Chew, 杨 Yeoh, 陈 Tan."""
    assert _names([(source, target)], glossary_file) == expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("记者王丽莎报道。", "Reporter Lisa Wang reports.", []),  # 丽莎 is Lisa in Chinese letters
        ("记者王丽莎报道。", "Reporter Wang Lisa reports.", []),
        ("记者王丽莎报道。", "Reporter Lina Wang reports.", [("王丽莎", "Wang Lisha")]),
        ("记者王立平报道。", "Reporter Lisa Wang reports.", [("王立平", "Wang Liping")]),
    ],
)
def test_an_english_given_name_that_is_pinyin_too(
    glossary_file: Path, source: str, target: str, expected: list[tuple[str, str]]
) -> None:
    """ "Lisa" is pinyin (li sa) and an English given name: the person's own where it sounds like
    their given name, and a wrong name where it does not."""
    assert _names([(source, target)], glossary_file) == expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("他去了斯德哥尔摩。", "He went to Stockhom.", [("斯德哥尔摩", "Stockholm")]),  # a consonant lost
        ("他去了慕尼黑。", "He went to Munick.", [("慕尼黑", "Munich")]),  # the closest English name
        ("他读了莎士比亚的剧本。", "He read Shakepeare's plays.", [("莎士比亚", "Shakespeare")]),
        ("他去了斯德哥尔摩。", "He went to Stockholm.", []),
        ("他们去了澳门。", "They went to Macao.", []),  # a vowel for another (Macau)
        ("他去了哈萨克斯坦。", "He went to Kazakstan.", []),  # an h dropped
    ],
)
def test_a_dictionary_name_misspelt_or_spelt_another_way(
    glossary_file: Path, source: str, target: str, expected: list[tuple[str, str]]
) -> None:
    """English writes some names two ways, one vowel or a doubled letter apart; a consonant lost or
    changed is a slip."""
    assert _names([(source, target)], glossary_file) == expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("他在西湖大学读书。", "He studies at Westlake University.", []),
        ("他们在珠江新城见面。", "They met in Zhujiang New Town.", []),  # the place in pinyin
        ("珠江的水很清。", "The water of the Zhujiang is clear.", [("珠江", "Pearl River")]),  # the river itself
    ],
)
def test_a_place_opening_a_longer_name(
    glossary_file: Path, source: str, target: str, expected: list[tuple[str, str]]
) -> None:
    """A university's or a district's name need not hold the place's English (West Lake, Pearl River)."""
    assert _hints([(source, target)], glossary_file) == expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("Hawking's A Brief History of Time is a bestseller.", []),
        ("Huojin's A Brief History of Time is a bestseller.", [("霍金", "Hawkins")]),  # CC-CEDICT's first name
    ],
)
def test_a_name_of_the_segmenter_that_ends_in_a_particle(
    glossary_file: Path, target: str, expected: list[tuple[str, str]]
) -> None:
    """jieba's dictionary holds 霍金的 ("Hawking's") as a person: 的 ends no given name."""
    assert _names([("霍金的《时间简史》是畅销书。", target)], glossary_file) == expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("Yuan Longping developed hybrid rice.", []),  # 平 reads ping first, pian, bing and beng after
        ("Yuan Longbeng developed hybrid rice.", [("袁隆平", "Yuan Longping")]),  # its rarest reading
        ("Yuan Longpeng developed hybrid rice.", [("袁隆平", "Yuan Longping")]),
    ],
)
def test_a_given_name_in_its_commonest_reading(
    glossary_file: Path, target: str, expected: list[tuple[str, str]]
) -> None:
    assert _names([("袁隆平培育了杂交水稻。", target)], glossary_file) == expected


def test_a_place_the_dictionary_gives_with_its_country(glossary_file: Path) -> None:
    """CC-CEDICT defines 岘港 as "Da Nang or Danang, Vietnam": a place, though no word says so."""
    assert _hints([("岘港是越南的港口城市。", "Hangzhou is a port city in Vietnam.")], glossary_file) == [
        ("岘港", "Da Nang")
    ]
    assert _hints([("岘港是越南的港口城市。", "Danang is a port city in Vietnam.")], glossary_file) == []


@pytest.mark.parametrize(
    ("target", "found"),
    [
        ("According to Health Minister Kai Laishi.", ["Kai Laishi"]),  # 什 read shi, as in transliterations
        ("According to Health Minister Kai Laishen.", ["Kai Laishen"]),  # 什 read shen, as in 什么
        ("According to Health Minister Kailash.", []),
    ],
)
def test_the_pinyin_of_a_transliteration_in_another_reading(glossary_file: Path, target: str, found: list[str]) -> None:
    findings = _findings([("据卫生部长凯莱什介绍。", target)], glossary_file)
    assert list(findings.found) == found


@pytest.mark.parametrize(
    ("source", "target", "found"),
    [
        # English puts the place last: the whole pinyin stands far from where the source has it
        ("库里蒂巴的快速公交系统很有名。", "The bus rapid transit system of Kulidiba is famous.", ["Kulidiba"]),
        ("巴西库里蒂巴的公交很有名。", "Buses in Kulidiba, Brazil, are famous.", ["Kulidiba"]),  # after 巴西, a hit
        ("巴西库里蒂巴的公交很有名。", "Buses in Curitiba, Brazil, are famous.", []),
        ("德国官员海因茨·米勒访问了山东。", "German official Haiyinci Mile visited Shandong.", ["Haiyinci Mile"]),
    ],
)
def test_the_pinyin_of_a_transliteration_anywhere_in_the_target(
    tmp_path: Path, source: str, target: str, found: list[str]
) -> None:
    glossary = tmp_path / "g.yaml"
    glossary.write_text("entries:\n  - {id: br, source: [巴西], target: Brazil, type: place}\n", encoding="utf-8")
    assert list(_findings([(source, target)], glossary).found) == found


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        # the surname is an English word too ("ma"): still the surname of the name
        ("外卖骑手马晓燕救助了老人。", "Delivery rider Ma Xiaoyang helped an old man.", [("马晓燕", "Ma Xiaoyan")]),
        ("外卖骑手马晓燕救助了老人。", "Delivery rider Ma Xiaoyan helped an old man.", []),
        # a letter short of the given name is a misspelling, not the segmenter's cut
        ("店主陈志强推荐这款茶杯。", "Shop owner Chen Zhiqian recommends this cup.", [("陈志强", "Chen Zhiqiang")]),
        ("记者杨婧拍下了这一幕。", "Reporter Yang Jing captured the scene.", []),  # 杨婧|拍: a syllable short
        # the surname's character in its other reading
        ("传承人曾丽玲带着学生演出。", "Ceng Liling performed with her students.", [("曾丽玲", "Zeng Liling")]),
        ("传承人曾丽玲带着学生演出。", "Zeng Liling performed with her students.", []),
        (
            "法定代表人仇志刚已被拘留。",
            "Chou Zhigang, the legal representative, was detained.",
            [("仇志刚", "Qiu Zhigang")],
        ),
        ("法定代表人仇志刚已被拘留。", "Ch'iu Chih-kang, the legal representative, was detained.", []),  # Wade–Giles
    ],
)
def test_a_chinese_name_misspelt_by_a_letter_or_a_reading(
    glossary_file: Path, source: str, target: str, expected: list[tuple[str, str]]
) -> None:
    assert _names([(source, target)], glossary_file) == expected


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("她获得了威尼斯影后。", "She won Best Actress at Venice."),  # 尼斯 (Nice) inside 威尼斯
        ("毛泽东会见了美国总统尼克松。", "Mao Zedong met US President Richard Nixon."),  # 尼克 (Nick) inside 尼克松
        ("威尼斯商人马可·波罗描述了元朝的都城。", "The Venetian merchant Marco Polo described the Yuan capital."),
        ("巴黎人喜欢喝咖啡。", "Parisians like coffee."),  # no business 人喜欢喝 before 咖啡
    ],
)
def test_no_name_inside_a_longer_proper_noun_and_adjectives_of_places(
    glossary_file: Path, source: str, target: str
) -> None:
    assert _hints([(source, target)], glossary_file) == []


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("Residents of Beijing's Zhaoyang District set up a team.", [("朝阳区", "Chaoyang")]),  # 朝 read zhao
        ("Residents of Beijing's Chaoyang District set up a team.", []),
    ],
)
def test_a_dictionary_place_in_another_reading(glossary_file: Path, target: str, expected: list) -> None:
    """朝阳区 after 北京: 京朝 is a word of jieba's dictionary across the two names, which is no reason
    to drop the district; its dictionary pinyin is Chaoyang, and Zhaoyang reads 朝 otherwise."""
    assert _names([("北京朝阳区的居民组建了一支清洁队。", target)], glossary_file) == expected


def test_a_place_cut_short_is_no_adjective_of_it(glossary_file: Path) -> None:
    """ "Tianan" ends as a demonym does (-an), but is the start of Tiananmen."""
    hints = _hints([("天安門母親網站由她打理。", "The Tianan Mothers website is run by her.")], glossary_file)
    assert ("天安門", "Tiananmen Gate") in hints


def test_garbled_chinese_name_gets_the_standard_rendering(glossary_file: Path) -> None:
    found = _names(
        [("人民银行副行长谢春燕表示。", "People's Bank of China deputy governor Xiechun said.")], glossary_file
    )
    assert found == [("谢春燕", "Xie Chunyan")]


def test_ordinary_words_tagged_as_names_are_ignored(glossary_file: Path) -> None:
    rows = [
        (
            "国家安全顾问在高峰会上表示友谊长存。",
            "The national security adviser said at the summit that friendship endures.",
        )
    ]
    assert _names(rows, glossary_file) == []


def test_glossary_names_are_left_to_the_terms_check(glossary_file: Path) -> None:
    assert _names([("拜登表示。", "Bayeng said.")], glossary_file) == []


def test_foreign_names_use_cc_cedict(glossary_file: Path) -> None:
    assert _names([("林肯总统发表了演讲。", "President Lincoln gave a speech.")], glossary_file) == []
    assert _names([("林肯总统发表了演讲。", "President Linken gave a speech.")], glossary_file) == [("林肯", "Lincoln")]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("The Busan International Film Festival will add a section.", []),
        # a Korean city in the pinyin of its characters: its name is Busan (CC-CEDICT's definition
        # names its province with a cross-reference, 慶尚南道|庆尚南道[…], which no longer hides it)
        ("The Fushan International Film Festival will add a section.", [("釜山", "Busan Metropolitan City")]),
    ],
)
def test_a_place_in_korea_is_not_read_in_pinyin(glossary_file: Path, target: str, expected: list) -> None:
    assert _names([("釜山国际电影节将设立新单元。", target)], glossary_file) == expected


def test_a_place_in_japan_the_segmenter_takes_for_a_word(glossary_file: Path) -> None:
    """仙台 is a noun of jieba's dictionary, and CC-CEDICT's "Sendai, city in northeast Japan": a name."""
    source = "仙台至大连的直航航班将于三月恢复。"
    assert _names([(source, "Direct flights from Sendai to Dalian resume in March.")], glossary_file) == []
    assert _names([(source, "Direct flights from Xiantai to Dalian resume in March.")], glossary_file) == [
        ("仙台", "Sendai")
    ]


def test_dictionary_names_are_found_alike_in_the_packed_trie_and_by_the_automaton() -> None:
    """Short inputs search CC-CEDICT's names in the packed trie, long ones with an automaton: the
    same leftmost-longest matches (names next to each other, inside others, dotted and not)."""
    from mtaudit.checks import namespans
    from tests.glossary.test_segmenter import sentences

    forms = namespans._cedict_forms()
    names, automaton = forms.automaton
    every = [form for form, _ in names]
    texts = (
        sentences()
        + ["".join(every[i : i + 3]) + "说" for i in range(0, len(every), 3)]
        + [f"记者{every[i]}在{every[-i - 1]}报道" for i in range(0, len(every), 7)]
    )
    for text in texts:
        expected = [(names[i][0], names[i][1], start, end) for i, start, end in automaton.find_matches_as_indexes(text)]
        assert list(forms.trie_matches(text)) == expected, text


@pytest.mark.parametrize(
    "source, target, expected",
    [
        # a rare given-name character the segmenter does not take for a name: the translation shows it is one
        (
            "据记者邹霁川报道，大桥通车了。",
            "According to reporter Zou Qichuan, the bridge opened.",
            [("邹霁川", "Zou Jichuan")],
        ),
        ("据记者邹霁川报道，大桥通车了。", "According to reporter Zou Jichuan, the bridge opened.", []),
        # pinyin that spells the source's characters renders them, wherever the segmenter cuts
        ("王毅会见了王小明。", "Wang Yi met Wang Xiaoming.", []),
        ("他在周末去了公园。", "He went to the park with Zhou Mo.", []),
    ],
)
def test_a_name_the_translation_writes_as_one(
    glossary_file: Path, source: str, target: str, expected: list[tuple[str, str]]
) -> None:
    assert _names([(source, target)], glossary_file) == expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("Anju, an amateur astronomer in Beijing, took the photo.", [("安久", "An Jiu")]),  # jiu read ju
        ("Anjiu, an amateur astronomer in Beijing, took the photo.", []),  # joined, as it reads
    ],
)
def test_a_name_joined_into_one_word_with_a_syllable_misread(
    glossary_file: Path, target: str, expected: list[tuple[str, str]]
) -> None:
    assert _names([("天文爱好者安久在北京拍摄了照片。", target)], glossary_file) == expected


def test_a_place_across_which_another_place_starts_is_still_one(glossary_file: Path) -> None:
    """陵水 (a county) straddles 涪陵|水上 ("on the water"): 涪陵 is the name, and it is dropped."""
    rows = [("涪陵水上服务区建成了。", "The water service area was completed.")]
    assert ("涪陵", "Fuling") in _hints(rows, glossary_file)
    assert _hints([("涪陵水上服务区建成了。", "The Fuling water service area was completed.")], glossary_file) == []


def test_a_place_english_translates_is_not_its_pinyin(glossary_file: Path) -> None:
    """大湾区 is the Greater Bay Area (大 greater, 湾 bay, 区 area): "Dawan District" is its pinyin;
    English does not translate 南沙 of 南沙群岛 (the Spratlys), so "Nansha Islands" stands."""
    findings = _findings([("他出席了大湾区科学论坛。", "He attended the Dawan District Science Forum.")], glossary_file)
    assert list(zip(findings.found, findings.expected, strict=True)) == [("Dawan District", "Greater Bay Area")]
    assert _hints([("他们去了南沙群岛。", "They went to the Nansha Islands.")], glossary_file) == []


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("Thank you for choosing Shiyun Restaurant.", [("支雲", "Zhiyun")]),  # 支 read otherwise
        ("Thank you for choosing Zhiyun Restaurant.", []),
    ],
)
def test_a_business_name_after_a_verb(glossary_file: Path, target: str, expected: list[tuple[str, str]]) -> None:
    """选择|支雲餐厅: the business is 支雲, not 选择支雲 ("chose"), so its pinyin is checked."""
    assert _names([("感谢您选择支雲餐厅。", target)], glossary_file) == expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("陶业按：以下是我的介绍。", "Pottery note: here is my introduction.", [("陶业", "Tao Ye")]),
        ("陶业按：以下是我的介绍。", "Tao Ye's note: here is my introduction.", []),
        ("编者按：以下是作者的介绍。", "Editor's note: here is the author's introduction.", []),  # no surname
        # a pen name before its bearer's real name, its reading in brackets
        (
            "羊行屮（chè），本名姜波，是一位作家。",
            "Che, whose real name is Jiang Bo, is a writer.",
            [("羊行屮", "Yang Xingche")],
        ),
        ("羊行屮（chè），本名姜波，是一位作家。", "Yang Xingche, whose real name is Jiang Bo, is a writer.", []),
    ],
)
def test_the_author_of_a_note(glossary_file: Path, source: str, target: str, expected: list[tuple[str, str]]) -> None:
    """X按： opens an author's note: X is a name when it opens with a surname, though 陶业 is 'ceramics'."""
    assert _names([(source, target)], glossary_file) == expected


def test_an_author_the_segmenter_cut_short(glossary_file: Path) -> None:
    """叶子|南《…》: the segmenter cuts 南 off 叶子 ("leaf"); before a book's title, 叶子南 is its author."""
    rows = [("叶子南《翻译理论》笔记", "Notes on Leaf's Translation Theory")]
    assert _names(rows, glossary_file) == [("叶子南", "Ye Zinan")]
    assert _names([("叶子南《翻译理论》笔记", "Ye Zinan: Translation Theory, notes")], glossary_file) == []


@pytest.mark.parametrize(
    ("later", "expected"),
    [
        ("Come to the banquet and stay in a good mood!", [("支雲", "Zhiyun")]),  # dropped
        ("Come to Zhi Yun for the banquet!", []),  # spaced, as the characters read
    ],
)
def test_a_name_the_translation_wrote_earlier(glossary_file: Path, later: str, expected: list[tuple[str, str]]) -> None:
    """支雲 is a business in 支雲餐厅, written "Zhiyun" there: its later mention is a name too,
    though the source alone (赴宴来支雲) shows none."""
    rows = [("感谢您选择支雲餐厅。", "Thank you for choosing Zhiyun Restaurant."), ("赴宴来支雲，留下好心情！", later)]
    assert _hints(rows, glossary_file) == expected


@pytest.mark.parametrize(
    ("later", "expected"),
    [
        ("Zhu Liran thanked the university.", [("朱丽兰", "Zhu Lilan")]),  # the full name written wrongly
        ("Zhu thanked the university.", []),  # the surname alone, after the full name
    ],
)
def test_after_a_full_mention(glossary_file: Path, later: str, expected: list[tuple[str, str]]) -> None:
    rows = [("朱丽兰教授出席了典礼。", "Professor Zhu Lilan attended the ceremony."), ("朱丽兰感谢了大学。", later)]
    assert _names(rows, glossary_file) == expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        # 陈凯|先: the segmenter cuts 先 off; "Kai-shen" reads it otherwise
        (
            "代院长宣读陈凯先赞辞时表示，陈凯先教授从事药物研发。",
            "The dean said that Professor Chen Kai-shen works on drugs.",
            [("陈凯", "Chen Kaixian")],
        ),
        (
            "代院长宣读陈凯先赞辞时表示，陈凯先教授从事药物研发。",
            "The dean said that Professor Chen Kaixian works on drugs.",
            [],
        ),
        # an English word after the name is no syllable of it (王成|出席)
        ("部长王成出席启动仪式并讲话。", "Wang Cheng, a minister, attended the launch.", []),
        # 张大|可说: 可 cut off into an ordinary word ("may say"); the target's syllables say it is 张大可
        ("学者张大可说，历史是一面镜子。", "The scholar Zhang Dake said history is a mirror.", []),
        (
            "学者张大可说，历史是一面镜子。",
            "The scholar Zhang Tuke said history is a mirror.",
            [("张大", "Zhang Dake")],
        ),
    ],
)
def test_a_name_the_segmenter_cut_short(
    glossary_file: Path, source: str, target: str, expected: list[tuple[str, str]]
) -> None:
    assert sorted(set(_names([(source, target)], glossary_file))) == expected


def test_a_hyphen_glues_a_name_to_a_word(glossary_file: Path) -> None:
    """ "Wei Sinuo-translated": the part before the hyphen is the rendering of a name."""
    found = _names([("《花园》（德）魏思诺 著", "The Garden (Germany) by Wei Sinuo-written")], glossary_file)
    assert [term for term, _ in found] == ["魏思诺"]


@pytest.mark.parametrize(
    "target, expected",
    [
        ("Marketing director KarlaFinch said the winners were named.", [("Karla Finch", "Karla Finch")]),
        ("Marketing director Karla-Finch said the winners were named.", [("Karla Finch", "Karla Finch")]),
        ("Marketing director Karla Finch said the winners were named.", []),
        ("Marketing director karla finch said the winners were named.", []),  # case alone: not a garble
    ],
)
def test_a_latin_name_of_the_source_is_copied_as_written(
    glossary_file: Path, target: str, expected: list[tuple[str, str]]
) -> None:
    assert _names([("市场总监Karla Finch表示，获奖名单已经公布。", target)], glossary_file) == expected


@pytest.mark.parametrize(
    "target, expected",
    [
        ("The Garden, translated by Chen Baoyi", [("陈宝", "Chen Bao")]),  # 译 "translated" taken into the name
        ("The Garden, translated by Chen Bao", []),
    ],
)
def test_a_word_after_a_name_ends_it(glossary_file: Path, target: str, expected: list[tuple[str, str]]) -> None:
    assert _names([("《花园》陈宝 译", target)], glossary_file) == expected


@pytest.mark.parametrize(
    "target, expected",
    [
        ("The school includes Kierkegaard and Schopenhauer.", []),
        # a dictionary person with years is a name, whatever the segmenter tags it (叔本华: a noun)
        ("The school includes Kierkegaard.", [("叔本华", "Arthur Schopenhauer")]),
    ],
)
def test_a_list_of_foreign_names(glossary_file: Path, target: str, expected: list[tuple[str, str]]) -> None:
    """克尔凯郭儿 is one name, though the segmenter ends a transliteration run at 郭 and takes 郭儿 for a
    Chinese one."""
    assert _names([("这一学派的代表人物有克尔凯郭儿、叔本华。", target)], glossary_file) == expected


@pytest.mark.parametrize(
    "source, target, expected",
    [
        # a place or a business written in pinyin with one character read otherwise
        (
            "杭州市公安局下城分局负责人表示。",
            "The head of the Hangzhou police's Xiaocheng branch said.",
            [("下城", "Xiacheng")],
        ),
        ("日昌餐馆今天开业。", "Nichang Restaurant opened today.", [("日昌", "Richang")]),
        ("杭州市公安局下城分局负责人表示。", "The head of the Hangzhou police's Xiacheng branch said.", []),
        # a name English knows (微博 Weibo) written for a look-alike one, inside a sentence
        ("她在微保做过电话销售。", "She sold at Weibo by telephone.", [("微保", "Weibao")]),
        ("员工在微保推出新产品", "Sales Staff at Weibo Launch New Products", []),  # a headline: capitals say nothing
    ],
)
def test_a_pinyin_name_with_a_character_read_otherwise(
    glossary_file: Path, source: str, target: str, expected: list[tuple[str, str]]
) -> None:
    assert _names([(source, target)], glossary_file) == expected


@pytest.mark.parametrize(
    "target, expected",
    [
        ("Its representatives are Thomas Green and Huxley.", []),
        # CC-CEDICT's 赫胥黎 is "Huxley (name)", without years: listed with another name, it is one
        ("Its representatives are Thomas Green and others.", [("赫胥黎", "Huxley")]),
    ],
)
def test_a_dictionary_name_listed_with_another(
    glossary_file: Path, target: str, expected: list[tuple[str, str]]
) -> None:
    assert _hints([("代表人物：托马斯·格林与赫胥黎等。", target)], glossary_file) == expected  # info at most


@pytest.mark.parametrize(
    "source, target, expected",
    [
        # an ordinary word (叶子 "leaf") that jieba tags as a name, before a book's title: its author
        ("叶子《现代新闻学》笔记和习题", "Leaf 'Modern Journalism' notes and exercises", [("叶子", "Ye Zi")]),
        ("叶子《现代新闻学》笔记和习题", "Ye Zi's 'Modern Journalism' notes and exercises", []),
        # a title after an ordinary word says nothing: 荣誉博士 is an honorary doctorate
        ("他获颁荣誉博士学位。", "He received an honorary doctorate.", []),
    ],
)
def test_an_ordinary_word_as_an_author(
    glossary_file: Path, source: str, target: str, expected: list[tuple[str, str]]
) -> None:
    assert _names([(source, target)], glossary_file) == expected


def test_misread_stretches() -> None:
    from mtaudit.glossary.romanize import misread_stretches

    assert misread_stretches("xiaocheng", "杭州下城分局") == [(2, 4, "xiacheng")]
    assert misread_stretches("xiacheng", "杭州下城分局") == []  # spelled as it reads
    assert misread_stretches("paoshan", "宝山区") == []  # p for b: an older romanisation, not a misreading
    assert misread_stretches("obama", "宝山区") == []  # no pinyin


def test_a_name_translated_word_for_word_is_located(glossary_file: Path) -> None:
    (f,) = _findings([("叶子《现代新闻学》笔记和习题", "Leaf 'Modern Journalism' notes")], glossary_file).to_dict(
        "records"
    )
    assert (f["source_term"], f["found"], f["target_span"]) == ("叶子", "Leaf", [0, 4])


def test_a_university_by_its_short_name(glossary_file: Path) -> None:
    """CC-CEDICT gives 布朗大学 as "Brown University, Providence, Rhode Island" (a place, by its words):
    "Brown" alone renders it, as for any university."""
    rows = [("布朗大学对亚裔学生的录取比例最低。", "Brown has the lowest share of Asian students.")]
    assert _names(rows, glossary_file) == []


@pytest.mark.parametrize(
    "target, expected",
    [("The book won a prize in Bologna.", []), ("The book won a prize at the fair.", [("博洛尼亚", "Bologna")])],
)
def test_a_transliterated_name_the_dictionary_knows(glossary_file: Path, target: str, expected: list) -> None:
    """博洛尼亚 is written in transliteration characters, and CC-CEDICT knows it: Bologna must stand there."""
    assert _hints([("这本书在博洛尼亚获奖。", target)], glossary_file) == expected


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("Northern Evening News, March 5 (Reporter Zhou Yianheng) The new hall opened.", [("周帙恒", "Zhou Zhiheng")]),
        ("Northern Evening News, March 5 (Reporter Zhou Zhiheng) The new hall opened.", []),
    ],
)
def test_a_byline_after_a_newspaper_dateline(glossary_file: Path, target: str, expected: list) -> None:
    """日讯（记者 …） is a byline as 电（记者 …） is: its reporter is a name, here with a rare character,
    and a given name that is neither pinyin nor English but spells nearly it is garbled."""
    assert _names([("北方晚报3月5日讯（记者 周帙恒）新馆开放。", target)], glossary_file) == expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        # a two-character given name with another syllable: 品 of 品读 ("reads") taken into it
        (
            "动物小说作家沈石溪品读经典。",
            "Animal novelist Shen Shixipin reads the classics.",
            [("沈石溪", "Shen Shixi")],
        ),
        ("动物小说作家沈石溪品读经典。", "Animal novelist Shen Shixi reads the classics.", []),
        ("摄影爱好者杨婧拍下了照片。", "Photographer Yang Jingjing took the photo.", [("杨婧", "Yang Jing")]),
        ("摄影爱好者杨婧拍下了照片。", "Photographer Yang Jing took the photo.", []),
        # an author's note: 按 ("notes") is no syllable of the name, glued on or not
        ("陶业按：本文写于去年。", "Tao Ye'an: this article was written last year.", [("陶业", "Tao Ye")]),
        ("陶业按：本文写于去年。", "Tao Ye: this article was written last year.", []),
    ],
)
def test_a_given_name_with_a_syllable_too_many(
    glossary_file: Path, source: str, target: str, expected: list[tuple[str, str]]
) -> None:
    assert _names([(source, target)], glossary_file) == expected


@pytest.mark.parametrize(
    ("target", "found"),
    [
        ("Its representatives include Kirkay Guo Er.", ["Kirkay Guo Er"]),  # 郭儿 read guo er
        ("Its representatives include Kierkegaard.", []),
    ],
)
def test_a_transliterated_name_read_in_part_as_pinyin(glossary_file: Path, target: str, found: list[str]) -> None:
    findings = _findings([("其代表人物有克尔凯郭儿。", target)], glossary_file)
    assert list(findings.found) == found


def test_two_words_of_a_book_title_in_pinyin_are_no_transliteration(glossary_file: Path) -> None:
    """系辞 is a commentary of the Book of Changes: "Xi Ci" is its pinyin, and it transliterates nothing."""
    rows = [("此语出自《易经•系辞》。", "The phrase comes from the Book of Changes, Xi Ci.")]
    assert _names(rows, glossary_file) == []


@pytest.mark.parametrize(
    ("target", "found"),
    [
        ("Ningcheng Eight Lihan Old Cellar has a new liquor.", ["Lihan"]),  # 八 translated, 里罕 in pinyin
        ("Ningcheng Balihan Old Cellar has a new liquor.", []),
    ],
)
def test_a_liquor_brand_opening_with_a_numeral(glossary_file: Path, target: str, found: list[str]) -> None:
    """八里 is a numeral word ("eight li"), and brands open with such words: 八里罕 before 老窖 is a name."""
    findings = _findings([("宁城八里罕老窖推出新酒。", target)], glossary_file)
    assert list(findings.found) == found


@pytest.mark.parametrize(
    ("source", "target", "found"),
    [
        ("欢迎光临支雲餐厅。", "Welcome to Branch Cloud Restaurant.", ["Branch Cloud"]),  # 支 "branch", 雲 "cloud"
        ("欢迎光临支雲餐厅。", "Welcome to Zhiyun Restaurant.", []),
        ("欢迎光临支雲餐厅。", "Welcome to the cloud restaurant.", ["cloud restaurant"]),  # in part, with the ending
        ("欢迎光临支雲餐厅。", "Welcome to the restaurant.", []),  # the ending alone: what stands there, unknown
        # no business: a pronoun or a negation opens no name, and 账号 ("account") is no 账 before 号
        ("你叫餐厅送来的。", "You call the restaurant to deliver it.", []),
        ("你不懂咖啡这本书很好。", "The book You Don't Understand Coffee is good.", []),
        ("他们封了一批黑产账号。", "They closed a batch of black industry accounts.", []),
    ],
)
def test_a_business_translated_word_for_word(glossary_file: Path, source: str, target: str, found: list[str]) -> None:
    findings = _findings([(source, target)], glossary_file)
    assert list(findings.found) == found


@pytest.mark.parametrize(
    ("source", "target", "found"),
    [
        ("我是支雲餐厅的“小雲”，期待再见。", 'I am "Little Cloud" of Zhiyun Restaurant, see you.', ["Little Cloud"]),
        ("我是支雲餐厅的“小雲”，期待再见。", 'I am "small cloud" of Zhiyun Restaurant, see you.', ["small cloud"]),
        ("我是支雲餐厅的“小雲”，期待再见。", 'I am "Xiao Yun" of Zhiyun Restaurant, see you.', []),
        ("我是支雲餐厅的“小雲”，期待再见。", 'I am "Xiaoyun" of Zhiyun Restaurant, see you.', []),
        # words, not nicknames: 小白 "novice", 老外 "foreigner"
        ("他是个“小白”，什么都不懂。", 'He is a "novice" who knows nothing.', []),
        ("他是个“小白”，什么都不懂。", 'He is a "little white" who knows nothing.', []),
        ("很多“老外”来这里。", 'Many "foreigners" come here.', []),
    ],
)
def test_a_quoted_nickname_translated_word_for_word(
    glossary_file: Path, source: str, target: str, found: list[str]
) -> None:
    """A nickname in quotes (“小雲”, 小 and one character) is written in pinyin, as a business's name is."""
    findings = _findings([(source, target)], glossary_file)
    assert list(findings.found) == found


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        (
            "康德与黑格尔影响了新黑格尔主义者。",
            "Kant and Hegel influenced the Neo-Germanists.",
            [("黑格尔", "Georg Wilhelm Friedrich Hegel")],
        ),
        (
            "康德与黑格尔影响了新黑格尔主义者。",
            "Kant and Hegel influenced the Neo-Hegelians.",
            [],
        ),  # Hegelian: a mention
        # a place named again is often "the lake": no count for places
        ("青海湖的鱼多了，青海湖的水也清了。", "Qinghai Lake has more fish, and the lake is cleaner.", []),
    ],
)
def test_a_person_mentioned_more_often_than_named(
    glossary_file: Path, source: str, target: str, expected: list[tuple[str, str]]
) -> None:
    assert _names([(source, target)], glossary_file) == expected
