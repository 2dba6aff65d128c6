"""Hong Kong spellings of Cantonese readings, the way the government romanises names."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from mtaudit.glossary.cantonese import hong_kong_spellings, readings, spellings


@pytest.mark.parametrize(
    ("jyutping", "spelt"),
    [
        ("can4", "chan"),
        ("zoeng1", "cheung"),
        ("cang4", "tsang"),
        ("loeng4", "leung"),
        ("jyu4", "yu"),
        ("kyun4", "kuen"),
        ("jyut6", "yuet"),
        ("gwok3", "kwok"),
        ("san1", "sun"),  # a short a is often u
        ("ng4", "ng"),
    ],
)
def test_spellings(jyutping: str, spelt: str) -> None:
    assert spelt in spellings(jyutping)


def test_an_unknown_syllable_has_no_spelling() -> None:
    assert spellings("xyz9") == frozenset()


@pytest.mark.parametrize(
    ("char", "spelt", "reads"),
    [
        ("先", "sin", True),
        ("先", "sun", False),  # 新 is sun, 先 is not
        ("效", "hau", True),
        ("效", "siu", False),
        ("嘉", "ka", True),
        ("诚", "shing", True),
        ("瑜", "yu", True),
    ],
)
def test_hong_kong_spellings_of_a_character(char: str, spelt: str, reads: bool) -> None:
    assert (spelt in hong_kong_spellings(char)) is reads


def test_the_prepared_readings_are_tojyutpings_for_every_character() -> None:
    """Every character ToJyutping reads, the whole CJK block and a few others: the packed table
    answers as ToJyutping does (none where it has none)."""
    from ToJyutping import Trie, get_jyutping_candidates

    characters = sorted({*Trie.root, *map(chr, range(0x4E00, 0xA000)), *"a1，〇𠀀"})
    assert len(characters) > 30_000
    expected = {char: tuple(r for _, found in get_jyutping_candidates(char) for r in found) for char in characters}
    assert {char: readings(char) for char in characters} == expected
    assert expected["陈"] == ("can4", "can2", "zan6") and expected["a"] == ()


def test_prepared_readings_do_not_import_tojyutping() -> None:
    readings("陈")  # prepared in the tests' cache directory, which the child shares
    script = (
        "import json, sys\nfrom mtaudit.glossary.cantonese import hong_kong_spellings\n"
        "print(json.dumps([sorted(hong_kong_spellings('陈')), 'ToJyutping' in sys.modules]))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8", check=True)
    assert json.loads(done.stdout) == [["chan", "chun", "jan", "jun", "tsan", "tsun", "tzan", "tzun"], False]
