"""Names in a Chinese source that the glossary does not list, with the evidence that they are names.

Four kinds of span are taken:

- ``chinese``: a personal name, a known surname and a one- or two-character given name — tagged
  ``nr`` by jieba (only names its HMM found: its dictionary tags ordinary words 顾问 "adviser" as
  names too), or a surname jieba left apart from a given name it did not know;
- ``foreign``: a run of the characters Chinese uses to transliterate foreign names (克韦西奇,
  罗尔德·达尔), or a Chinese-looking name after a nationality mark (［德］魏思诺);
- ``dictionary``: a CC-CEDICT person, place or organisation, whose English the dictionary gives;
- ``brand``: a name its pinyin renders: the name before 餐厅, 酒店, 之家, 公司… that is no word of
  the dictionary (支雲餐厅), or a nickname in quotes (“小雲”, “阿强”);
- ``cjk``: a Vietnamese, Korean or Japanese personal name (范明政, 尹锡悦, 岸田文雄), which English
  renders in its own language, not in pinyin (see :mod:`mtaudit.glossary.foreign_names`).

A span's ``likeness`` (0–1) says how sure it is a name: words around it (a title or role 记者,
教授, 总理; a verb of saying; a byline 新华社…电（记者…）; an author's 著 or a translator's 译), the
dictionary, or only the segmenter's guess. Ordinary words the segmenter takes for names (封城
"lock down the city", 卫勤) have no such evidence and stay below what is reported.
"""

from __future__ import annotations

import marshal
import re
from collections.abc import Container, Iterator
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, NamedTuple

import ahocorasick_rs

from mtaudit.cachedir import derived_files, remembered
from mtaudit.english import zipf
from mtaudit.glossary import cedict, segmenter
from mtaudit.glossary.boundaries import NAME_TAGS
from mtaudit.glossary.cedict import ABROAD, LIFESPAN, common_words, proper_nouns
from mtaudit.glossary.foreign_names import find_foreign_names
from mtaudit.glossary.longer import INSTITUTION_ENDINGS
from mtaudit.glossary.normalize import normalize_zh
from mtaudit.glossary.romanize import (
    COMPOUND_SURNAMES,
    SINGLE_SURNAMES,
    TRANSLITERATION_CHARS,
    is_pinyin_name,
    pinyin_split,
    pinyin_syllables,
    spelled_spans,
    spells_source,
    split_surname,
)
from mtaudit.glossary.tagger import BLOCK_CACHE, FUNCTION_CHARS, name_tagger
from mtaudit.packed import PackedMapping, pack

if TYPE_CHECKING:  # pragma: no cover
    from mtaudit.glossary.foreign_names import ForeignName
    from mtaudit.glossary.matcher import SourceHit

#: Words right before a name that make it a person's (记者林碧锋, 总理范明正).
TITLES_BEFORE = (
    "记者",
    "通讯员",
    "摄影",
    "总理",
    "总统",
    "主席",
    "部长",
    "外长",
    "省长",
    "市长",
    "书记",
    "主任",
    "院长",
    "校长",
    "局长",
    "处长",
    "教授",
    "博士",
    "医生",
    "导演",
    "演员",
    "歌手",
    "选手",
    "作家",
    "作者",
    "大使",
    "发言人",
    "首相",
    "国王",
    "女王",
    "亲王",
    "将军",
    "司令",
    "董事长",
    "总裁",
    "总经理",
    "创始人",
    "议员",
    "法官",
    "律师",
    "研究员",
    "院士",
    "主编",
    "编辑",
    "球员",
    "教练",
    "队长",
    "老板",
    "网友",
    "经理",
    "行长",
    "会长",
    "社长",
    "厂长",
    "秘书长",
    "理事长",
    "台长",
    "站长",
    "署长",
    "州长",
    "议长",
    "团长",
    "组长",
    "科长",
    "所长",
    "馆长",
    "司长",
    "董事",
    "理事",
    "委员",
    "代表",
    "书记员",
    "干事",
    "专员",
    "主持人",
    "主播",
    "嘉宾",
    "负责人",
    "合伙人",
    "制片人",
    "编剧",
    "主演",
    "画家",
    "诗人",
    "作曲家",
    "歌唱家",
    "艺术家",
    "科学家",
    "学者",
    "专家",
    "老师",
    "工程师",
    "设计师",
    "分析师",
    "运动员",
    "总监",
    "首席执行官",
    "民警",
    "警官",
    "检察官",
)
#: Words right after a name that make it a person's (张迪鸣介绍, 王毅说).
TITLES_AFTER = (
    "先生",
    "女士",
    "小姐",
    "教授",
    "博士",
    "总理",
    "总统",
    "主席",
    "部长",
    "省长",
    "市长",
    "书记",
    "主任",
    "院长",
    "校长",
    "局长",
    "委员",
    "大使",
    "将军",
    "首相",
    "总裁",
    "董事长",
    "经理",
    "医生",
    "老师",
    "同志",
    "院士",
    "律师",
    "导演",
    "教练",
    "夫人",
    "同学",
    "一行",
    "等人",
    "夫妇",
    "说",
    "表示",
    "指出",
    "认为",
    "介绍",
    "称",
    "强调",
    "透露",
    "坦言",
    "回忆",
    "告诉",
    "宣布",
    "呼吁",
    "解释",
    "补充",
    "承认",
    "否认",
    "提出",
    "建议",
    "希望",
    "笑",
    "著",
    "《",  # an author before the book's title, as listings write it (叶子南《高级英汉翻译》)
    "译",
    "编",
    "主编",
    "摄",
)
#: Words that end the name of a business or a place of business.
BRAND_ENDINGS = (
    "餐厅",
    "饭店",
    "酒店",
    "酒楼",
    "宾馆",
    "咖啡",
    "之家",
    "家居",
    "装饰",
    "公司",
    "集团",
    "科技",
    "传媒",
    "出版社",
    "书店",
    "银行",
    "保险",
    "超市",
    "商场",
    "药业",
    "食品",
    "老窖",  # a distillery's liquor (泸州老窖)
    "电器",
    "汽车",
    "地产",
    "网",
    "号",
)
#: A nationality mark before an author's name: ［德］, 〔美〕, (英).
_NATIONALITY = re.compile(r"[\[［〔（(【][\u4e00-\u9fff]{1,2}[\]］〕）)】]\s*$")
#: A dateline's byline: 新华社北京5月20日电（记者黄小希 周珊珊）, 湖南日报12月10日讯（全媒体记者 周帙恒）.
_BYLINE = re.compile(
    r"(?:电|日讯)\s*[（(]\s*(?:[\u4e00-\u9fff]{0,3}?(?:记者|通讯员)\s*)?([\u4e00-\u9fff·\s、]{2,40}?)\s*[）)]"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_DOTS = frozenset("·•‧・･")
_RUN = re.compile(
    f"[{''.join(sorted(TRANSLITERATION_CHARS))}](?:[{''.join(sorted(TRANSLITERATION_CHARS))}]|·(?=[{''.join(sorted(TRANSLITERATION_CHARS))}]))+"
)

#: The tag (cut to two letters) of what is no ordinary word: no word at all (x), or a name.
_UNKNOWN_OR_NAME = ("x", *NAME_TAGS)
#: Given "names" that are titles or placeholders: 李先生 is Mr Li, 林某 "a Mr Lin".
_NOT_GIVEN = frozenset(
    {
        "先生",
        "女士",
        "小姐",
        "夫人",
        "太太",
        "老师",
        "同志",
        "总",
        "某",
        "氏",
        "姐",
        "哥",
        "叔",
        "姨",
        "伯",
        "师傅",
        "老板",
    }
)
#: Last characters of organisations and places, not of given names (宣传部 is a department, not 宣 Chuanbu).
_NOT_GIVEN_END = frozenset(
    "部局委厅处办院所会社馆台报网司厂站组团队校店省市县区镇村路街的了着"
)  # 霍金的: jieba has it as a name
#: How sure a span is a name, from its strongest evidence.
STRONG = 0.85  # a title, a verb of saying, a byline, an author's or translator's mark
#: A CC-CEDICT name, by kind: a person's name is seldom an ordinary word; an organisation's often
#: has renderings the dictionary does not list (教育部: Ministry / Department of Education).
DICTIONARY = {"person": 0.8, "place": 0.65, "org": 0.55}
#: First words of the English of bodies every country has: terms with many renderings, not names.
GENERIC_BODIES = frozenset(
    {
        "Ministry",
        "Department",
        "Bureau",
        "Office",
        "Commission",
        "Committee",
        "Council",
        "Administration",
        "Agency",
        "Board",
        "Authority",
        "State",
        "National",
        "Central",
        "Supreme",
        "Standing",
    }
)
#: A given name or surname CC-CEDICT lists as "(name)" (Karl, Hill, Jacques) is mostly part of a full name.
BARE_NAME = 0.4
_BARE = re.compile(r"^[^,(]*\(name\)\s*$")
TRANSLITERATED = 0.7  # three or more transliteration characters, or two joined by ·
SEGMENTER = 0.5  # the segmenter's guess alone
WORD = 0.3  # a word of the dictionary that the segmenter tags as a name
BRAND = 0.6  # an unknown word before a business's ending (餐厅, 之家…), or a nickname in quotes
FOREIGN_ORIGIN = 0.5  # how sure a Vietnamese, Korean or Japanese reading must be to replace the Chinese one


@dataclass(frozen=True)
class SourceName:
    start: int
    end: int
    text: str  # as the source writes it
    kind: str  # "chinese", "foreign", "dictionary", "brand", "cjk" or "written" (in pinyin, earlier)
    likeness: float
    evidence: tuple[str, ...]
    english: tuple[str, ...] = ()  # a dictionary's English names; a written name's rendering
    dictionary_kind: str = ""  # CC-CEDICT's kind: person, place, org
    foreign: ForeignName | None = None  # a Vietnamese, Korean or Japanese name (kind "cjk")
    longer: str = ""  # the longer name it opens, as the source writes it: a dictionary place's (西湖大学),
    # a business's with its ending (支雲餐厅)

    @property
    def normalised(self) -> str:
        return normalize_zh(self.text)

    @property
    def parts(self) -> tuple[str, str] | None:
        """(surname, given name) of a Chinese personal name."""
        return split_surname(self.normalised) if self.kind == "chinese" else None


#: Sources whose names :func:`source_names` remembers, with their hits and context.
SOURCE_CACHE = 4096


def source_names(source: str, covered: list[SourceHit], context: str = "") -> list[SourceName]:
    """The names of ``source`` outside the glossary's hits, longest first where they overlap
    (``context``: the document's segments before, which may say a name is Vietnamese or Japanese)."""
    return list(_source_names(source, tuple((h.start, h.end) for h in covered), context))


@lru_cache(maxsize=SOURCE_CACHE)
def _source_names(source: str, covered: tuple[tuple[int, int], ...], context: str) -> tuple[SourceName, ...]:
    """:func:`source_names`, answered once for each source with the same hits and context: a file of
    several systems' translations of one test set (a system a document) asks it once per system."""
    text = normalize_zh(source)
    taken = list(covered)
    found: list[SourceName] = []
    for name in _candidates(source, text, context, taken, taken):
        if _overlaps(name.start, name.end, taken):
            continue
        if any(other.start <= name.start and name.end <= other.end for other in found):
            continue
        if name.kind == "foreign" and any(
            other.kind == "dictionary"
            and name.start <= other.start
            and other.end <= name.end
            and len(name.text) - len(other.text) <= 1
            for other in found
        ):
            continue  # a dictionary name and a character next to it (连|肯尼迪 "even Kennedy")
        found = [other for other in found if not (name.start <= other.start and other.end <= name.end)]
        found.append(name)
    return tuple(_listed(text, [_with_dictionary_english(n) for n in _joined(sorted(found, key=lambda n: n.start))]))


def _with_dictionary_english(name: SourceName) -> SourceName:
    """A transliterated foreign name that CC-CEDICT knows (博洛尼亚 Bologna) is checked against its
    English: the tool no longer has to guess whether what stands there renders it."""
    if name.kind != "foreign":
        return name
    entry = proper_nouns().get(name.normalised)
    if entry is None or not entry.names:
        return name
    return replace(
        name,
        kind="dictionary",
        evidence=(*name.evidence, "CC-CEDICT: " + entry.definition),
        english=entry.names,
        dictionary_kind=entry.kind,
    )


def _joined(names: list[SourceName]) -> list[SourceName]:
    """A name the segmenter found right after a transliterated one, with nothing between, is the end
    of it (克尔凯|郭儿 is 克尔凯郭儿, Kierkegaard): one foreign name."""
    joined: list[SourceName] = []
    for name in names:
        last = joined[-1] if joined else None
        if last is not None and last.kind == "foreign" and name.kind == "chinese" and last.end == name.start:
            joined[-1] = replace(last, end=name.end, text=last.text + name.text)
        else:
            joined.append(name)
    return joined


#: What may stand between two names of one list (杨春丽，成应翠，宋冰 译; 克尔凯郭尔、叔本华与尼采).
_LIST_GAP = re.compile(r"^[\s、，,与和及/]{1,3}$")
LISTED = 0.7


def _listed(text: str, names: list[SourceName]) -> list[SourceName]:
    """Names listed with a name that is sure to be one are names too (a list of authors, reporters,
    philosophers): each takes at least LISTED from a neighbour at STRONG or a dictionary person's;
    and a dictionary person without years (赫胥黎 "Huxley (name)") from any name beside it. Three or
    more listed together (王志华、李红和陈刚) are sure of each other."""
    in_long_lists = _in_lists_of_three(text, names)
    sure = [
        n.likeness >= STRONG or n.dictionary_kind == "person" or in_long_list
        for n, in_long_list in zip(names, in_long_lists, strict=True)
    ]
    changed = list(names)
    for i in range(len(names)):
        for j in (i - 1, i + 1):
            confirmed = 0 <= j < len(names) and (
                sure[j] or (names[i].dictionary_kind == "person" and names[j].likeness >= 0.5)
            )
            if confirmed and names[i].likeness < LISTED:
                a, b = sorted((names[i], names[j]), key=lambda n: n.start)
                if _LIST_GAP.match(text[a.end : b.start]):
                    changed[i] = replace(
                        names[i], likeness=LISTED, evidence=(*names[i].evidence, "listed with other names")
                    )
    return changed


def _in_lists_of_three(text: str, names: list[SourceName]) -> list[bool]:
    """For each name, whether it is one of three or more in a row with only a list's separators between."""
    runs: list[list[int]] = []
    for i in range(len(names)):
        if i and _LIST_GAP.match(text[names[i - 1].end : names[i].start]):
            runs[-1].append(i)
        else:
            runs.append([i])
    return [len(run) >= 3 for run in runs for _ in run]


def _candidates(
    source: str, text: str, context: str, taken: list[tuple[int, int]], hits: list[tuple[int, int]]
) -> Iterator[SourceName]:
    """Every candidate, the surest kinds first (an overlapping later one is dropped). Those of the
    dictionary and the segmenter are not looked at closer where they overlap ``taken`` (the
    glossary's hits: :func:`source_names` drops such candidates); runs of transliteration characters
    are cut where the glossary's ``hits`` stand."""
    yield from _foreign_names(source, context)
    yield from _dictionary_names(source, text, taken)
    yield from _byline_names(source, text)
    yield from _note_names(source, text)
    yield from _brand_names(source, text)
    yield from _nicknames(source, text)
    yield from _tagged_names(source, text, taken)
    yield from _transliterated_names(source, text, hits)


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in taken)


def _evidence(text: str, start: int, end: int) -> tuple[str, ...]:
    """The words around ``text[start:end]`` that make it a person's name."""
    before, after = text[max(0, start - 5) : start].rstrip(" ·"), text[end : end + 4].lstrip(" ·")  # spaces fold to ·
    found = [f"'{t}' before it" for t in TITLES_BEFORE if before.endswith(t)] if _ends_with_title(before) else []
    found += [f"'{t}' after it" for t in TITLES_AFTER if after.startswith(t)] if _starts_with_title(after) else []
    if _NATIONALITY.search(text[max(0, start - 6) : start]):
        found.append("a nationality mark before it")
    role = _role_before(text, start) if not found else None
    if role is not None:
        found.append(f"'{role}', a person's role, before it")
    return tuple(found)


#: Last characters of nouns for people (老板娘 "landlady", 教师 "teacher", 种植户 "grower", 店员 "clerk").
_PERSON_NOUN_ENDINGS = frozenset("户员师娘工手生")


def _role_before(text: str, start: int) -> str | None:
    """A noun for a person right before ``start``, of two or three characters, ending as such nouns
    do: a word of the segmenter's dictionary tagged as a noun, or any word in 户 (养殖户, 种植户)."""
    for size in (3, 2):
        word = text[start - size : start] if start >= size else ""
        if (
            word
            and word[-1] in _PERSON_NOUN_ENDINGS
            and all(_HAN.match(c) for c in word)
            and (_dictionary_words().get(word, "") == "n" or word[-1] == "户")
        ):
            return word
    return None


_TITLE_BEFORE_SET, _TITLE_AFTER_SET = frozenset(TITLES_BEFORE), frozenset(TITLES_AFTER)
_TITLE_BEFORE_LENGTHS = sorted({len(t) for t in TITLES_BEFORE})
_TITLE_AFTER_LENGTHS = sorted({len(t) for t in TITLES_AFTER})


def _ends_with_title(text: str) -> bool:
    """Does ``text`` end with a title of TITLES_BEFORE (a set lookup per length: most text does not)?"""
    return any(text[len(text) - n :] in _TITLE_BEFORE_SET for n in _TITLE_BEFORE_LENGTHS if n <= len(text))


def _starts_with_title(text: str) -> bool:
    """Does ``text`` start with a title of TITLES_AFTER?"""
    return any(text[:n] in _TITLE_AFTER_SET for n in _TITLE_AFTER_LENGTHS)


#: Countries whose people's names are no foreigner's Chinese name: China's, and those whose names are
#: read in their own way (Japan, Korea, Vietnam: see foreign_names) or are mostly Chinese names.
_NOT_FOREIGN_NATIONALITIES = frozenset({"CN", "TW", "HK", "MO", "JP", "KR", "KP", "VN", "SG", "MY"})
#: Words between a nationality and a name that say the person is of Chinese descent (美国华裔科学家).
_OF_CHINESE_DESCENT = ("华裔", "华人", "华侨", "籍华")


def foreign_national(source: str, start: int) -> bool:
    """Whether a foreign country stands just before ``source[start:]``, with at most a title or role
    between (德国学者施密特 "the German scholar Schmidt", 美国汉学家葛浩文): a foreigner's Chinese
    name, which English writes as the person's own name. Not where the person is of Chinese descent."""
    before = normalize_zh(source[max(0, start - 10) : start])
    match = _foreign_nationality().search(before)
    return match is not None and not any(word in match.group() for word in _OF_CHINESE_DESCENT)


@lru_cache(maxsize=1)
def _foreign_nationality() -> re.Pattern[str]:
    """A foreign country's Chinese name (CLDR's, ``data/countries-cldr.tsv``) and up to four characters, at the end."""
    text = (files("mtaudit.glossary") / "data" / "countries-cldr.tsv").read_text(encoding="utf-8")
    names = {
        normalize_zh(name)
        for line in text.splitlines()[1:]
        for code, forms in [line.split("\t")]
        if code not in _NOT_FOREIGN_NATIONALITIES
        for name in forms.split("|")
        if len(name) >= 2
    }
    return re.compile(f"(?:{'|'.join(map(re.escape, sorted(names, key=len, reverse=True)))})[\u4e00-\u9fff]{{0,4}}$")


#: An author's mark after a name, and a translator's later in the listing (《江城》何伟 著 李雪顺 译).
_AUTHOR_MARK = re.compile(r"\s*(?:编著|著)")
_TRANSLATOR_MARK = re.compile(r"[\u4e00-\u9fff]{2,4}\s*译(?![\u4e00-\u9fff])")


def translated_author(source: str, end: int) -> bool:
    """Whether the name ending at ``end`` is the author (著) of a book that a translator (译) put into
    Chinese: a foreign author, whose Chinese name English writes as their own (何伟 著 … 译: Peter
    Hessler)."""
    mark = _AUTHOR_MARK.match(source, end)
    return mark is not None and _TRANSLATOR_MARK.search(source, mark.end()) is not None


def title_after(source: str, end: int) -> bool:
    """Whether a title or role of TITLES_AFTER (教授, 先生, 表示…) follows ``source[:end]``."""
    return _starts_with_title(normalize_zh(source[end : end + 4]).lstrip(" ·"))


def _likeness(base: float, evidence: tuple[str, ...]) -> float:
    return max(base, STRONG) if evidence else base


def _foreign_names(source: str, context: str) -> Iterator[SourceName]:
    for name in find_foreign_names(source, context):
        if name.confidence >= FOREIGN_ORIGIN:  # less sure: a Chinese name in a text about Vietnam (陈春明)
            yield SourceName(name.start, name.end, name.text, "cjk", name.confidence, name.evidence, foreign=name)


def _dictionary_names(source: str, text: str, taken: list[tuple[int, int]]) -> Iterator[SourceName]:
    words = _dictionary_words()
    common = _common_words()
    for head, name, start, end in cedict_name_matches(text):
        if _overlaps(start, end, taken):
            continue
        entry = proper_nouns()[name]
        if (
            (
                words.get(head, "nr")[:2] not in NAME_TAGS
                and not LIFESPAN.search(entry.definition)  # years: a person
                and not ABROAD.search(entry.definition)  # 仙台 Sendai, a noun to the segmenter
            )
            or head in common
            or _inside_word(text, start, end, words)
            or (entry.kind != "person" and entry.names[0].split()[0] in GENERIC_BODIES)
        ):
            continue  # an ordinary word (时代 "era", not Time magazine; 安康 "well-being"), part of one, or a
            # body every country has (外交部: Foreign Ministry, State Department…), a term, not a name
        context = _evidence(text, start, end)
        base = BARE_NAME if entry.kind == "person" and _BARE.search(entry.definition) else DICTIONARY[entry.kind]
        longer = _LONGER_AFTER.match(text, end) if entry.kind == "place" else None
        yield SourceName(
            start,
            end,
            source[start:end],
            "dictionary",
            _likeness(base, context),
            ("CC-CEDICT: " + entry.definition, *context),
            entry.names,
            entry.kind,
            longer=source[start : longer.end()] if longer else "",
        )


#: What after a place makes a longer name (西湖大学 Westlake University, 珠江新城 Zhujiang New Town),
#: whose English need not hold the place's English.
_LONGER_AFTER = re.compile(
    "|".join(map(re.escape, sorted((*INSTITUTION_ENDINGS, "新城", "新区", "广场", "公园"), key=len, reverse=True)))
)


#: Characters searched in the packed trie of CC-CEDICT's names before one automaton is built for
#: them: the trie costs ~1 µs a character and nothing to open, the automaton ~20 ms to build.
AUTOMATON_AFTER = 20_000


def cedict_name_matches(text: str) -> Iterator[tuple[str, str, int, int]]:
    """(form, headword, start, end) of CC-CEDICT's persons, places and organisations in ``text`` (not
    its other proper nouns: festivals, religions, languages are terms with many renderings),
    leftmost-longest and not overlapping: 罗尔德·达尔 is written 罗尔德达尔 too. The other proper nouns
    are matched all the same, so that no name inside one is taken for a name of its own (尼斯, Nice,
    in 威尼斯, Venice; 尼克, Nick, in 尼克松, Nixon)."""
    forms = _cedict_forms()
    forms.searched += len(text)
    if forms.searched <= AUTOMATON_AFTER:
        matches = forms.trie_matches(text)
    else:
        names, automaton = forms.automaton
        found = automaton.find_matches_as_indexes(text) if automaton else []
        matches = ((names[index][0], names[index][1], start, end) for index, start, end in found)
    nouns = proper_nouns()
    yield from (match for match in matches if nouns[match[1]].kind in _NAME_KINDS)


#: The kinds of CC-CEDICT's proper nouns that are names (see :func:`cedict_name_matches`).
_NAME_KINDS = ("person", "place", "org")


class _CedictForms:
    """The forms of CC-CEDICT's names with their headwords, packed in the cache directory."""

    def __init__(self) -> None:
        files = derived_files("cedict-name-forms", _pack_cedict_forms, cedict.identity())
        self.packed: PackedMapping[str] = PackedMapping(files, "forms")
        self.longest: int = marshal.loads(files["longest.marshal"].read_bytes())
        self.searched = 0

    def trie_matches(self, text: str) -> Iterator[tuple[str, str, int, int]]:
        """What the automaton finds (leftmost-longest): at each place the longest form that starts there."""
        trie, position = self.packed.keys_trie, 0
        while position < len(text):
            found = trie.prefixes(text[position : position + self.longest])
            if not found:
                position += 1
                continue
            form = max(found, key=len)
            yield form, self.packed[form], position, position + len(form)
            position += len(form)

    @cached_property
    def automaton(self) -> tuple[list[tuple[str, str]], ahocorasick_rs.AhoCorasick | None]:
        names = list(self.packed.items())
        if not names:
            return names, None
        return names, ahocorasick_rs.AhoCorasick(
            [form for form, _ in names], matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
        )


@lru_cache(maxsize=1)
def _cedict_forms() -> _CedictForms:
    return _CedictForms()


def _pack_cedict_forms() -> dict[str, bytes]:
    forms = [(form, head) for head in proper_nouns() for form in dict.fromkeys((head, head.replace("·", "")))]
    return {**pack(forms, "forms"), "longest.marshal": marshal.dumps(max((len(f) for f, _ in forms), default=0))}


NOTE_MARK = "an author's note (按：) after it"
REAL_NAME_MARK = "a real name after it"
BYLINE_MARK = "a reporter of the byline"
#: Evidence of a name whose extent the text delimits, not the segmenter.
SURE_EXTENT = frozenset({NOTE_MARK, REAL_NAME_MARK, BYLINE_MARK})


def _byline_names(source: str, text: str) -> Iterator[SourceName]:
    """The reporters of a dateline's byline (新华社北京5月20日电（记者黄小希 周珊珊）): names for certain."""
    for match in _BYLINE.finditer(source):
        for part in re.finditer(r"[\u4e00-\u9fff]{2,4}", match.group(1)):
            start, end = match.start(1) + part.start(), match.start(1) + part.end()
            if split_surname(text[start:end]):
                yield SourceName(start, end, source[start:end], "chinese", STRONG, (BYLINE_MARK,))


#: An author's note opening a paragraph (陶业按："Tao Ye's note:"), and a name given before its
#: bearer's real one (羊行屮（chè），本名姜波 "…, whose real name is Jiang Bo"): two to four
#: characters, then 按： or (after a reading in brackets) 本名, 原名, 真名.
_NOTE = re.compile(
    r"(?:^|(?<=[\s，,。！？；】）」』]))([\u4e00-\u9fff]{2,4})(?:(?P<note>按[：:])|(?:[（(][^）)]{1,12}[）)])?[，,]?(?:本名|原名|真名))"
)


def _note_names(source: str, text: str) -> Iterator[SourceName]:
    """The author of a note (陶业按：) or the bearer of a pen name (羊行屮，本名…), whose name may be
    ordinary words (陶业 "ceramics"): a name when it opens with a surname (编者按 "editor's note" does
    not)."""
    if "按" not in text and "名" not in text:
        return
    for match in _NOTE.finditer(text):
        start, end = match.span(1)
        if split_surname(text[start:end]) and text[start:end] not in _common_words():
            mark = NOTE_MARK if match.group("note") else REAL_NAME_MARK
            yield SourceName(start, end, source[start:end], "chinese", STRONG, (mark,))


_ANY_BRAND_ENDING = re.compile("|".join(map(re.escape, BRAND_ENDINGS)))


def _brand_names(source: str, text: str) -> Iterator[SourceName]:
    """The name before a business's ending (支雲餐厅): two to four characters no dictionary word covers,
    opens (but a numeral's) or reaches into from before (选择|支雲餐厅 "chose 支雲 restaurant": 选择 is a word),
    nor with the ending's first character (黑产账|号: 账号 is "account"), and with no two-character
    verb inside (巴黎|人喜欢喝|咖啡, "Parisians like coffee")."""
    if not _ANY_BRAND_ENDING.search(text):  # most segments name no business
        return
    words = _dictionary_words()
    for ending in BRAND_ENDINGS:
        if ending not in text:
            continue
        for match in re.finditer(re.escape(ending), text):
            if not _may_end_brand(text, match.start()):
                continue  # every size's name ends with the character before the ending (第8388号)
            for size in (4, 3, 2):
                start = match.start() - size
                name = text[start : match.start()] if start >= 0 else ""
                if (
                    len(name) == size
                    and all(_HAN.match(c) and c not in FUNCTION_CHARS for c in name)
                    and name[0] not in NOT_OPENING
                    and not ordinary_word(name[-1] + ending[0])
                    and not words.get(name)
                    and not any(words.get(name[i:]) for i in range(1, size - 1))
                    and not any(words.get(text[j : start + 1]) for j in range(max(0, start - 2), start))
                    and not any(words.get(name[:i], NUMERAL) != NUMERAL for i in range(2, size))
                    and not any(words.get(name[i : i + 2], "").startswith("v") for i in range(size - 1))
                ):
                    yield SourceName(
                        start,
                        match.start(),
                        source[start : match.start()],
                        "brand",
                        BRAND,
                        (f"the name of a business ({ending})",),
                        longer=source[start : match.end()],
                    )
                    break


#: A nickname in quotes: 小 "little", 阿 or 老 "old" and one character (“小雲”, “阿强”, “老王”).
_QUOTED_NICKNAME = re.compile(r"(?<=[“「『\"])[小阿老]([\u4e00-\u9fff])(?=[”」』\"])")
NICKNAME_MARK = "a nickname in quotes (小, 阿 or 老 and one character)"


def _nicknames(source: str, text: str) -> Iterator[SourceName]:
    """A quoted nickname (“小雲”, a restaurant's hostess; “小度”, an assistant): English writes its
    pinyin ("Xiao Yun"), not its characters' meaning ("Little Cloud"). Not a word CC-CEDICT or the
    segmenter's dictionary knows (“小白” "novice", “老外” "foreigner"), nor a function character
    after the prefix; judged as a business's name is (``brand``)."""
    if "小" not in text and "阿" not in text and "老" not in text:
        return
    for match in _QUOTED_NICKNAME.finditer(text):
        word = match.group()
        if match.group(1) in FUNCTION_CHARS or word in cedict.glosses() or not _unknown_word(word):
            continue
        yield SourceName(
            match.start(), match.end(), source[match.start() : match.end()], "brand", BRAND, (NICKNAME_MARK,)
        )


def _unknown_word(word: str) -> bool:
    """Neither an ordinary word of the segmenter's dictionary nor a proper noun of CC-CEDICT."""
    return not ordinary_word(word) and word not in proper_nouns()


#: A business's name does not open with a pronoun or a negation (你叫|餐厅 "you call the restaurant",
#: 你|不懂|咖啡 "you don't know coffee").
NOT_OPENING = frozenset("你您我他她它咱不没别")

#: jieba's tag of a numeral word (八里 "eight li", 七匹 "seven head"): brands open with them (八里罕, 七匹狼),
#: where a word of another kind before the ending is a phrase's (选择|支雲 "chose 支雲").
NUMERAL = "m"


def _may_end_brand(text: str, end: int) -> bool:
    """Whether a business's name may end before ``end``: a Han character that is no function word."""
    return end > 0 and bool(_HAN.match(text[end - 1])) and text[end - 1] not in FUNCTION_CHARS


_SURNAMES = SINGLE_SURNAMES | COMPOUND_SURNAMES


def _tagged_names(source: str, text: str, taken: list[tuple[int, int]]) -> Iterator[SourceName]:
    """Persons jieba tags outside its dictionary, and surnames it left apart from a given name."""
    tagger = name_tagger()
    for block in tagger.blocks.finditer(text):
        if not tagger.may_hold_name(block.group()):
            continue
        offset = block.start()
        covered = _covered(offset, block.end(), taken) if taken else _NOTHING
        if covered and not _surname_outside(block.group(), covered):
            continue
        for token in _name_tokens(block.group(), covered):
            start, end = offset + token.start, offset + token.end
            if _overlaps(start, end, taken):
                continue
            evidence = _evidence(text, start, end)
            if token.apart:
                if evidence:  # a surname apart from an unknown word is a name only with a title by it
                    yield SourceName(start, end, source[start:end], "chinese", STRONG, evidence)
                continue
            if token.common:
                author = _author(text, start, end)
                if (
                    author is not None
                ):  # an ordinary word (叶子 "leaf") only as an author: 荣誉博士 is an honorary doctor
                    yield SourceName(start, author[0], source[start : author[0]], "chinese", STRONG, author[1])
                continue
            if token.word[0] in FUNCTION_CHARS and not any("before" in e for e in evidence):
                yield SourceName(start, end, source[start:end], "chinese", WORD, ("a name the segmenter found",))
                continue
            if not token.given_like:
                continue  # no given name has these characters (左癫 "crazy left", a slur)
            yield SourceName(
                start,
                end,
                source[start:end],
                "chinese",
                _likeness(WORD if token.known else SEGMENTER, evidence),
                evidence
                or (("a word of the dictionary tagged as a name",) if token.known else ("a name the segmenter found",)),
            )


#: The first characters of the surnames: every token :func:`_name_tokens` gives starts with one.
_SURNAME_FIRSTS = frozenset(surname[0] for surname in _SURNAMES)


_SURNAME_FIRST = re.compile(f"[{''.join(sorted(map(re.escape, _SURNAME_FIRSTS)))}]")
_NOTHING: frozenset[int] = frozenset()


def _surname_outside(block: str, covered: frozenset[int]) -> bool:
    """Whether a surname may start in ``block`` outside its ``covered`` positions: a block whose
    every surname character lies in a glossary hit needs no tagging (its tokens would all be
    dropped), which is what most blocks with a new name are in a text the glossary covers."""
    return any(match.start() not in covered for match in _SURNAME_FIRST.finditer(block))


#: What after an ordinary word makes it an author's name: a book's title, an author's or editor's mark.
_AUTHOR_EVIDENCE = frozenset(f"'{mark}' after it" for mark in ("《", "著", "编著", "主编"))


def _author(text: str, start: int, end: int) -> tuple[int, tuple[str, ...]] | None:
    """(end, evidence) of an author's name at ``start``: ``text[start:end]`` before a book's title or
    an author's mark, or with the given-name character the segmenter cut off (叶子|南《…》: 叶子南)."""
    for stop in (end, end + 1):
        if stop > end and (stop > len(text) or text[end] not in given_name_characters()):
            break
        authored = tuple(e for e in _evidence(text, start, stop) if e in _AUTHOR_EVIDENCE)
        if authored:
            return stop, authored
    return None


class _NameToken(NamedTuple):
    """A token of a block that may be a person's name, or a surname and the word after it."""

    start: int  # in the block
    end: int  # of the token, or of the word after the surname
    word: str
    apart: bool  # a surname apart from an unknown word (a name only with a title by it)
    known: bool = False  # a word of jieba's dictionary
    given_like: bool = False  # its given name has characters given names have
    common: bool = False  # also an ordinary word of CC-CEDICT (叶子 "leaf"): a name only with a title by it


def _covered(start: int, end: int, taken: list[tuple[int, int]]) -> frozenset[int]:
    """The positions of ``text[start:end]`` (counted from ``start``) that lie in ``taken``."""
    return frozenset(i - start for s, e in taken for i in range(max(s, start), min(e, end)))


@lru_cache(maxsize=BLOCK_CACHE)
def _name_tokens(block: str, covered: frozenset[int] = frozenset()) -> tuple[_NameToken, ...]:
    """The tokens of a jieba block that may be names, judged by what the block alone says: the
    words around them in the segment (the evidence) decide the rest. Blocks recur (datelines,
    boilerplate), and most of their tokens are no name, so each block is looked at once. A token
    starting at a ``covered`` position (in a glossary hit: it is dropped) may be left out."""
    tagger = name_tagger()
    words, tags, common = tagger.tokenizer.FREQ, tagger.word_tag_tab, _common_words()
    tokens, position = [], 0
    for word, flag in tagger.tag_block(block, covered):
        tokens.append((position, position + len(word), word, flag))
        position += len(word)
    found = []
    for i, (start, end, word, flag) in enumerate(tokens):
        if flag.startswith("nr") and flag != "nrt" and split_surname(word):
            parts = split_surname(word)
            if (
                tags.get(word, "nr")[:2] != "nr"
                or (parts and parts[1] in _NOT_GIVEN - {"某"})
                or word[-1] in _NOT_GIVEN_END
            ):
                continue  # an ordinary word (荣誉 "honour"), or a surname and a title (李先生 "Mr Li")
            given_like = _given_name_like(parts[1] if parts else "")
            found.append(_NameToken(start, end, word, False, bool(words.get(word)), given_like, word in common))
        elif (
            word in _SURNAMES
            and i + 1 < len(tokens)
            and word not in FUNCTION_CHARS
            and flag[:1] not in ("c", "p", "d", "u")
        ):  # 和 "and", 向 "towards": words, not surnames, here
            following = tokens[i + 1]
            given = following[2]
            unknown = not words.get(given) or (following[3] == "nrt" and _given_name_like(given))  # 张|丽莎
            if 1 <= len(given) <= 2 and _HAN.match(given) and unknown and split_surname(word + given):
                found.append(_NameToken(start, following[1], word, True))
    return tuple(found)


def _dotted_names(source: str, text: str) -> Iterator[tuple[int, int]]:
    """Names whose parts a middle dot joins (卡尔·文森, 约瑟夫·拜登): Chinese writes foreign full names so.
    Each part runs from the dot while its characters are transliteration characters, or for its
    first two characters whatever they are (文森: 文 is a common character too)."""
    for dot in re.finditer("·", text):
        if source[dot.start()] not in _DOTS:
            continue  # a space or hyphen the normalisation folded
        start = dot.start()
        while (
            start > 0
            and _HAN.match(text[start - 1])
            and (text[start - 1] in TRANSLITERATION_CHARS or dot.start() - start < 2)
        ):
            start -= 1
        end = dot.end()
        while end < len(text) and _HAN.match(text[end]) and (text[end] in TRANSLITERATION_CHARS or end - dot.end() < 2):
            end += 1
        if start < dot.start() and end > dot.end() and not _all_words(text[start:end].split("·")):
            yield start, end


def _all_words(parts: list[str]) -> bool:
    """Every part is an ordinary word (省钱·分享 "save money · share" is a slogan, not a name)."""
    words, common = _dictionary_words(), _common_words()
    return all(words.get(p, "x")[:2] not in ("x", *NAME_TAGS) or p in common for p in parts)


def _transliterated_names(source: str, text: str, hits: list[tuple[int, int]]) -> Iterator[SourceName]:
    """Runs of transliteration characters that are no ordinary word: three or more characters, two
    joined by ·, or two with a title or verb of saying by them."""
    words = _dictionary_words()
    for start, end in _dotted_names(source, text):
        evidence = _evidence(text, start, end)
        yield SourceName(
            start,
            end,
            source[start:end],
            "foreign",
            _likeness(TRANSLITERATED, evidence),
            evidence or ("a foreign full name joined by ·",),
        )
    for start, end in _runs_beside(text, hits):
        run = text[start:end]
        if words.get(run, "")[:2] not in ("", *NAME_TAGS) or _inside_word(text, start, end, words):
            continue
        evidence = _evidence(text, start, end)
        letters = run.replace("·", "")
        if len(letters) >= 3 or "·" in run:
            yield SourceName(
                start,
                end,
                source[start:end],
                "foreign",
                _likeness(TRANSLITERATED, evidence),
                evidence or ("written in transliteration characters",),
            )
        elif evidence:
            yield SourceName(start, end, source[start:end], "foreign", STRONG, evidence)


def _runs_beside(text: str, hits: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The runs of transliteration characters, less the glossary's hits (two characters or more
    left): 库里蒂巴 of 巴西库里蒂巴 (Curitiba, Brazil) is a run of its own after 巴西."""
    for match in _RUN.finditer(text):
        pieces = [match.span()]
        for hit_start, hit_end in hits:
            pieces = [cut for start, end in pieces for cut in _less(start, end, hit_start, hit_end)]
        yield from ((start, end) for start, end in pieces if end - start >= 2)


def _less(start: int, end: int, hit_start: int, hit_end: int) -> list[tuple[int, int]]:
    """``start:end`` without ``hit_start:hit_end``: itself, or what is left before and after."""
    if hit_end <= start or end <= hit_start:
        return [(start, end)]
    return [(a, b) for a, b in ((start, hit_start), (hit_end, end)) if a < b]


def _inside_word(text: str, start: int, end: int, words: dict[str, str]) -> bool:
    """An ordinary word (of jieba's dictionary, not tagged as a name, or of CC-CEDICT) covers the
    span's start or end from outside it: 马拉松 in 马拉松赛, 马拉 in 马拉糕, 德都 across 道德|都. A
    name across the end is no ordinary word (陵水, a county, across 涪陵|水上: 涪陵 is the name), nor
    is a word across the start from a name that ends there (京朝 across 北京|朝阳区)."""
    common, names = _common_words(), proper_nouns()
    for a in range(max(0, start - 3), end):
        if a < start and any(text[x:start] in names for x in range(max(0, start - MAX_NAME_BEFORE), a + 1)):
            continue
        for b in range(max(a + 2, start + 1), min(len(text), end + 3) + 1):
            if not (a < start < b or a < end < b) or (a >= start and b <= end):
                continue
            word = text[a:b]
            if word in common or (words.get(word, "x")[:2] not in _UNKNOWN_OR_NAME and word not in names):
                return True
    return False


#: The longest name before a span that :func:`_inside_word` looks for, in characters.
MAX_NAME_BEFORE = 6


def _common_words() -> Container[str]:
    return common_words()


@lru_cache(maxsize=1)
def given_name_characters() -> frozenset[str]:
    """Characters seen in given names: of jieba's personal names (``nr``) that start with a known
    surname, and of CC-CEDICT's persons (worked out once, then kept in the cache directory)."""
    return remembered("given-name-characters", _given_name_characters, segmenter.identity(), cedict.identity())


def _given_name_characters() -> frozenset[str]:
    names = [w for w, tag in name_tagger().word_tag_tab.items() if tag == "nr"]
    names += [head for head, entry in proper_nouns().items() if entry.kind == "person"]
    return frozenset(ch for name in names if (parts := split_surname(name)) for ch in parts[1])


def _given_name_like(given: str) -> bool:
    return all(ch in given_name_characters() for ch in given)


def ordinary_word(text: str) -> bool:
    """Whether ``text`` is a word of jieba's dictionary that is tagged as no name (系辞 "appended
    commentary"; not 希尔, a transliteration)."""
    return _dictionary_words().get(text, "nr")[:2] not in _UNKNOWN_OR_NAME


def _dictionary_words() -> dict[str, str]:
    """jieba's dictionary words with their part-of-speech tags (the name tagger's)."""
    return name_tagger().word_tag_tab


#: Two or three capitalised words joined by a space or a hyphen: how a translation writes a Chinese name.
#: (``\b[A-Z]`` written as ``[A-Z](?<!\w[A-Z])``, the boundary checked after the capital: a pattern
#: that opens with a character class is scanned for in C, one that opens with ``\b`` is tried at
#: every position of the target: 5 µs a sentence instead of 3.)
_WRITTEN_NAME = re.compile(r"([A-Z](?<!\w[A-Z])[a-z]+)(?:[ -]([A-Z][a-z]+))(?:[ -]([A-Z][a-z]+))?\b")
#: A given name as the translation writes it: pinyin of one or two syllables, no English word.
GIVEN_ZIPF = 3.0
#: A word this common in English ("He", "In") is no part of a written name.
ENGLISH_ZIPF = 5.0
WRITTEN = 0.5  # a surname of the source with a given name, that the translation writes as a name


def written_names(source: str, target: str, taken: list[tuple[int, int]]) -> list[SourceName]:
    """Chinese personal names that only the translation shows to be names: where it writes a pinyin
    surname with a pinyin given name ("Zhou Yuheng", "Tian Huanyu") that spells no characters of the
    source, the source's surname in that form with as many characters after it as the given name
    has syllables (周帙恒, 田霏宇) — outside ``taken`` (spans already found), the surname nearest the
    name's place in the translation. The segmenter misses such names when their characters are rare."""
    text = normalize_zh(source)
    found: dict[tuple[int, int], SourceName] = {}
    for match in _WRITTEN_NAME.finditer(target):
        words = [w for w in match.groups() if w]
        place = match.start() / max(len(target), 1)
        if any(zipf(word) >= ENGLISH_ZIPF for word in words):
            continue  # "He Yin Yin": a pronoun before a name, not its part
        for surname, given in ((words[0], "".join(words[1:])), (words[-1], "".join(words[:-1]))):
            name = _written_name(source, text, surname.lower(), given.lower(), place, taken)
            if name is not None:
                found.setdefault((name.start, name.end), name)
    return sorted(found.values(), key=lambda n: n.start)


def _written_name(
    source: str, text: str, surname: str, given: str, place: float, taken: list[tuple[int, int]]
) -> SourceName | None:
    characters = latin_surnames().get(surname)
    if not characters or not any(char in text for char in characters):
        return None
    syllables = pinyin_split(given)
    if syllables is None or not 1 <= len(syllables) <= 2 or zipf(given) >= GIVEN_ZIPF:
        return None
    if spells_source(given, text):
        return None  # the given name renders characters of the source: the name is written as they read
    spans = []
    for char in characters:
        for match in re.finditer(re.escape(char), text):
            start, end = match.start(), match.end() + len(syllables)
            distance = abs(start / max(len(text), 1) - place)
            if any(s == start for s, _ in taken):
                spans.append((distance, -1, -1))  # a name found already opens with this surname here
            elif any(s < end and start < e for s, e in taken) or not _may_be_given(text[match.end() : end]):
                continue
            elif split_surname(text[start:end]) and text[start:end] not in _common_words():
                spans.append((distance, start, end))
    if not spans:
        return None
    _, start, end = min(spans)
    if start < 0:
        return None  # the written name is that name's (mis)rendering: the check judges it there
    evidence = ("the translation writes it as a name", *_evidence(text, start, end))
    return SourceName(start, end, source[start:end], "chinese", _likeness(WRITTEN, evidence[1:]), evidence)


def _may_be_given(chars: str) -> bool:
    return (
        bool(chars)
        and all(_HAN.match(c) and c not in FUNCTION_CHARS for c in chars)
        and chars not in _NOT_GIVEN
        and chars[-1] not in _NOT_GIVEN_END
    )


@lru_cache(maxsize=1)
def latin_surnames() -> dict[str, tuple[str, ...]]:
    """Pinyin surname → the single-character surnames written so (zhou → 周, 邹 ...)."""
    table: dict[str, list[str]] = {}
    for surname in sorted(SINGLE_SURNAMES):
        for reading in pinyin_syllables(surname, person=True)[:1]:
            table.setdefault(reading, []).append(surname)
    return {latin: tuple(chars) for latin, chars in table.items()}


#: Capitalised words in a row: a name as a translation writes it, with the words around it.
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*\b")
#: A name written in pinyin has at least this many letters and syllables.
PINYIN_NAME_LETTERS = 5


def pinyin_written(source: str, target: str, names: list[SourceName]) -> dict[str, str]:
    """{characters: rendering} of the source's ``names`` (of two characters or more, no dictionary
    word) that the translation writes as a name in pinyin ("Zhiyun" for 支雲 of 支雲餐厅): a name
    the source and the translation agree on holds for the document's later mentions, where the
    source alone may show none (赴宴来支雲 "come to 支雲 for a banquet")."""
    spans = {(n.start, n.end) for n in names if n.kind in ("chinese", "brand", "dictionary")}
    if not spans:
        return {}
    found: dict[str, str] = {}
    for run in _CAPITALISED_RUN.finditer(target):
        words = run.group().split()
        for first, last in ((i, j) for i in range(len(words)) for j in range(i + 1, len(words) + 1)):
            written = " ".join(words[first:last])
            letters_ = written.replace(" ", "").lower()
            syllables = pinyin_split(letters_)
            if len(letters_) < PINYIN_NAME_LETTERS or not syllables or len(syllables) < 2:
                continue
            if any(zipf(word) >= GIVEN_ZIPF for word in words[first:last]) or not is_pinyin_name(written):
                continue
            for start, end in spelled_spans(letters_, source):
                characters = normalize_zh(source[start:end])
                if (start, end) in spans and characters not in _common_words():
                    found.setdefault(characters, written)
    return found


def written_earlier(source: str, earlier: dict[str, str], taken: list[tuple[int, int]]) -> list[SourceName]:
    """The names an earlier segment's translation wrote in pinyin (see :func:`pinyin_written`),
    where this source has their characters outside ``taken``."""
    text = normalize_zh(source)
    found = []
    for characters, rendering in earlier.items():
        if characters not in text:
            continue  # most of a document's names are not in a given segment: no pattern to look up
        for match in re.finditer(re.escape(characters), text):
            start, end = match.span()
            if not any(s < end and start < e for s, e in taken):
                evidence = (f"written '{rendering}' earlier in the document",)
                found.append(SourceName(start, end, source[start:end], "written", LISTED, evidence, (rendering,)))
    return found
