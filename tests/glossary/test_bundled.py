"""The bundled glossary (glossaries/*.yaml): the hygiene the matcher depends on, coverage of the
entities in the seed documents, and its behaviour on a small corpus of our own."""

from __future__ import annotations

import re
from collections import defaultdict

import pandas as pd
import pytest

import mtaudit
from mtaudit.glossary import load_glossaries
from mtaudit.glossary.matcher import SourceMatcher
from mtaudit.glossary.model import Glossary
from mtaudit.glossary.normalize import normalize_zh

#: Every entity named in the seed documents 000–003, in the form (and script) each seed writes it.
SEED_ENTITIES = {
    # 000: RFI on the US–China financial working group in Beijing
    "北京",
    "何立峰",
    "美国财政部",
    "中国财政部",
    "世界银行",
    "国际货币基金组织",
    "路透社",
    "华盛顿",
    "布伦特 尼曼",
    "内莉-梁",
    "安德里亚-加基",
    "金融犯罪执法",
    "新华社",
    "国务院",
    "旧金山",
    "亚太经合",
    "拜登",
    "习近平",
    "芬太尼",
    "阿片类药物",
    # 001: CNA (Taiwan) on Yellen and Lavrov in Beijing, traditional script and Taiwan usage
    "美財長",
    "中央社",
    "台北",
    "美國財政部",
    "葉倫",
    "俄羅斯",
    "拉夫羅夫",
    "烏克蘭",
    "俄羅斯衛星通訊社",
    "外交部",
    "王毅",
    "蒲亭",
    "習近平",
    "俄羅斯外交部",
    "聯合國",
    "金磚國家",
    "上海合作組織",
    "20國集團",
    "亞太經濟合作會議",
    "亞太地區",
    "國務院",
    "商務部",
    "實體清單",
    "七大工業國",
    "歐洲聯盟",
    "中國財政部",
    "環球時報",
    "俄羅斯高等經濟大學",
    "卡內耶夫",
    "唐佩君",
    "邱國強",
    # 002: FX168 on a planned Xi–Biden summit
    "FX168财经报社",
    "华尔街日报",
    "国务院副总理",
    "朝鲜",
    "国家安全顾问",
    "沙利文",
    "亚太地区",
    "印度尼西亚",
    "巴厘岛",
    "二十国集团",
    "莫斯科",
    "普京",
    "一带一路",
    "亚洲",
    "非洲",
    "拉丁美洲",
    "布鲁金斯学会",
    "奥巴马",
    "哈斯",
    "香港",
    "行政长官",
    "亚太经济合作组织",
    "中国大使馆",
    "财政部",
    "美国国务院",
    "米勒",
    "乌克兰",
    "台湾",
    "普拉萨德",
    "耶伦",
    "美国商务部",
    "雷蒙多",
    "贸易战",
    "特朗普",
    "纽约",
    "联合国",
    "地中海",
    "马耳他",
    "国家副主席",
    "韩正",
    "国务卿",
    "布林肯",
    "飞虎队",
    "二战",
    "日本",
    # 003: Sina Finance on a PBOC deputy governor in Nanjing
    "新浪财经",
    "央行副行长",
    "金融委办公室",
    "南京",
    "人民银行副行长",
    "刘国强",
    "党中央",
    "山西",
    "内蒙古",
    "吉林",
    "江苏",
    "浙江",
    "福建",
    "山东",
    "河南",
    "广西",
    "重庆",
    "张亚楠",
}

#: Every wrong name the English MT output of seed 004 shows, with the entry it garbles.
SEED_004_GARBLES = {
    "Bayeng": "biden",
    "Fantne": "fentanyl",
    "Brent Neman": "brent-neiman",
    "Negman": "brent-neiman",
    "Xuanchang": "xuan-changneng",
    "Yurun": "yellen",
}

COMMON_WORD_ZIPF = 4.0


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossaries()


def _audit_terms(rows: list[tuple[str, str]]) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "doc_id": ["d"] * len(rows),
            "seg_id": [str(i) for i in range(1, len(rows) + 1)],
            "source": [s for s, _ in rows],
            "target": [t for _, t in rows],
        }
    )
    findings = mtaudit.audit(table).findings
    return findings[findings["kind"].isin(["missing", "misrendered", "forbidden"])]


def test_bundled_glossary_is_large_and_ids_are_unique(glossary: Glossary) -> None:
    ids = [e.id for e in glossary]
    assert len(ids) >= 400
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i) for i in ids), "ids are slugs"


def test_no_source_form_is_shared_between_entries(glossary: Glossary) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in glossary:
        for form in entry.sources:
            owners[normalize_zh(form)].add(entry.id)
    shared = {form: ids for form, ids in owners.items() if len(ids) > 1}
    assert not shared


def test_no_one_character_source_forms(glossary: Glossary) -> None:
    assert not [f for e in glossary for f in e.sources if len(f.strip()) < 2]


def test_forbidden_forms_are_never_accepted_renderings(glossary: Glossary) -> None:
    accepted = {form.lower(): e.id for e in glossary for form in (*e.accepted, *e.short)}
    clashes = [(e.id, f, accepted[f.lower()]) for e in glossary for f in e.forbidden if f.lower() in accepted]
    assert not clashes


def test_forbidden_forms_contain_no_common_english_word(glossary: Glossary) -> None:
    from wordfreq import zipf_frequency

    common = [
        (e.id, f, w)
        for e in glossary
        for f in e.forbidden
        for w in re.findall(r"[^\W\d_]+", f)
        if zipf_frequency(w.lower(), "en") >= COMMON_WORD_ZIPF
    ]
    assert not common


def test_every_seed_entity_is_an_entry(glossary: Glossary) -> None:
    sources = {normalize_zh(form) for e in glossary for form in e.sources}
    assert not sorted(name for name in SEED_ENTITIES if normalize_zh(name) not in sources)


def test_every_seed_004_garble_is_forbidden_on_its_entry(glossary: Glossary) -> None:
    entries = glossary.by_id()
    assert {g: e for g, e in SEED_004_GARBLES.items() if g not in entries[e].forbidden} == {}


def test_taiwan_and_traditional_forms_reach_the_same_entry(glossary: Glossary) -> None:
    by_form = {normalize_zh(f): e.id for e in glossary for f in e.sources}
    assert by_form[normalize_zh("蒲亭")] == by_form["普京"] == by_form["普丁"] == "putin"
    assert by_form[normalize_zh("葉倫")] == by_form["耶伦"] == "yellen"
    assert by_form["川普"] == by_form["特朗普"] == "trump"
    assert by_form[normalize_zh("聯準會")] == by_form["美联储"] == "fed"


#: Ordinary Chinese in which a name's characters straddle a word boundary or sit inside a longer word,
#: with the entries that should (and only they) be found there.
ORDINARY_TEXT = [
    ("他宣布什么时候出发", set()),  # 布什 Bush
    ("当前政治局势总体稳定", set()),  # 政治局 Politburo
    ("外汇局势保持平稳", set()),  # 外汇局 SAFE
    ("增加基础设施投资", set()),  # 加基 Gacki
    ("在经济上合作", set()),  # 上合 SCO
    ("在合作中共同发展", set()),  # 中共 CPC
    ("他们批评中共的政策", {"cpc"}),  # the word itself
    ("行人走人行道", set()),  # 人行 PBOC
    ("中央行政机关", set()),  # 央行 central bank
    ("北大西洋沿岸", set()),  # 北大 Peking University
    ("一片汪洋", set()),  # 汪洋 Wang Yang
    ("公安部门和国家安全部门", set()),  # 公安部, 国家安全部
    ("背水一战", set()),  # 一战 World War I
    ("提高市场效率", set()),  # 高市 Takaichi
    ("日本银行业", {"japan"}),
    ("中东欧国家", {"central-eastern-europe"}),
    ("中东部地区", {"central-eastern"}),
    ("参加沙特的会议", {"saudi-arabia"}),  # 加沙 Gaza
    ("贩毒卡特尔", {"cartel"}),
    ("罗马尼亚", {"romania"}),
    ("长沙特别活跃", {"changsha"}),  # 沙特 Saudi Arabia
    ("钓鱼台国宾馆", {"diaoyutai-guesthouse"}),
    ("朝鲜族", {"ethnic-korean"}),
    ("北京大学", {"peking-university"}),
    ("世贸中心", {"world-trade-center"}),  # 世贸 WTO
    ("四川普通话", {"sichuan"}),  # 川普 Trump
    ("韩国瑜", {"han-kuo-yu"}),  # 韩国 South Korea
    ("他的表达能力很强", set()),  # 达能 Danone
    ("我们要加强生产管理", set()),  # 强生 Johnson & Johnson
    ("这是高通量测序技术", set()),  # 高通 Qualcomm
    ("中华帝国的历史很长", set()),  # 华帝 Vatti
    ("她毕业于中国美术学院", set()),  # 国美 Gome
    ("他住在伊利诺伊州", set()),  # 伊利 Yili
    ("用阿里旺旺联系卖家", set()),  # 旺旺 is not Want Want bare
]


@pytest.fixture(scope="module")
def source_matcher(glossary: Glossary) -> SourceMatcher:
    return SourceMatcher(glossary)


@pytest.mark.parametrize(("text", "expected"), ORDINARY_TEXT)
def test_names_are_not_read_across_word_boundaries(
    source_matcher: SourceMatcher, text: str, expected: set[str]
) -> None:
    assert {hit.entry.id for hit in source_matcher.find(text)} == expected


#: Our own sentences: every name rendered as the glossary accepts it (full name before a short form).
CORRECT = [
    (
        "美国总统拜登与中国国家主席习近平在旧金山会晤。",
        "US President Joe Biden met Chinese President Xi Jinping in San Francisco.",
    ),
    ("习近平表示，中美应加强沟通。", "Xi said China and the United States should communicate more."),
    (
        "美国财政部长耶伦与国务院副总理何立峰通电话。",
        "US Treasury Secretary Janet Yellen spoke by phone with Vice Premier He Lifeng.",
    ),
    ("中央社台北电，美國財政部長葉倫訪問北京。", "CNA, Taipei: US Treasury Secretary Yellen visited Beijing."),
    ("俄羅斯總統蒲亭將與習近平會面。", "Russian President Vladimir Putin will meet Xi Jinping."),
    (
        "拉夫罗夫抵达北京，将会见外交部长王毅。",
        "Sergei Lavrov arrived in Beijing and will meet Foreign Minister Wang Yi.",
    ),
    (
        "人民银行副行长宣昌能会见了布伦特·尼曼率领的代表团。",
        "PBOC deputy governor Xuan Changneng met the delegation led by Brent Neiman.",
    ),
    ("国际货币基金组织和世界银行发表联合声明。", "The IMF and the World Bank issued a joint statement."),
    ("双方同意合作遏制芬太尼的生产。", "The two sides agreed to work together to curb fentanyl production."),
    ("美国商务部长雷蒙多宣布新的出口管制措施。", "US Commerce Secretary Gina Raimondo announced new export controls."),
    (
        "金砖国家和上海合作组织峰会将在莫斯科举行。",
        "BRICS and Shanghai Cooperation Organisation summits will be held in Moscow.",
    ),
    (
        "國家安全顧問蘇利文與王毅在馬耳他會談。",
        "National Security Adviser Jake Sullivan held talks with Wang Yi in Malta.",
    ),
    (
        "台湾总统赖清德会见了新加坡总理黄循财。",
        "Taiwan President Lai Ching-te met Singapore Prime Minister Lawrence Wong.",
    ),
    ("香港行政长官李家超出席亚太经合组织会议。", "Hong Kong Chief Executive John Lee attended the APEC meeting."),
    (
        "美联储主席鲍威尔与欧洲央行行长拉加德通话。",
        "Fed Chair Jerome Powell spoke with ECB President Christine Lagarde.",
    ),
    (
        "据路透社和新华社报道，二十国集团峰会在巴厘岛召开。",
        "According to Reuters and Xinhua, the G20 summit opened in Bali.",
    ),
    (
        "刘国强在南京出席会议，江苏、浙江和山东代表参加。",
        "Liu Guoqiang attended the meeting in Nanjing, with representatives of Jiangsu, Zhejiang and Shandong.",
    ),
    ("超市里可口可乐和雪碧都涨价了。", "Coca-Cola and Sprite both went up in price at the supermarket."),
    ("元气森林和农夫山泉在展会上推出新品。", "Genki Forest and Nongfu Spring launched new products at the fair."),
]

#: The same content with the wrong names an MT system produced, and the entries they garble.
GARBLED = [
    ("拜登政府官员本周将前往上海。", "Officials of the Bayeng government will go to Shanghai this week.", "biden"),
    (
        "双方讨论了遏制芬太尼流入美国的努力。",
        "They discussed efforts to curb Fantne flowing into the United States.",
        "fentanyl",
    ),
    ("美国代表团由布伦特·尼曼率领。", "The US delegation is led by Brent Neman.", "brent-neiman"),
    ("尼曼在出发前说。", "Negman said before his departure.", "brent-neiman"),
    (
        "他们将与人民银行副行长宣昌能会面。",
        "They will meet the deputy governor of the PBOC Xuanchang.",
        "xuan-changneng",
    ),
    ("财政部长耶伦四月访华。", "Treasury Secretary Yurun visited China in April.", "yellen"),
    ("商务部长雷蒙多访问中国。", "Commerce Secretary Lei Mengduo visited China.", "raimondo"),
    ("布林肯抵达北京。", "Bu Linken arrived in Beijing.", "blinken"),
    ("沙利文与王毅会谈。", "Shaliwen held talks with Wang Yi.", "sullivan"),
    ("川普宣布加征关税。", "Chuanpu announced new tariffs.", "trump"),
    ("好丽友的巧克力派卖得很好。", "Haoliyou's chocolate pies sell well.", "orion"),
    ("店里有欧派的橱柜。", "The shop has Oupai cabinets.", "oppein"),
]


def test_correct_corpus_gives_no_term_findings() -> None:
    findings = _audit_terms(CORRECT)
    assert findings.empty, findings[["seg_id", "kind", "source_term", "found"]].to_dict("records")


def test_garbled_corpus_names_each_wrong_rendering() -> None:
    findings = _audit_terms([(s, t) for s, t, _ in GARBLED])
    flagged = {(r["seg_id"], r["entry_id"]) for r in findings.to_dict("records")}
    expected = {(str(i), entry) for i, (_, _, entry) in enumerate(GARBLED, start=1)}
    assert expected <= flagged
    assert set(findings["kind"]) <= {"forbidden", "misrendered"}


def test_correct_text_around_a_forbidden_name_is_not_flagged() -> None:
    findings = _audit_terms(
        [("拜登政府对芬太尼前体实施新限制。", "The Biden government imposed new restrictions on fentanyl precursors.")]
    )
    assert findings.empty


@pytest.mark.parametrize(
    ("source", "target", "missing"),
    [
        ("大会迎接党的二十大胜利召开。", "The meeting welcomes the Party's 20th Great Victory.", ["党的二十大"]),
        ("大会迎接党的二十大胜利召开。", "The meeting welcomes the 20th CPC National Congress.", []),
        ("中共十九大报告发布。", "The report of the 19th Party Congress was released.", []),
        ("全国二十大城市排名出炉。", "The ranking of the country's twenty largest cities is out.", []),  # no congress
    ],
)
def test_party_congresses(source: str, target: str, missing: list[str]) -> None:
    """A numbered congress of the CPC is listed with 党的 or 中共 before it: the bare 二十大 is also
    "twenty major"."""
    findings = mtaudit.audit(pd.DataFrame({"source": [source], "target": [target]}), checks=["terms"]).findings
    assert list(findings[findings.kind == "missing"].source_term) == missing
