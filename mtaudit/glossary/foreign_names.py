"""Vietnamese, Korean and Japanese personal names in a Chinese source, and whether English renders them.

Chinese writes these names in Han characters, but English renders them in their own language:
范明政 is Pham Minh Chinh, 尹锡悦 Yoon Suk-yeol, 岸田文雄 Fumio Kishida. MT systems often give the
Mandarin pinyin instead ("Fan Mingzheng", "Yin Xiyue", "Kishida Wenxiong") — wrong, and invisible to
a check that accepts pinyin for every Chinese-looking name.

* :func:`find_foreign_names` finds them: a CC-CEDICT entry for the person; a Japanese surname (中村,
  岸田, 菅…) followed by a given name; or a Korean or Vietnamese surname (shared with Chinese, except
  阮) with that country in the sentence, before the name, or in a wider ``context``. Each name has a
  confidence from its evidence; a shared surname without context is never a foreign name.
* :func:`readings` lists English renderings: surname and given name from the character readings of
  Unihan and KANJIDIC2 (``data/readings-*.tsv``, built by ``glossaries/build/foreign_readings.py``) and
  the usual spellings of surnames (Yoon, Park, Lee; Nguyễn). Japanese given names are read
  irregularly: every combination of the readings KANJIDIC2 offers is accepted, so a suggestion may be
  imperfect (it is a reading, not the bearer's own spelling).
* :func:`mandarin_readings` lists the pinyin renderings MT systems produce, and :func:`judge` tells,
  for an English target, whether the name is rendered acceptably, in Mandarin, partly in Mandarin
  ("Pham Minh Zheng"), or not found (``unknown``: the caller decides).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from functools import cache, lru_cache
from importlib.resources import files
from itertools import product
from typing import NamedTuple

import ahocorasick_rs
import regex

from mtaudit.cachedir import derived_files, installed_version, remembered
from mtaudit.english import zipf_frequency
from mtaudit.glossary import cedict, segmenter
from mtaudit.glossary.cedict import LIFESPAN, proper_nouns
from mtaudit.glossary.normalize import normalize_zh
from mtaudit.glossary.romanize import SURNAME_READINGS, heteronym_readings, pinyin_syllables, wade_giles_syllables
from mtaudit.packed import PackedMapping, pack

ORIGINS = ("ja", "ko", "vi")


class ForeignName(NamedTuple):
    start: int  # offsets in the source as given
    end: int
    text: str
    origin: str  # "ja", "ko" or "vi"
    surname: str
    given: str  # "" for a Japanese surname standing alone (岸田首相)
    confidence: float  # 0-1, from the evidence
    evidence: tuple[str, ...]


class Judgement(NamedTuple):
    verdict: str  # "accepted", "mandarin", "partly_mandarin" or "unknown"
    text: str  # what the target writes for the name ("" when nothing like it was found)
    span: tuple[int, int] | None  # its offsets in the target (None with text "")
    detail: str  # why, in a few words


# --- surname inventories ------------------------------------------------------------------------

#: Vietnamese surnames (simplified Han form → quốc ngữ, the usual one first). All but 阮 are also
#: Chinese surnames, so they make a Vietnamese name only with context.
VIETNAMESE_SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "阮": ("Nguyễn",),
    "陈": ("Trần",),
    "黎": ("Lê",),
    "范": ("Phạm",),
    "黄": ("Hoàng", "Huỳnh"),
    "潘": ("Phan",),
    "武": ("Vũ", "Võ"),
    "邓": ("Đặng",),
    "裴": ("Bùi",),
    "杜": ("Đỗ",),
    "胡": ("Hồ",),
    "吴": ("Ngô",),
    "杨": ("Dương",),
    "李": ("Lý",),
    "丁": ("Đinh",),
    "郑": ("Trịnh",),
    "段": ("Đoàn",),
    "苏": ("Tô",),
    "何": ("Hà",),
    "林": ("Lâm",),
    "刘": ("Lưu",),
    "梅": ("Mai",),
    "高": ("Cao",),
    "钟": ("Chung",),
    "陶": ("Đào",),
    "农": ("Nông",),
    "谭": ("Đàm",),
    "冯": ("Phùng",),
    "蔡": ("Thái",),
    "朱": ("Chu",),
    "卢": ("Lư", "Lô"),
    "罗": ("La",),
    "宋": ("Tống",),
    "许": ("Hứa",),
    "甘": ("Cam",),
    "韦": ("Vi",),
    "孔": ("Khổng",),
    "张": ("Trương",),
    "王": ("Vương",),
    "周": ("Châu",),
    "石": ("Thạch",),
    "申": ("Thân",),
    "翁": ("Ông",),
    "江": ("Giang",),
    "侯": ("Hầu",),
    "邱": ("Khâu",),
    "管": ("Quản",),
}
#: Korean surnames (simplified Han form → English spellings, the usual one first; Revised
#: Romanization among them). All are also Chinese surnames: they need context.
KOREAN_SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "金": ("Kim", "Gim"),
    "李": ("Lee", "Yi", "Rhee", "Ri", "I"),
    "朴": ("Park", "Pak", "Bak"),
    "崔": ("Choi", "Choe"),
    "郑": ("Jeong", "Chung", "Jung", "Cheong"),
    "姜": ("Kang", "Gang"),
    "赵": ("Cho", "Jo"),
    "尹": ("Yoon", "Yun"),
    "张": ("Jang", "Chang"),
    "林": ("Lim", "Im", "Rim"),
    "韩": ("Han",),
    "吴": ("Oh", "O"),
    "申": ("Shin", "Sin"),
    "徐": ("Seo", "Suh"),
    "权": ("Kwon", "Gwon"),
    "黄": ("Hwang",),
    "安": ("Ahn", "An"),
    "宋": ("Song",),
    "柳": ("Yoo", "Yu", "Ryu"),
    "洪": ("Hong",),
    "全": ("Jeon", "Chun", "Jun"),
    "高": ("Ko", "Go", "Koh"),
    "文": ("Moon", "Mun"),
    "梁": ("Yang", "Ryang"),
    "孙": ("Son", "Sohn"),
    "裴": ("Bae", "Pae"),
    "白": ("Baek", "Paek", "Baik", "Paik"),
    "许": ("Heo", "Huh", "Hur"),
    "卢": ("Roh", "No", "Noh"),
    "南": ("Nam",),
    "沈": ("Shim", "Sim"),
    "河": ("Ha",),
    "郭": ("Kwak", "Gwak"),
    "成": ("Sung", "Seong"),
    "车": ("Cha",),
    "具": ("Koo", "Gu", "Ku"),
    "禹": ("Woo", "U"),
    "朱": ("Joo", "Ju"),
    "任": ("Lim", "Im"),
    "罗": ("Na", "Ra", "Rha"),
    "辛": ("Shin", "Sin"),
    "闵": ("Min",),
    "池": ("Ji", "Chi"),
    "严": ("Eom", "Um", "Uhm"),
    "元": ("Won",),
    "蔡": ("Chae",),
    "千": ("Cheon", "Chun"),
    "方": ("Bang",),
    "孔": ("Kong", "Gong"),
    "玄": ("Hyun", "Hyeon"),
    "咸": ("Ham",),
    "卞": ("Byun", "Byeon"),
    "廉": ("Yeom",),
    "边": ("Byun", "Byeon"),
    "吕": ("Yeo", "Yuh"),
    "秋": ("Choo", "Chu"),
    "石": ("Seok", "Suk"),
    "宣": ("Sun", "Seon"),
    "薛": ("Seol", "Sul"),
    "吉": ("Gil", "Kil"),
    "延": ("Yeon",),
    "魏": ("Wi",),
    "表": ("Pyo",),
    "奇": ("Ki", "Gi"),
    "潘": ("Ban", "Pan"),
    "琴": ("Keum", "Geum"),
    "玉": ("Ok",),
    "陆": ("Yuk", "Yook"),
    "孟": ("Maeng",),
    "卓": ("Tak",),
    "鞠": ("Kook", "Guk"),
    "丁": ("Jeong", "Chung"),
    "杨": ("Yang",),
    "刘": ("Yoo", "Yu"),
    "陈": ("Jin", "Chin"),
    "慎": ("Shin",),
    "奉": ("Bong",),
}
#: Frequent Japanese surnames (simplified Han form → Hepburn romaji); CC-CEDICT's "Japanese
#: surname" entries are added at run time (:func:`surnames`).
JAPANESE_SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "佐藤": ("Sato",),
    "铃木": ("Suzuki",),
    "高桥": ("Takahashi",),
    "田中": ("Tanaka",),
    "伊藤": ("Ito",),
    "渡边": ("Watanabe",),
    "山本": ("Yamamoto",),
    "中村": ("Nakamura",),
    "小林": ("Kobayashi",),
    "加藤": ("Kato",),
    "吉田": ("Yoshida",),
    "山田": ("Yamada",),
    "佐佐木": ("Sasaki",),
    "山口": ("Yamaguchi",),
    "松本": ("Matsumoto",),
    "井上": ("Inoue",),
    "木村": ("Kimura",),
    "斋藤": ("Saito",),
    "齐藤": ("Saito",),
    "清水": ("Shimizu",),
    "山崎": ("Yamazaki",),
    "池田": ("Ikeda",),
    "桥本": ("Hashimoto",),
    "阿部": ("Abe",),
    "安倍": ("Abe",),
    "石川": ("Ishikawa",),
    "山下": ("Yamashita",),
    "中岛": ("Nakajima",),
    "石井": ("Ishii",),
    "小川": ("Ogawa",),
    "前田": ("Maeda",),
    "冈田": ("Okada",),
    "长谷川": ("Hasegawa",),
    "藤田": ("Fujita",),
    "后藤": ("Goto",),
    "近藤": ("Kondo",),
    "村上": ("Murakami",),
    "远藤": ("Endo",),
    "青木": ("Aoki",),
    "坂本": ("Sakamoto",),
    "福田": ("Fukuda",),
    "太田": ("Ota",),
    "西村": ("Nishimura",),
    "藤井": ("Fujii",),
    "金子": ("Kaneko",),
    "冈本": ("Okamoto",),
    "藤原": ("Fujiwara",),
    "中野": ("Nakano",),
    "三浦": ("Miura",),
    "原田": ("Harada",),
    "中川": ("Nakagawa",),
    "松田": ("Matsuda",),
    "竹内": ("Takeuchi",),
    "小野": ("Ono",),
    "田村": ("Tamura",),
    "中山": ("Nakayama",),
    "和田": ("Wada",),
    "石田": ("Ishida",),
    "森田": ("Morita",),
    "上田": ("Ueda",),
    "内田": ("Uchida",),
    "柴田": ("Shibata",),
    "酒井": ("Sakai",),
    "宫崎": ("Miyazaki",),
    "横山": ("Yokoyama",),
    "高木": ("Takagi",),
    "安藤": ("Ando",),
    "宫本": ("Miyamoto",),
    "大野": ("Ono",),
    "小岛": ("Kojima",),
    "谷口": ("Taniguchi",),
    "今井": ("Imai",),
    "工藤": ("Kudo",),
    "高田": ("Takada",),
    "增田": ("Masuda",),
    "丸山": ("Maruyama",),
    "杉山": ("Sugiyama",),
    "村田": ("Murata",),
    "大冢": ("Otsuka",),
    "新井": ("Arai",),
    "小山": ("Koyama",),
    "平野": ("Hirano",),
    "藤本": ("Fujimoto",),
    "河野": ("Kono",),
    "上野": ("Ueno",),
    "野口": ("Noguchi",),
    "武田": ("Takeda",),
    "松井": ("Matsui",),
    "千叶": ("Chiba",),
    "岩崎": ("Iwasaki",),
    "菅原": ("Sugawara",),
    "木下": ("Kinoshita",),
    "久保": ("Kubo",),
    "佐野": ("Sano",),
    "野村": ("Nomura",),
    "松尾": ("Matsuo",),
    "市川": ("Ichikawa",),
    "菊地": ("Kikuchi",),
    "杉本": ("Sugimoto",),
    "古川": ("Furukawa",),
    "大西": ("Onishi",),
    "岛田": ("Shimada",),
    "水野": ("Mizuno",),
    "樱井": ("Sakurai",),
    "高野": ("Takano",),
    "吉川": ("Yoshikawa",),
    "山内": ("Yamauchi",),
    "西田": ("Nishida",),
    "饭田": ("Iida",),
    "服部": ("Hattori",),
    "岸田": ("Kishida",),
    "石破": ("Ishiba",),
    "麻生": ("Aso",),
    "小泉": ("Koizumi",),
    "野田": ("Noda",),
    "鸠山": ("Hatoyama",),
    "茂木": ("Motegi",),
    "松野": ("Matsuno",),
    "黑田": ("Kuroda",),
    "植田": ("Ueda",),
    "大谷": ("Ohtani", "Otani"),
    "羽生": ("Hanyu",),
    "浅田": ("Asada",),
    "大坂": ("Osaka",),
    "宫泽": ("Miyazawa",),
    "福岛": ("Fukushima",),
    "丰田": ("Toyoda",),
    "稻盛": ("Inamori",),
    "东条": ("Tojo",),
    "山上": ("Yamagami",),
    "高市": ("Takaichi",),
    "枝野": ("Edano",),
    "竹下": ("Takeshita",),
    "小渊": ("Obuchi",),
    "细川": ("Hosokawa",),
    "中曾根": ("Nakasone",),
    "海部": ("Kaifu",),
    "村山": ("Murayama",),
    "桥下": ("Hashishita",),
    "加计": ("Kake",),
    "森": ("Mori",),
    "菅": ("Suga",),
    "岸": ("Kishi",),
    "林": ("Hayashi",),
    "原": ("Hara",),
    "堺": ("Sakai",),
    "星野": ("Hoshino",),
    "北野": ("Kitano",),
    "黑泽": ("Kurosawa",),
    "是枝": ("Koreeda",),
    "东野": ("Higashino",),
    "松下": ("Matsushita",),
    "本田": ("Honda",),
    "浅野": ("Asano",),
    "大江": ("Oe",),
    "川端": ("Kawabata",),
    "夏目": ("Natsume",),
    "芥川": ("Akutagawa",),
    "秋元": ("Akimoto",),
    "岩田": ("Iwata",),
    "吉野": ("Yoshino",),
    "樋口": ("Higuchi",),
    "天野": ("Amano",),
    "赤崎": ("Akasaki",),
    "大隅": ("Ohsumi", "Osumi"),
    "山中": ("Yamanaka",),
    "本庶": ("Honjo",),
    "梶田": ("Kajita",),
    "真锅": ("Manabe",),
    "日比野": ("Hibino",),
    "冈": ("Oka",),
}
VIETNAMESE_SURNAMES = frozenset(VIETNAMESE_SURNAME_READINGS)
KOREAN_SURNAMES = frozenset(KOREAN_SURNAME_READINGS)
#: One-character Japanese surnames that are also Chinese surnames: a Japanese name only with context.
_SHARED_JAPANESE = frozenset("林原森岸冈")


@lru_cache(maxsize=1)
def _cedict_japanese_surnames() -> dict[str, tuple[str, ...]]:
    """CC-CEDICT's "Japanese surname" entries (中岛 → Nakajima, Nakashima), found once, then kept
    in the cache directory."""
    return remembered("cedict-japanese-surnames", _find_japanese_surnames, cedict.identity())


def _find_japanese_surnames() -> dict[str, tuple[str, ...]]:
    return {
        head: names
        for head, (names, kind, definition) in proper_nouns().items()
        if kind == "surname" and "Japanese" in definition and 2 <= len(head) <= 3
    }


@cache
@cache
def surnames(origin: str) -> frozenset[str]:
    """The surnames (simplified Han forms) :func:`find_foreign_names` knows for ``origin``; the
    Japanese ones include CC-CEDICT's, hence a function (whose answers are kept: every character
    of every segment asks)."""
    if origin == "vi":
        return VIETNAMESE_SURNAMES
    if origin == "ko":
        return KOREAN_SURNAMES
    if origin == "ja":
        return frozenset(JAPANESE_SURNAME_READINGS) | frozenset(_cedict_japanese_surnames())
    raise ValueError(f"unknown origin {origin!r}; expected one of {ORIGINS}")


def _surname_spellings(origin: str, surname: str) -> tuple[str, ...]:
    if origin == "vi":
        return VIETNAMESE_SURNAME_READINGS.get(surname, ())
    if origin == "ko":
        return KOREAN_SURNAME_READINGS.get(surname, ())
    known = JAPANESE_SURNAME_READINGS.get(surname, ()) + _cedict_japanese_surnames().get(surname, ())
    return tuple(dict.fromkeys(known))


# --- character readings (bundled Unihan and KANJIDIC2 extracts) -----------------------------------


class CharReadings(NamedTuple):
    vi: tuple[str, ...]  # quốc ngữ, with diacritics
    ko: tuple[str, ...]  # hangul syllables
    ja: tuple[str, ...]  # Hepburn romaji, name (nanori) readings first


@lru_cache(maxsize=1)
def char_readings() -> Mapping[str, CharReadings]:
    """Simplified character → its Vietnamese, Korean and Japanese readings (simplified GBK characters),
    read from the bundled tables once, then kept in the cache directory (packed: 20k characters)."""
    files = derived_files(
        "char-readings", lambda: pack(((c, tuple(r)) for c, r in _char_readings().items()), "readings")
    )
    return PackedMapping(files, "readings", lambda value: CharReadings(*value))


def _char_readings() -> dict[str, CharReadings]:
    data = files("mtaudit.glossary") / "data"
    vi: dict[str, list[str]] = {}
    ko: dict[str, list[str]] = {}
    ja: dict[str, list[str]] = {}
    for fields in _rows(data.joinpath("readings-unihan.tsv").read_text(encoding="utf-8")):
        vi[fields[0]], ko[fields[0]] = fields[1].split(), fields[2].split()
    for fields in _rows(data.joinpath("readings-kanjidic2.tsv").read_text(encoding="utf-8")):
        char = fields[0]
        ja[char] = fields[1].split()
        vi[char] = list(dict.fromkeys(vi.get(char, []) + fields[2].split()))
        ko[char] = list(dict.fromkeys(ko.get(char, []) + fields[3].split()))
    return {
        char: CharReadings(tuple(vi.get(char, ())), tuple(ko.get(char, ())), tuple(ja.get(char, ())))
        for char in vi.keys() | ja.keys()
    }


def _rows(text: str) -> Iterator[list[str]]:
    for line in text.splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


# --- context -------------------------------------------------------------------------------------

#: Words that place a text in a country. 朝鲜族 (China's Koreans) write their names in pinyin.
_COUNTRY_CUES = {
    "vi": ("越南", "越方", "越共", "河内", "胡志明市", "西贡", "岘港", "海防", "顺化", "芽庄", "越籍", "中越", "越中"),
    "ko": (
        "韩国",
        "韩方",
        "朝鲜",
        "朝方",
        "首尔",
        "平壤",
        "青瓦台",
        "釜山",
        "仁川",
        "大邱",
        "韩联社",
        "朝中社",
        "劳动党",
        "韩朝",
        "朝韩",
        "南韩",
        "北韩",
        "韩籍",
        "韩裔",
        "中韩",
        "韩美",
        "美韩",
        "日韩",
        "韩日",
    ),
    "ja": (
        "日本",
        "日方",
        "东京",
        "大阪",
        "京都",
        "横滨",
        "名古屋",
        "北海道",
        "冲绳",
        "自民党",
        "日元",
        "日籍",
        "日裔",
        "天皇",
        "外务省",
        "防卫省",
        "共同社",
        "日经",
        "中日",
        "日中",
        "日美",
        "美日",
        "日韩",
        "韩日",
    ),
    "zh": (
        "中国",
        "中方",
        "我国",
        "北京",
        "国务院",
        "中共",
        "全国人大",
        "全国政协",
        "外交部发言人",
        "中央军委",
        "解放军",
    ),
}
_NOT_CUES = ("朝鲜族", "中国日报", "日本人民")
#: A wider context places the text in a country only when it names it this often.
_CONTEXT_MENTIONS = 2
_CLAUSE = re.compile(r"[，,。；;！!？?：:\n]")
#: What stands before the name of a Chinese news agency's own reporter (新华社河内电（记者周娜）).
_REPORTER = re.compile(r"(?:记者|通讯员|电[（(]|摄影|编辑)\s*$")
#: Titles that follow a name (范明正总理, 岸田首相).
_TITLES = (
    "总统",
    "总理",
    "首相",
    "主席",
    "总书记",
    "书记",
    "部长",
    "副总理",
    "外长",
    "议长",
    "大使",
    "委员长",
    "国务委员",
    "将军",
    "司令",
    "社长",
    "会长",
    "董事长",
    "总裁",
    "先生",
    "女士",
    "教授",
    "选手",
    "教练",
    "官房长官",
    "知事",
    "市长",
    "省长",
    "大臣",
    "代表",
    "发言人",
    "上将",
    "中将",
    "少将",
    "小姐",
    "同志",
)
#: How close (characters) a country word must stand before a name to introduce it (韩国总统尹锡悦).
_PREFIX_REACH = 12


class _Cues(NamedTuple):
    sentence: dict[str, list[tuple[int, int]]]  # origin → spans of its cue words in the sentence
    context: frozenset[str]  # origins the wider context names often enough


def _cues(text: str, context: str) -> _Cues:
    """The cue words of the sentence (``text``, normalised), and the countries the context (as
    written) names often enough."""
    return _Cues(_cue_spans(text), _context_origins(context))


def _context_origins(context: str) -> frozenset[str]:
    """The countries ``context`` names often enough (a context naming none is never counted). No
    cue word spans a line, so the context's mentions are the sum of its lines'; and the context is
    a sliding window over the segments before, so each line comes back in the next contexts and is
    normalised and counted once (:func:`_line_cue_counts`), not again with every segment."""
    mentions = dict.fromkeys(_COUNTRY_CUES, 0)
    for line in context.split("\n"):
        for origin, count in _line_cue_counts(line):
            mentions[origin] += count
    return frozenset(o for o, count in mentions.items() if count >= _CONTEXT_MENTIONS)


@lru_cache(maxsize=4096)
def _line_cue_counts(line: str) -> tuple[tuple[str, int], ...]:
    """(origin, its cue words) of a line of context as written, counted on it normalised as its
    segment is: folding the whole context of a traditional-script text again at every segment was
    15.6% of the default checks' time (a sampling profile)."""
    return tuple((origin, len(spans)) for origin, spans in _cue_spans(normalize_zh(line)).items() if spans)


#: Any cue word: a text without one has no cue spans (masking what is no cue makes none).
_ANY_CUE = re.compile("|".join(re.escape(word) for words in _COUNTRY_CUES.values() for word in words))


def _cue_spans(text: str) -> dict[str, list[tuple[int, int]]]:
    if not _ANY_CUE.search(text):  # most text names none of the countries
        return {origin: [] for origin in _COUNTRY_CUES}
    masked = text
    for word in _NOT_CUES:
        masked = masked.replace(word, "＃" * len(word))
    return {
        origin: sorted(span for word in words if word in masked for span in occurrences(word, masked))
        for origin, words in _COUNTRY_CUES.items()
    }


def occurrences(word: str, text: str) -> Iterator[tuple[int, int]]:
    """Where ``word`` (not empty) stands in ``text``, left to right without overlaps (as
    ``re.finditer`` finds a literal), with no pattern to build."""
    start = text.find(word)
    while start != -1:
        yield start, start + len(word)
        start = text.find(word, start + len(word))


def _prefix_country(text: str, start: int, cues: dict[str, list[tuple[int, int]]]) -> str | None:
    """The country named last before ``start`` in the same clause, within reach (韩国总统尹锡悦 → ko);
    a reporter's byline counts as China."""
    if _REPORTER.search(text, 0, start):
        return "zh"
    clause_start = max((m.end() for m in _CLAUSE.finditer(text, 0, start)), default=0)
    lowest = max(clause_start, start - _PREFIX_REACH)
    best, where = None, -1
    for origin, spans in cues.items():
        for first, _ in spans:
            if lowest <= first < start and first > where:
                best, where = origin, first
    return best


# --- finding names -------------------------------------------------------------------------------

#: Characters that never begin a given name but often follow a name (岸田说, 阮春福和…).
_NEVER_GIVEN = frozenset(
    "的了和与说是及等对向将被把从让给也就都还又并则而但或于称表在曾已不没很要这那个们来去到过着得吗呢吧啊么某"
)
#: Characters that never end a given name (朴振说: 振, then 说 "said").
_NEVER_LAST = frozenset("说是的了表称将被把从让给也就都还又并则而但或于等及与对向")
#: Characters that stand nowhere in a given name.
_NEVER_INSIDE = frozenset("的了们吗呢吧啊么着这那某")
#: Base confidence of a name, by its surname, before context.
_CONFIDENCE = {"cedict": 0.95, "阮": 0.65, "specific": 0.55, "shared": 0.35}
_CUE_BONUS = {"prefix": 0.5, "sentence": 0.3, "sentence_after": 0.15, "context": 0.1}
_TITLE_BONUS = 0.05
_CHINA_PENALTY = 0.15
#: A jieba word this frequent is an ordinary word, not a name (黎明 "dawn", 范围 "scope").
_WORD_FREQUENCY = 50
#: A given name this frequent as a word is the word (先生 "Mr", 英雄 "hero").
_GIVEN_WORD_FREQUENCY = 1000
#: A Japanese surname this frequent as a Chinese word (小岛 "islet", 中山) needs Japan in the text.
_COMMON_WORD_FREQUENCY = 100
_COUNTRY = {"ja": "Japan", "ko": "Korea", "vi": "Vietnam"}


def _is_word(text: str, frequency: int = _WORD_FREQUENCY) -> bool:
    """Is ``text`` a word this frequent in jieba's dictionary (to tell where a given name ends)?"""
    return segmenter.tokenizer().FREQ.get(text, 0) >= frequency


_HAN = regex.compile(r"\p{Han}")


@lru_cache(maxsize=1 << 16)
def _is_han(char: str) -> bool:
    return bool(_HAN.match(char))


#: A CC-CEDICT definition of a person: a lifespan or reign, "(1953-)", "(c. 1983-)".
_NOT_PERSON = re.compile(r"\b(?:Dynasty|War|Kingdom|Empire|Period|Era|Clan)\b")


@lru_cache(maxsize=1)
def _cedict_people() -> tuple[dict[str, tuple[str, tuple[str, ...]]], frozenset[str]]:
    """(CC-CEDICT persons of Japan, Korea or Vietnam: head → (origin, names); other persons' heads),
    worked out once, then kept in the cache directory."""
    return remembered(
        "cedict-people", _find_cedict_people, cedict.identity(), f"pypinyin {installed_version('pypinyin')}"
    )


def _find_cedict_people() -> tuple[dict[str, tuple[str, tuple[str, ...]]], frozenset[str]]:
    countries = {"ja": r"\bJapan", "ko": r"\bKorea", "vi": r"\bViet ?nam"}
    foreign: dict[str, tuple[str, tuple[str, ...]]] = {}
    others = set()
    for head, (names, kind, definition) in proper_nouns().items():
        if not 2 <= len(head) <= 5 or _NOT_PERSON.search(names[0]):
            continue
        if kind != "person" and not LIFESPAN.search(definition):
            continue
        origin = next((o for o, pattern in countries.items() if re.search(pattern, definition)), None)
        if origin and _split(origin, head) and not _is_pinyin_of(names[0], head):
            foreign[head] = (origin, tuple(_person_case(n) for n in names if len(n.split()) >= 2) or names)
        else:
            others.add(head)
    return foreign, frozenset(others)


def _person_case(name: str) -> str:
    """'NAKAYAMA Nariaki' → 'Nakayama Nariaki' (CC-CEDICT capitalises some Japanese surnames)."""
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in name.split())


def _is_pinyin_of(name: str, head: str) -> bool:
    """罗盛教 'Luo Chengjiao': a Chinese person CC-CEDICT mentions with Korea."""
    return _letters(name) == "".join(pinyin_syllables(head, person=True))


def _split(origin: str, name: str) -> tuple[str, str] | None:
    """(surname, given) of ``name`` by ``origin``'s inventory, longest surname first."""
    inventory = surnames(origin)
    for length in (3, 2, 1):
        if len(name) > length and name[:length] in inventory:
            return name[:length], name[length:]
    return None


def find_foreign_names(source: str, context: str = "") -> list[ForeignName]:
    """The Vietnamese, Korean and Japanese personal names in ``source`` (a sentence or segment),
    using ``context`` (the document, neighbouring segments) as weaker evidence of the country."""
    text = normalize_zh(source)
    cues = _cues(text, context)
    in_cue = {i for spans in cues.sentence.values() for first, last in spans for i in range(first, last)}
    found: list[ForeignName] = []
    after = 0  # where the last name found ends
    cued = frozenset(origin for origin in ORIGINS if cues.sentence[origin] or origin in cues.context)
    for position in _name_starts(cued).positions(text):
        if position < after or position in in_cue:
            continue
        name = _name_at(text, position, cues)
        if name is not None and not in_cue.intersection(range(name.start, name.end)):
            found.append(name._replace(text=source[name.start : name.end]))
            after = name.end
    return found


@lru_cache(maxsize=2 ** len(ORIGINS))
def _name_starts(cued: frozenset[str]) -> _HeadStarts:
    """Where a name may start: every CC-CEDICT person :func:`_name_at` knows and every surname it
    may find a name by — all of a country the text names (``cued``), only those of its own of any
    other (:func:`_uncued`). A name starts with one of them (about one place in ten holds a first
    character of one, far fewer hold one where no country is named), so only those places need a
    closer look."""
    surnames_used = (s for o in ORIGINS for s in surnames(o) if o in cued or not _shared(o, s))
    heads = frozenset((*_cedict_people()[0], *surnames_used))
    return _HeadStarts(heads)


class _HeadStarts:
    """The places of a text where one of ``heads`` starts, in order, from one scan of an automaton
    over them (looking up each length at every place a head's first character stands cost more
    than the rest of the search for names)."""

    def __init__(self, heads: frozenset[str]) -> None:
        self.heads = heads
        self._automaton = ahocorasick_rs.AhoCorasick(sorted(heads)) if heads else None

    def positions(self, text: str) -> list[int]:
        if self._automaton is None:
            return []
        return sorted({start for _, start, _ in self._automaton.find_matches_as_indexes(text, overlapping=True)})


def _name_at(text: str, start: int, cues: _Cues) -> ForeignName | None:
    if not _is_han(text[start]) or _inside_word(text, start):
        return None
    foreign, _ = _cedict_people()
    for length in (5, 4, 3, 2) if text[start] in _cedict_starts() else ():
        entry = foreign.get(text[start : start + length])
        if entry and _ends_well(text, start + length):
            origin = entry[0]
            split = _split(origin, text[start : start + length])
            assert split is not None  # the table holds only names that split (see _cedict_people)
            surname, given = split
            return ForeignName(
                start,
                start + length,
                "",
                origin,
                surname,
                given,
                _CONFIDENCE["cedict"],
                (f"CC-CEDICT: a person of {_COUNTRY[origin]}",),
            )
    first = text[start]
    candidates = [
        c for origin in ORIGINS if first in _surname_starts(origin) and (c := _candidate(text, start, origin, cues))
    ]
    return max(candidates, key=lambda c: c.confidence, default=None)


@lru_cache(maxsize=1)
def _cedict_starts() -> frozenset[str]:
    """The first characters of CC-CEDICT's persons of Japan, Korea or Vietnam."""
    return frozenset(head[0] for head in _cedict_people()[0])


@cache
def _surname_starts(origin: str) -> frozenset[str]:
    """The first characters of ``origin``'s surnames: no name of that origin starts with another."""
    return frozenset(surname[0] for surname in surnames(origin))


def _inside_word(text: str, start: int) -> bool:
    """``start`` continues a word (示范区: 范 after 示) rather than following one (科学家中村)."""
    if not start or not _is_word(text[start - 1 : start + 1]):
        return False
    return not any(_is_word(text[start - length : start]) for length in (2, 3, 4) if start >= length)


def _candidate(text: str, start: int, origin: str, cues: _Cues) -> ForeignName | None:
    surname = next(
        (
            text[start : start + n]
            for n in (3, 2, 1)
            if text[start : start + n] in surnames(origin) and len(text[start : start + n]) == n
        ),
        None,
    )
    if surname is None or _uncued(origin, surname, cues) or _glued_to_next(text, start + len(surname), origin, surname):
        return None
    given = _given_name(text, start + len(surname), origin)
    if given is None or (not given and (origin != "ja" or len(surname) < 2)):
        return None
    end = start + len(surname) + len(given)
    if text[start:end] in _cedict_people()[1]:
        return None
    if given and _is_word(surname[-1] + given[0]) and not _titled(text, end):  # 黎明 "dawn", but 苏林总书记
        return None
    confidence, evidence = _evidence(text, start, end, origin, surname, cues)
    if confidence <= 0:
        return None
    return ForeignName(start, end, "", origin, surname, given, round(min(confidence, 0.99), 2), evidence)


def _shared(origin: str, surname: str) -> bool:
    """A surname ``origin`` shares with Chinese (or a common Chinese word): its name is one only
    where its country is named (see :func:`_evidence`)."""
    if surname == "阮":
        return False
    return origin != "ja" or surname in _SHARED_JAPANESE or _is_word(surname, _COMMON_WORD_FREQUENCY)


def _uncued(origin: str, surname: str, cues: _Cues) -> bool:
    """A shared surname where neither the sentence nor the context names its country: :func:`_evidence`
    would give it no confidence, so no given name is looked for (most segments name no country)."""
    return not cues.sentence[origin] and origin not in cues.context and _shared(origin, surname)


_GIVEN_LENGTHS = {"ko": (2, 1), "vi": (2, 1, 3), "ja": (2, 3, 1)}


def _glued_to_next(text: str, after: int, origin: str, surname: str) -> bool:
    """The surname's last character makes a word with the next (黎明 "dawn") and no title follows
    where a given name could end, nor a Japanese surname alone: :func:`_candidate` would reject
    whatever given name it found, so none is looked for (about half the surnames found)."""
    if after >= len(text) or not _is_word(surname[-1] + text[after]):
        return False
    if origin == "ja" and len(surname) >= 2 and _titled(text, after):
        return False
    return not any(_titled(text, after + n) for n in _GIVEN_LENGTHS[origin])


def _given_name(text: str, start: int, origin: str) -> str | None:
    """The given name after a surname: the first length usual in ``origin`` that may be a given
    name (:func:`_may_be_given`), preferring one after which the text goes on well (a word, a
    title, punctuation); "" for a Japanese surname that a title follows (岸田首相)."""
    fitting = (
        [n for n in _GIVEN_LENGTHS[origin] if _may_be_given(text, start, n, origin)]
        if _may_open_given(text, start, origin)
        else []
    )
    if not fitting:
        return "" if origin == "ja" and _titled(text, start) else None
    length = next((n for n in fitting if _ends_well(text, start + n)), fitting[0])
    return text[start : start + length]


def _may_open_given(text: str, start: int, origin: str) -> bool:
    """Whether ``text[start]`` may be the first character of a given name in ``origin``: every
    length :func:`_may_be_given` tries asks this first (most surnames found are other characters)."""
    if start >= len(text):
        return False
    first = text[start]
    return first not in _NEVER_GIVEN and _is_han(first) and bool(getattr(char_readings().get(first), origin, ()))


def _may_be_given(text: str, start: int, length: int, origin: str) -> bool:
    """text[start:start + length] has a reading in ``origin`` for each character, starts with no
    function word, holds no title (林总书记), is not a common word (先生), and does not end inside a
    word (朴振举行: 振 + 举行)."""
    given, end = text[start : start + length], start + length
    table = char_readings()
    if (
        len(given) != length
        or given[0] in _NEVER_GIVEN
        or given[-1] in _NEVER_LAST
        or _NEVER_INSIDE.intersection(given)
    ):
        return False
    if not all(_is_han(c) and getattr(table.get(c), origin, ()) for c in given):
        return False
    if any(_titled(text, i) for i in range(start, end)) or (length > 1 and _is_word(given, _GIVEN_WORD_FREQUENCY)):
        return False
    return end >= len(text) or not _is_word(text[end - 1 : end + 1])


def _ends_well(text: str, end: int) -> bool:
    """A name may end at ``end``: the text stops, leaves Han, or goes on with a word or a title."""
    if end >= len(text) or not _is_han(text[end]):
        return True
    return text[end] in _NEVER_GIVEN or _is_word(text[end : end + 2]) or _titled(text, end)


def _titled(text: str, end: int) -> bool:
    return text.startswith(_TITLES, end)


def _evidence(text: str, start: int, end: int, origin: str, surname: str, cues: _Cues) -> tuple[float, tuple[str, ...]]:
    """Confidence that text[start:end] is a name of ``origin``, and why (0 when it is not one)."""
    country = _COUNTRY[origin]
    prefix = _prefix_country(text, start, cues.sentence)
    common_word = origin == "ja" and _is_word(surname, _COMMON_WORD_FREQUENCY)
    if surname == "阮" or (origin == "ja" and surname not in _SHARED_JAPANESE and not common_word):
        confidence = _CONFIDENCE.get(surname, _CONFIDENCE["specific"])
        evidence = [f"{surname} is a surname of {country}"]
    else:
        if prefix == "zh":
            return 0.0, ()
        confidence = _CONFIDENCE["shared"]
        evidence = [f"{surname} is a surname of {country} and a Chinese " + ("word" if common_word else "surname")]
    spans = cues.sentence[origin]
    if prefix == origin:
        confidence += _CUE_BONUS["prefix"]
        evidence.append(f"introduced by a word of {country}")
    elif any(first < start for first, _ in spans):
        confidence += _CUE_BONUS["sentence"]
        evidence.append(f"{country} named in the sentence")
    elif spans:
        confidence += _CUE_BONUS["sentence_after"]
        evidence.append(f"{country} named later in the sentence")
    elif origin in cues.context:
        confidence += _CUE_BONUS["context"]
        evidence.append(f"{country} named in the context")
    elif confidence == _CONFIDENCE["shared"]:
        return 0.0, ()
    if _titled(text, end):
        confidence += _TITLE_BONUS
        evidence.append("followed by a title")
    if cues.sentence["zh"] and prefix != origin and confidence < _CONFIDENCE["cedict"]:
        confidence -= _CHINA_PENALTY
        evidence.append("China named in the sentence")
    return confidence, tuple(evidence)


# --- readings ------------------------------------------------------------------------------------


class _Unit(NamedTuple):
    """One character of a name: its spellings in the name's language and in Mandarin, folded
    (lower case, no diacritics)."""

    foreign: frozenset[str]
    mandarin: frozenset[str]


def _fold(text: str, origin: str = "") -> str:
    """Lower case without diacritics (đ → d); for Japanese, long vowels short (Itō, Itoh, Itou → ito)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    if origin == "ja":
        folded = re.sub(r"oh(?![aeiou])", "o", folded)
        folded = re.sub(r"m(?=[bmp])", "n", folded.replace("ou", "o").replace("oo", "o").replace("uu", "u"))
    return folded


def _letters(text: str) -> str:
    return "".join(ch for ch in _fold(text) if ch.isalpha())


@lru_cache(maxsize=4096)
def _mandarin_syllables(char: str, surname: bool) -> tuple[str, ...]:
    """Toneless pinyin of ``char``, the usual reading first, then its other readings (heteronyms),
    and Wade–Giles (雄 hsiung)."""
    first = SURNAME_READINGS.get(char) if surname else None
    readings = [first] if first else []
    for reading in heteronym_readings(char)[0] if _is_han(char) else []:
        readings += [reading.replace("ü", "v"), reading.replace("ü", "u")]
    if not surname:
        readings.insert(0, pinyin_syllables(char)[0] if pinyin_syllables(char) else "")
    readings += wade_giles_syllables(char)
    return tuple(dict.fromkeys(r for r in readings if r))


class _Part(NamedTuple):
    """A surname or given name: its characters, and spellings of the whole part (Kishida, Nakamura)."""

    units: tuple[_Unit, ...]
    whole: frozenset[str] = frozenset()


def _parts(name: ForeignName) -> tuple[_Part, _Part]:
    """(surname, given name) of ``name``, ready to be spelled."""
    known = frozenset(_fold(s, name.origin) for s in _surname_spellings(name.origin, name.surname))
    units = tuple(_char_unit(name.origin, c, i, surname=True) for i, c in enumerate(name.surname))
    # a one-character surname: its usual spellings only (Lee, Yi, Rhee)
    surname = _Part((_Unit(known, units[0].mandarin),)) if len(units) == 1 and known else _Part(units, known)
    return surname, _Part(tuple(_char_unit(name.origin, c, i, surname=False) for i, c in enumerate(name.given)))


def _char_unit(origin: str, char: str, index: int, surname: bool) -> _Unit:
    readings = getattr(char_readings().get(char), origin, ())
    if origin == "vi":
        foreign = {_fold(r) for r in readings}
    elif origin == "ko":
        foreign = {v for hangul in readings for v in korean_spellings(hangul, initial=surname)}
    else:
        foreign = {_fold(r, "ja") for r in readings}
        if index:  # rendaku: the second character of a Japanese name part may voice (岸田 Kishida)
            foreign |= {_fold(v, "ja") for r in readings for v in _rendaku(r)}
    mandarin = frozenset(_mandarin_syllables(char, surname and index == 0))
    return _Unit(frozenset(foreign), mandarin)


_RENDAKU = (
    ("sh", "j"),
    ("ch", "j"),
    ("ts", "z"),
    ("k", "g"),
    ("s", "z"),
    ("t", "d"),
    ("h", "b"),
    ("h", "p"),
    ("f", "b"),
    ("f", "p"),
)


def _rendaku(reading: str) -> set[str]:
    return {voiced + reading[len(plain) :] for plain, voiced in _RENDAKU if reading.startswith(plain)}


# Revised Romanization of hangul jamo, and the other spellings English gives each (Seok, Suk, Sok).
_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
_VOWELS = (
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
)
_FINALS = (
    "",
    "k",
    "k",
    "k",
    "n",
    "n",
    "n",
    "t",
    "l",
    "k",
    "m",
    "l",
    "l",
    "l",
    "p",
    "l",
    "m",
    "p",
    "p",
    "t",
    "t",
    "ng",
    "t",
    "t",
    "k",
    "t",
    "p",
    "t",
)
_INITIAL_VARIANTS = {
    "g": ("g", "k"),
    "d": ("d", "t"),
    "b": ("b", "p"),
    "j": ("j", "ch"),
    "r": ("r", "l"),
    "kk": ("kk", "gg", "k"),
    "tt": ("tt", "dd", "t"),
    "pp": ("pp", "bb", "p"),
    "ss": ("ss", "s"),
}
_VOWEL_VARIANTS = {
    "eo": ("eo", "u", "o"),
    "yeo": ("yeo", "yu", "yo", "you"),
    "u": ("u", "oo"),
    "eu": ("eu", "u"),
    "oe": ("oe", "oi"),
    "ui": ("ui", "ee", "eui"),
    "i": ("i", "ee"),
    "yu": ("yu", "yoo"),
}
_FINAL_VARIANTS = {"k": ("k", "g", "ck"), "p": ("p", "b"), "t": ("t", "d")}


@lru_cache(maxsize=8192)
def korean_spellings(hangul: str, initial: bool = False) -> tuple[str, ...]:
    """English spellings of one hangul syllable, Revised Romanization first (석 → seok, suk, sok…).
    Inside a given name an initial ㄹ may also drop or become ㄴ (렬 → ryeol, yeol)."""
    code = ord(hangul) - 0xAC00
    if not 0 <= code < 11172:
        return ()
    lead, vowel, final = _INITIALS[code // 588], _VOWELS[code % 588 // 28], _FINALS[code % 28]
    leads = list(_INITIAL_VARIANTS.get(lead, (lead,)))
    if lead == "s" and vowel[:1] in ("i", "y", "w"):
        leads.append("sh")
    if lead == "r" and not initial:
        leads.append("" if vowel[:1] in ("i", "y") else "n")
    spellings = (
        a + b + c
        for a in leads
        for b in _VOWEL_VARIANTS.get(vowel, (vowel,))
        for c in _FINAL_VARIANTS.get(final, (final,))
    )
    return tuple(dict.fromkeys(spellings))


_MAX_READINGS = 24


def readings(name: ForeignName) -> tuple[str, ...]:
    """English renderings of ``name``, the likeliest first (at most 24): CC-CEDICT's when it knows the
    person, then readings built from the characters; Japanese given name first and surname first,
    Korean surname first (given name hyphenated, spaced, joined), Vietnamese plain and with diacritics.
    :func:`judge` accepts these with any spacing, hyphenation, case and diacritics, and more spellings."""
    known = _cedict_people()[0].get(normalize_zh(name.text), (None, ()))[1]
    built = {"vi": _vietnamese_readings, "ko": _korean_readings, "ja": _japanese_readings}[name.origin](name)
    return tuple(dict.fromkeys([*known, *built]))[:_MAX_READINGS]


def _vietnamese_readings(name: ForeignName) -> Iterator[str]:
    surnames_ = VIETNAMESE_SURNAME_READINGS.get(name.surname) or _char_list(name.surname, "vi")[0]
    given = _char_list(name.given, "vi")
    combos = [" ".join(w.capitalize() for w in (s, *g)) for s in surnames_ for g in product(*given)]
    yield from dict.fromkeys(_fold(c).title() for c in combos)
    yield from combos


def _char_list(text: str, origin: str) -> list[tuple[str, ...]]:
    return [getattr(char_readings().get(c), origin, ()) or (c,) for c in text]


def _korean_readings(name: ForeignName) -> Iterator[str]:
    surnames_ = KOREAN_SURNAME_READINGS.get(name.surname) or tuple(
        korean_spellings(h, initial=True)[0].capitalize() for h in _char_list(name.surname, "ko")[0][:1]
    )
    syllables = [[korean_spellings(h)[0] for h in hanguls[:2]] for hanguls in _char_list(name.given, "ko")]
    givens = [list(g) for g in product(*syllables)] or [[]]
    for given in givens:
        for surname in surnames_[:3]:
            if not given:
                yield surname
                continue
            yield f"{surname} {'-'.join(given).capitalize()}"
            yield f"{surname} {' '.join(s.capitalize() for s in given)}"
            yield f"{surname} {''.join(given).capitalize()}"
    for given in givens[:1]:
        if given:
            yield f"{'-'.join(given).capitalize()} {surnames_[0]}"


def _japanese_readings(name: ForeignName) -> Iterator[str]:
    surnames_ = _surname_spellings("ja", name.surname) or tuple(
        "".join(c).capitalize() for c in product(*[r[:2] for r in _char_list(name.surname, "ja")])
    )
    if not name.given:
        yield from surnames_
        return
    givens = ["".join(c).capitalize() for c in product(*[r[:3] for r in _japanese_given_readings(name.given)])]
    for given in givens:
        for surname in surnames_[:2]:
            yield f"{given} {surname}"
            yield f"{surname} {given}"


#: Readings frequent in Japanese given names, the commonest first: suggestions try them first.
_NAME_READING_RANK = {
    reading: rank
    for rank, reading in enumerate(
        "ro ko o ichi ji ta jun shin sho shu kazu hiro masa yoshi taka toshi hide nori aki ken kei zo hei fumi haru "  # noqa: SIM905 (kept as words)
        "nobu yuki tomo mitsu yasu tada michi shige sada kiyo nao tetsu ya ki hiko hito suke yu to mi ka e na "
        "ri sa ma tsugu".split()
    )
}


#: Readings that end a given name (Fumio, Yuriko, Ichiro), not begin one.
_NAME_ENDINGS = frozenset({"o", "ko", "ro"})


def _japanese_given_readings(given: str) -> list[list[str]]:
    """Each character's readings with long vowels shortened, the frequent name readings first."""
    rows = []
    for index, readings_ in enumerate(_char_list(given, "ja")):
        folded = list(dict.fromkeys(_fold(r, "ja") for r in readings_))
        rank = {r: n for r, n in _NAME_READING_RANK.items() if index or r not in _NAME_ENDINGS}
        rows.append(sorted(folded, key=lambda r: (rank.get(r, len(_NAME_READING_RANK)), folded.index(r))))
    return rows


def mandarin_readings(name: ForeignName) -> tuple[str, ...]:
    """The pinyin renderings MT systems give ``name``: the full name in either order, given name
    joined, spaced or hyphenated, and a given name of two or more characters alone (岸田文雄 →
    "An Tian Wenxiong", "Antian Wenxiong", "Wenxiong Antian"…, "Wenxiong")."""
    surname = [s.capitalize() for s in pinyin_syllables(name.surname, person=True)]
    given = list(pinyin_syllables(name.given))
    surnames_ = dict.fromkeys(["".join(surname).capitalize(), " ".join(surname)])
    givens = (
        dict.fromkeys(
            ["".join(given).capitalize(), " ".join(g.capitalize() for g in given), "-".join(given).capitalize()]
        )
        if given
        else {}
    )
    forms = [f"{s} {g}" for s in surnames_ for g in givens] + [f"{g} {s}" for s in surnames_ for g in givens]
    if len(given) >= 2:
        forms.append("".join(given).capitalize())
    if not given:
        forms += list(surnames_)
    return tuple(dict.fromkeys(forms))


# --- judging a target ----------------------------------------------------------------------------

_TOKENS = regex.compile(r"[\p{L}\p{M}]+")
_TIGHT_GAP = regex.compile(r"\s*[-‐‑'’]?\s*")


class _Match(NamedTuple):
    first: int  # token indices, end exclusive
    last: int
    mandarin: int  # units read in Mandarin
    foreign: int  # units read in the name's language (a spelling that is both counts as neither)


def judge(name: ForeignName, target: str) -> Judgement:
    """Does the English ``target`` render ``name`` acceptably, in Mandarin, partly in Mandarin (one
    part read each way: "Pham Minh Zheng", "Kishida Wenxiong"), or can it not tell (``unknown``:
    nothing like the name, or the surname with another given name, "Pham Minh Triet")? Case,
    hyphens, spaces and diacritics do not matter; pinyin and Wade–Giles count as Mandarin."""
    tokens = [(m.start(), m.end(), _fold(m.group(), name.origin)) for m in _TOKENS.finditer(target)]
    if not tokens:
        return Judgement("unknown", "", None, "no words in the target")
    surname, given = _parts(name)
    orders = [[surname, given], [given, surname]] if given.units else [[surname]]
    full = [m for order in orders for m in _matches(tokens, target, order)]
    verdict = _best(full, target, tokens)
    if verdict:
        return verdict
    if given.units:
        verdict = _surname_with_other_given(tokens, target, surname, given)
        if verdict:
            return verdict
    alone = []
    if len(given.units) >= 2:
        alone += [(m, "given name alone") for m in _matches(tokens, target, [given])]
    if given.units:
        alone += [
            (m, "surname alone")
            for m in _matches(tokens, target, [surname])
            if (m.foreign and not m.mandarin and _capitalised(target, tokens, m))
            or (m.mandarin and not m.foreign and len(surname.units) >= 2)
        ]
    if name.origin == "vi" and given.units:  # Vietnamese are named by the last syllable (Prime Minister Chinh)
        last = _Part(given.units[-1:])
        alone += [
            (m, "last given syllable alone")
            for m in _matches(tokens, target, [last])
            if m.foreign and not m.mandarin and _capitalised(target, tokens, m)
        ]
    if alone:
        match, detail = min(alone, key=lambda pair: (_RANK[_category(pair[0])], pair[0].first))
        return _judgement(match, target, tokens, detail)
    return Judgement("unknown", "", None, "no rendering of the name found")


def _surname_with_other_given(tokens, target: str, surname: _Part, given: _Part) -> Judgement | None:
    """The surname next to capitalised words that do not spell the given name: partly Mandarin
    when one of them is pinyin of it ("Nguyen Xiong Thanh"), else unknown ("Pham Minh", "Pham Minh
    Triet", "Shuoji Nakamura": incomplete or another name)."""
    for match in _matches(tokens, target, [surname]):
        following = _following_capitalised(tokens, target, match.last, len(given.units))
        before = _foreign_word_before(tokens, target, match.first)
        others = following or before
        if not others:
            continue
        words = [tokens[i][2] for i in others]
        mandarin = sum(any(m and not f for _, m, f in _spell_any(word, given.units)) for word in words)
        foreign = sum(any(f and not m for _, m, f in _spell_any(word, given.units)) for word in words)
        first, last = min(others[0], match.first), max(others[-1], match.last - 1)
        start, end = tokens[first][0], tokens[last][1]
        if mandarin:
            verdict = "partly_mandarin" if match.foreign or foreign else "mandarin"
            return Judgement(verdict, target[start:end], (start, end), "given name partly in pinyin")
        if match.foreign and not match.mandarin:
            incomplete = foreign == len(words) < len(given.units)
            detail = "given name incomplete" if incomplete else "surname with a given name not recognised"
            return Judgement("unknown", target[start:end], (start, end), detail)
    return None


def _following_capitalised(tokens, target: str, index: int, most: int) -> list[int]:
    found: list[int] = []
    while (
        index < len(tokens)
        and len(found) < most
        and _tight(target, tokens, index)
        and target[tokens[index][0]].isupper()
    ):
        found.append(index)
        index += 1
    return found


#: A capitalised word rarer than this in English (Zipf scale) may be a given name (Shuoji Nakamura).
_ENGLISH_ZIPF = 3.0


def _foreign_word_before(tokens, target: str, index: int) -> list[int]:
    """The capitalised word right before token ``index`` when it is not an English word."""
    if index == 0 or not _tight(target, tokens, index) or not target[tokens[index - 1][0]].isupper():
        return []
    word = target[tokens[index - 1][0] : tokens[index - 1][1]]
    return [index - 1] if zipf_frequency(word) < _ENGLISH_ZIPF else []


def _spell_any(word: str, units: tuple[_Unit, ...]) -> list[tuple[int, int, int]]:
    """Ways ``word`` spells a run of consecutive ``units``, starting at any of them."""
    return [r for start in range(len(units)) for r in _spell_word(word, units, start)]


_RANK = {"accepted": 0, "partly_mandarin": 1, "mandarin": 2}


def _category(match: _Match) -> str:
    if match.mandarin == 0:
        return "accepted"
    return "mandarin" if match.foreign == 0 else "partly_mandarin"


def _best(matches: list[_Match], target: str, tokens) -> Judgement | None:
    if not matches:
        return None
    best = min(matches, key=lambda m: (_RANK[_category(m)], m.first))
    return _judgement(best, target, tokens, "full name")


def _judgement(match: _Match, target: str, tokens, detail: str) -> Judgement:
    start, end = tokens[match.first][0], tokens[match.last - 1][1]
    category = _category(match)
    if category == "partly_mandarin":
        detail += ", partly in pinyin"
    elif category == "mandarin":
        detail += " in pinyin"
    return Judgement(category, target[start:end], (start, end), detail)


def _capitalised(target: str, tokens, match: _Match) -> bool:
    return target[tokens[match.first][0]].isupper()


def _matches(tokens, target: str, parts: list[_Part]) -> Iterator[_Match]:
    """Every run of target tokens that spells ``parts`` in order, each token one or more units of a
    part, tokens of a part and parts apart only by a space, hyphen or apostrophe."""
    for first in range(len(tokens)):
        for last, mandarin, foreign in _spell_parts(tokens, target, first, parts):
            yield _Match(first, last, mandarin, foreign)


def _spell_parts(tokens, target, index: int, parts) -> Iterable[tuple[int, int, int]]:
    if not parts:
        return [(index, 0, 0)]
    results = []
    for end, mandarin, foreign in _spell_units(tokens, target, index, parts[0], 0):
        if len(parts) > 1 and (end >= len(tokens) or not _tight(target, tokens, end)):
            continue
        for last, m2, f2 in _spell_parts(tokens, target, end, parts[1:]):
            results.append((last, mandarin + m2, foreign + f2))
    return _least_mandarin(results)


def _spell_units(tokens, target, index: int, part: _Part, first_unit: int) -> list[tuple[int, int, int]]:
    """(token index after, Mandarin units, foreign units) for each way tokens from ``index`` spell
    ``part`` from its unit ``first_unit`` on."""
    if index >= len(tokens):
        return []
    results = []
    if first_unit == 0 and tokens[index][2] in part.whole:
        results.append((index + 1, 0, len(part.units)))
    for next_unit, mandarin, foreign in _spell_word(tokens[index][2], part.units, first_unit):
        if next_unit == len(part.units):
            results.append((index + 1, mandarin, foreign))
        elif index + 1 < len(tokens) and _tight(target, tokens, index + 1):
            results += [
                (end, mandarin + m2, foreign + f2)
                for end, m2, f2 in _spell_units(tokens, target, index + 1, part, next_unit)
            ]
    return _least_mandarin(results)


def _spell_word(word: str, units: tuple[_Unit, ...], first_unit: int) -> list[tuple[int, int, int]]:
    """(unit index after, Mandarin units, foreign units) for each way ``word`` spells units from
    ``first_unit`` on, whole."""
    if first_unit >= len(units):
        return []
    results = []
    unit = units[first_unit]
    for spelling in unit.foreign | unit.mandarin:
        if not spelling or not word.startswith(spelling):
            continue
        is_foreign, is_mandarin = spelling in unit.foreign, spelling in unit.mandarin
        mandarin, foreign = int(is_mandarin and not is_foreign), int(is_foreign and not is_mandarin)
        rest = word[len(spelling) :]
        if not rest:
            results.append((first_unit + 1, mandarin, foreign))
        else:
            results += [
                (after, mandarin + m2, foreign + f2) for after, m2, f2 in _spell_word(rest, units, first_unit + 1)
            ]
    return _least_mandarin(results)


def _least_mandarin(results: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """For each end, the reading with the fewest Mandarin units (then the most foreign ones)."""
    best: dict[int, tuple[int, int, int]] = {}
    for end, mandarin, foreign in results:
        if end not in best or (mandarin, -foreign) < (best[end][1], -best[end][2]):
            best[end] = (end, mandarin, foreign)
    return list(best.values())


def _tight(target: str, tokens, index: int) -> bool:
    """Token ``index`` follows the one before it with only a space, hyphen or apostrophe between."""
    gap = target[tokens[index - 1][1] : tokens[index][0]]
    return bool(gap) and _TIGHT_GAP.fullmatch(gap) is not None
