"""Glossary keys are checked like configuration keys: a typo is an error naming the file, the line,
the entry and the key meant, and ``glossary lint`` lists every one."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.errors import GlossaryError
from mtaudit.glossary import bundled_glossary_paths, load_glossaries, load_glossary
from mtaudit.glossary.lint import lint

YAML = """entries:
  - id: biden
    source: [拜登]
    target: Biden
    forbiden: [Bayeng]
  - id: yellen
    source: [耶伦]
    target: Yellen
    colour: red
"""
TBX = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
<tbxHeader><fileDesc><sourceDesc><p>ours</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
<conceptEntry id="biden"><descrip type="definition">a president</descrip>
<descrip type="caseSensitve">true</descrip>
<langSec xml:lang="zh"><termSec><term>拜登</term></termSec></langSec>
<langSec xml:lang="en"><termSec><term>Biden</term></termSec></langSec></conceptEntry>
</body></text></tbx>
"""


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("g.yaml", YAML, "g.yaml:5: entry 'biden': unknown key 'forbiden' (did you mean 'forbidden'?)"),
        (
            "g.csv",
            "source,target,forbiden\n拜登,Biden,Bayeng\n",
            "g.csv:1: unknown column 'forbiden' (did you mean 'forbidden'?)",
        ),
        (
            "g.tsv",
            "source\ttarget\tvariant\n拜登\tBiden\tJoe Biden\n",
            "g.tsv:1: unknown column 'variant' (did you mean 'variants'?)",
        ),
        ("g.tbx", TBX, "g.tbx:6: entry 'biden': unknown key 'caseSensitve' (did you mean 'caseSensitive'?)"),
    ],
)
def test_an_unknown_key_is_an_error_naming_file_line_entry_and_the_key_meant(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GlossaryError) as refused:
        load_glossary(path)
    assert str(refused.value) == f"{tmp_path}/{expected}"


def test_the_command_refuses_it_in_one_line(tmp_path: Path, cli) -> None:
    (tmp_path / "g.yaml").write_text(YAML, encoding="utf-8")
    (tmp_path / "c.tsv").write_text("source\ttarget\n拜登\tBiden\n", encoding="utf-8")
    done = cli("audit", "c.tsv", "--no-mt", "-g", "g.yaml", cwd=tmp_path)
    assert done.returncode == 2
    assert (
        done.stderr == "mtaudit: error: g.yaml:5: entry 'biden': unknown key 'forbiden' (did you mean 'forbidden'?)\n"
    )


def test_lint_lists_every_unknown_key_and_fails(tmp_path: Path, cli) -> None:
    (tmp_path / "g.yaml").write_text(YAML, encoding="utf-8")
    issues = [
        issue for issue in lint(load_glossaries([tmp_path / "g.yaml"], strict=False)) if issue.code == "unknown-key"
    ]
    assert [(issue.severity, issue.entry_id) for issue in issues] == [("error", "biden"), ("error", "yellen")]
    assert "g.yaml:9: entry 'yellen': unknown key 'colour' (not a glossary field)" in issues[1].message
    done = cli("glossary", "lint", "g.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert (
        "error: unknown-key: biden: g.yaml:5: entry 'biden': unknown key 'forbiden' (did you mean 'forbidden'?)"
        in done.stdout.splitlines()
    )


def test_the_bundled_glossaries_have_no_unknown_key() -> None:
    for path in bundled_glossary_paths():
        assert load_glossary(path, strict=False).unknown_keys == [], path
    assert len(load_glossaries()) > 1000
