"""How Hong Kong writes a character of a name: its Cantonese readings (Jyutping, from ``ToJyutping``)
spelt the way the Hong Kong government romanises names ("Chan Hoi-sin" for 陈凯先, "Leung Chun-ying"
for 梁振英), so that a hyphenated given name can be checked syllable by syllable, as pinyin is.

The spelling is a set of forms per Jyutping initial and final: Hong Kong spells one sound several
ways (张 zoeng Cheung, 曾 cang Tsang, 李 lei Lee or Li, 新 san Sun or San), and every way it uses is
accepted. The tables are ours, written from those conventions.

Importing ToJyutping builds its whole phrase trie (0.9 s, 72 MiB), in every worker process that
meets such a name; only the readings of single characters are used here, so they are packed once
in the cache directory (:mod:`mtaudit.packed`) from ToJyutping's own answers and mapped from there.
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from mtaudit.cachedir import Prepared, default_cache_dir, installed_version
from mtaudit.packed import PackedMapping, pack

#: Bumped when the prepared files change.
FORMAT = 1

#: Jyutping initials, two letters first, and how Hong Kong spells each.
_INITIALS = {
    "gw": ("kw",),
    "kw": ("kw",),
    "ng": ("ng",),
    "b": ("p", "b"),
    "p": ("p",),
    "m": ("m",),
    "f": ("f",),
    "d": ("t", "d"),
    "t": ("t",),
    "n": ("n",),
    "l": ("l",),
    "g": ("k", "g"),
    "k": ("k",),
    "h": ("h",),
    "w": ("w",),
    "z": ("ch", "ts", "tz", "j"),
    "c": ("ch", "ts", "tz"),
    "s": ("s", "sh"),
    "j": ("y",),
}
#: Jyutping finals and how Hong Kong spells each (short a is often u: 新 san "Sun", 森 sam "Sum").
_FINALS = {
    "aa": ("a", "ah", "ar"),
    "aai": ("ai",),
    "aau": ("au", "ao"),
    "aam": ("am",),
    "aan": ("an",),
    "aang": ("ang",),
    "aap": ("ap",),
    "aat": ("at",),
    "aak": ("ak",),
    "ai": ("ai", "ei"),
    "au": ("au", "ow", "ou"),
    "am": ("am", "um", "om"),
    "an": ("an", "un"),
    "ang": ("ang",),
    "ap": ("ap", "up"),
    "at": ("at", "ut"),
    "ak": ("ak",),
    "e": ("e", "eh"),
    "ei": ("ei", "ee", "i", "ey"),
    "eng": ("eng",),
    "ek": ("ek",),
    "eu": ("eu",),
    "i": ("i", "ee", "y", "ze", "z"),
    "iu": ("iu",),
    "im": ("im",),
    "in": ("in",),
    "ing": ("ing",),
    "ip": ("ip",),
    "it": ("it",),
    "ik": ("ik",),
    "o": ("o", "oh", "or"),
    "oi": ("oi", "oy"),
    "ou": ("o", "ou", "oh"),
    "on": ("on",),
    "ong": ("ong",),
    "ot": ("ot",),
    "ok": ("ok",),
    "u": ("u", "oo"),
    "ui": ("ui", "ooi"),
    "un": ("un", "oon"),
    "ung": ("ung",),
    "ut": ("ut",),
    "uk": ("uk",),
    "oe": ("oe", "euh"),
    "oeng": ("eung",),
    "oek": ("euk", "eok"),
    "eoi": ("ui", "eui", "ue", "oi"),
    "eon": ("un", "eun"),
    "eot": ("ut", "eut"),
    "yu": ("u", "ue", "yu", "ui"),
    "yun": ("un", "uen", "yun"),
    "yut": ("ut", "uet", "yut"),
}
#: Syllables that are a nasal alone.
_SYLLABIC = frozenset({"m", "ng"})
_SYLLABLE = re.compile(r"^(gw|kw|ng|[bpmfdtnlgkhwzcsj])?([a-z]+?)[1-6]$")


def spellings(jyutping: str) -> frozenset[str]:
    """The Hong Kong spellings of one Jyutping syllable (``hoi2`` → hoi, ``zoeng1`` → cheung,
    tseung…); none for a syllable the tables do not know."""
    if jyutping[:-1] in _SYLLABIC:
        return frozenset({jyutping[:-1]})  # 吴 ng4 "Ng", 唔 m4
    match = _SYLLABLE.match(jyutping)
    if match is None:
        return frozenset()
    initial, final = match.group(1) or "", match.group(2)
    finals = _FINALS.get(final, ())
    if initial == "j" and final.startswith("yu"):  # 余 jyu4: Yu, Yue, and Macau's U
        return frozenset({f if f.startswith("y") else "y" + f for f in finals} | set(finals))
    return frozenset(i + f for i in _INITIALS.get(initial, ("",)) for f in finals)


@lru_cache(maxsize=8192)
def hong_kong_spellings(char: str) -> frozenset[str]:
    """Every Hong Kong spelling of a character's Cantonese readings (陈 chan, 先 sin, 效 hau…)."""
    return frozenset(spelt for reading in readings(char) for spelt in spellings(reading))


def readings(char: str) -> tuple[str, ...]:
    """A character's Cantonese readings in Jyutping, as ToJyutping gives them (陈 can4 can2 zan6)."""
    return _readings_table().get(char, ())


@lru_cache(maxsize=1)
def _readings_table() -> PackedMapping[tuple[str, ...]]:
    files = Prepared(default_cache_dir() / "jyutping" / _identity(), _prepare).files()
    return PackedMapping(files, "characters", tuple)


def _identity() -> str:
    """What names ToJyutping's dictionary: its version and its data file's size and time."""
    stat = _trie_file().stat()
    return f"ToJyutping-{installed_version('ToJyutping')}-{stat.st_size}-{stat.st_mtime_ns}-v{FORMAT}"


def _trie_file() -> Path:
    """ToJyutping's dictionary file (found without importing ToJyutping)."""
    spec = importlib.util.find_spec("ToJyutping")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("ToJyutping")
    return Path(next(iter(spec.submodule_search_locations))) / "trie.txt"


def _prepare() -> dict[str, bytes]:
    """Every character ToJyutping reads alone, with its readings as ToJyutping answers for it."""
    from ToJyutping import Trie, get_jyutping_candidates  # deferred: 0.9 s and 72 MiB to build its trie

    characters = (char for char, node in Trie.root.items() if node.v)
    return pack(((char, found) for char in characters for _, found in get_jyutping_candidates(char)), "characters")
