"""pypinyin over the prepared dictionaries reads every text as pypinyin imported as usual does
(each in a process of its own: one process holds one pypinyin)."""

from __future__ import annotations

import json
import subprocess
import sys

from mtaudit.glossary import load_glossaries
from tests.glossary.test_segmenter import sentences

#: What mtaudit asks pypinyin (toneless, Wade–Giles, every reading) and pypinyin's default, for
#: the texts on stdin; with PREPARED first, over the prepared dictionaries.
READINGS = """
import json, sys
from pypinyin import Style, lazy_pinyin, pinyin
from pypinyin.phrases_dict import phrases_dict
texts = json.load(sys.stdin)
print(json.dumps({"kind": type(phrases_dict).__name__, "readings": [
    [lazy_pinyin(t, style=Style.NORMAL, errors="ignore"), lazy_pinyin(t, style=Style.WADEGILES, errors="ignore"),
     pinyin(t, style=Style.NORMAL, heteronym=True, errors="ignore"), pinyin(t)] for t in texts]}))
"""
PREPARED = "from mtaudit.glossary.pinyin_data import pypinyin; pypinyin()\n"


def texts() -> list[str]:
    """Sentences, every source form of the bundled glossary, and characters with several readings."""
    forms = [form for entry in load_glossaries() for form in entry.sources]
    return sentences() + forms + list("曾单解区仇朴查盖乐种重长行音乐银行中国人民")


def _read(texts: list[str], prelude: str = "") -> dict:
    done = subprocess.run(
        [sys.executable, "-c", prelude + READINGS],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return json.loads(done.stdout)


def test_readings_are_those_of_pypinyin_imported_as_usual() -> None:
    chosen = texts()
    usual, prepared = _read(chosen), _read(chosen, PREPARED)
    assert usual["kind"] == "dict" and prepared["kind"] == "Phrases"
    assert prepared["readings"] == usual["readings"]


def test_the_prepared_tables_are_pypinyins() -> None:
    script = (
        "import json, sys{}\nfrom pypinyin.pinyin_dict import pinyin_dict as d\n"
        "from pypinyin.phrases_dict import phrases_dict as p\n"
        "print(json.dumps([{{str(k): v for k, v in d.items()}}, dict(p.items()), '一丁不' in p, len(p)]))"
    )
    usual, prepared = (
        json.loads(
            subprocess.run(
                [sys.executable, "-c", script.format(prelude)],
                capture_output=True,
                text=True,
                encoding="utf-8",
                check=True,
            ).stdout
        )
        for prelude in ("", "; " + PREPARED.strip())
    )
    assert prepared == usual and usual[2] is False
