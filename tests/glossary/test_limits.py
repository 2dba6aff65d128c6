"""The glossary's limits (a form's length, an entry's forms) in every format: past them an entry is
refused with its file and line, and the environment variable that raises a limit is read when
each file is loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.errors import GlossaryError
from mtaudit.glossary import load_glossary

LONG = "Janet Louise Yellen " * 60  # 1,200 characters: past the 1,000 a form may have


def _csv(target: str, forbidden: str = "") -> str:
    return f"source,target,forbidden\n拜登,Joe Biden,\n耶伦,{target},{forbidden}\n"


def _yaml(target: str, forbidden: str = "") -> str:
    listed = "[" + ", ".join(f'"{form}"' for form in forbidden.split("|") if form) + "]"
    return (
        "entries:\n"
        "  - {source: 拜登, target: Joe Biden}\n"
        f'  - {{source: 耶伦, target: "{target}", forbidden: {listed}}}\n'
    )


def _tbx(target: str, forbidden: str = "") -> str:
    deprecated = "".join(
        f'<tig><term>{form}</term><termNote type="normativeAuthorization">deprecatedTerm</termNote></tig>'
        for form in forbidden.split("|")
        if form
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dct" xml:lang="en"><text><body>\n'
        '<conceptEntry id="biden"><langSec xml:lang="zh"><termSec><term>拜登</term></termSec></langSec>'
        '<langSec xml:lang="en"><termSec><term>Joe Biden</term></termSec></langSec></conceptEntry>\n'
        '<conceptEntry id="yellen"><langSec xml:lang="zh"><termSec><term>耶伦</term></termSec></langSec>'
        f'<langSec xml:lang="en"><termSec><term>{target}</term></termSec>{deprecated}</langSec></conceptEntry>\n'
        "</body></text></tbx>\n"
    )


#: Each format, and the line of the second entry (Yellen) in it.
FORMATS = {"g.csv": (_csv, 3), "g.yaml": (_yaml, 3), "g.tbx": (_tbx, 4)}


@pytest.mark.parametrize("name", list(FORMATS))
def test_a_form_past_the_limit_is_refused_with_its_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    write, line = FORMATS[name]
    path.write_text(write(LONG.strip()), encoding="utf-8")
    with pytest.raises(GlossaryError, match="'target' form is longer than 1,000 characters") as info:
        load_glossary(path)
    assert info.value.path == str(path) and info.value.line == line
    assert "MTAUDIT_MAX_TERM_CHARS raises it" in info.value.message


@pytest.mark.parametrize("name", list(FORMATS))
def test_the_limits_are_read_at_each_load(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / name
    write, line = FORMATS[name]
    path.write_text(write(LONG.strip(), "Yurun|Yelun|Ye Lun"), encoding="utf-8")
    monkeypatch.setenv("MTAUDIT_MAX_TERM_CHARS", "2000")
    assert load_glossary(path).entries[1].target == LONG.strip()
    monkeypatch.setenv("MTAUDIT_MAX_ENTRY_FORMS", "4")  # 耶伦, the target and three forbidden forms: five
    with pytest.raises(GlossaryError, match="more forms than 4 forms") as info:
        load_glossary(path)
    assert info.value.line == line
