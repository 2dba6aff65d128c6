"""TBX v2 (martif) and v3 glossaries: reading, writing, and refusing hostile XML."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.errors import MtauditError
from mtaudit.glossary import load_glossary, save_glossary

TBX2 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en">
 <martifHeader><fileDesc><sourceDesc><p>our test file</p></sourceDesc></fileDesc></martifHeader>
 <text><body>
  <termEntry id="yellen">
   <descrip type="subjectField">person</descrip>
   <note>US Treasury Secretary</note>
   <langSet xml:lang="zh-CN"><tig><term>耶伦</term></tig></langSet>
   <langSet xml:lang="zh-TW"><ntig><termGrp><term>葉倫</term></termGrp></ntig></langSet>
   <langSet xml:lang="en-US">
    <tig><term>Janet Yellen</term><termNote type="normativeAuthorization">admittedTerm</termNote></tig>
    <tig><term>Yellen</term><termNote type="normativeAuthorization">preferredTerm</termNote></tig>
    <tig><term>Yurun</term><termNote type="normativeAuthorization">deprecatedTerm</termNote></tig>
   </langSet>
  </termEntry>
  <termEntry id="fr-only"><langSet xml:lang="fr"><tig><term>Bonjour</term></tig></langSet></termEntry>
 </body></text>
</martif>
"""


def test_reads_tbx_v2_with_locale_codes_and_statuses(tmp_path: Path) -> None:
    path = tmp_path / "g.tbx"
    path.write_text(TBX2, encoding="utf-8")
    (entry,) = load_glossary(path).entries
    assert entry.sources == ("耶伦", "葉倫") and entry.target == "Yellen"
    assert entry.variants == ("Janet Yellen",) and entry.forbidden == ("Yurun",)
    assert entry.type == "person" and entry.note == "US Treasury Secretary"


@pytest.mark.parametrize("version", [2, 3])
def test_round_trip(glossary_file: Path, tmp_path: Path, version: int) -> None:
    original = load_glossary(glossary_file)
    path = tmp_path / "g.tbx"
    save_glossary(original, path, tbx_version=version)
    assert path.read_text(encoding="utf-8").count("<martif " if version == 2 else "<tbx ") == 1
    assert load_glossary(path).entries == original.entries


LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<martif><text><body><termEntry><langSet xml:lang="zh"><tig><term>&lol3;</term></tig></langSet></termEntry></body></text></martif>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<martif><text><body><termEntry><langSet xml:lang="zh"><tig><term>&xxe;</term></tig></langSet></termEntry></body></text></martif>
"""


@pytest.mark.parametrize(
    "content, message",
    [
        (LAUGHS, "declares entities"),
        (XXE, "declares entities"),
        ("<martif><text><body>", "malformed XML"),
        ("<root/>", "not a TBX file"),
    ],
)
def test_hostile_or_broken_tbx_is_refused(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "g.tbx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(MtauditError, match=message):
        load_glossary(path)
