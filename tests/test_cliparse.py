"""The command line's values without pydantic (mtaudit.cliparse) are typer's own, value for value."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer._click.exceptions import BadParameter

from mtaudit.cli import app
from mtaudit.cliparse import PlainValues
from tests.conftest import write_tsv

#: What users type, per annotation: plain values, edge cases, and ones typer refuses.
TYPED = {
    str: ["x", "", "中文", " spaced ", "-"],
    Path: ["a.tsv", " a.tsv ", "dir/", "./x", "a//b", "-", "", "~/x", "中文.tsv"],
    int: ["0", "1", "12", "007", "-1", " 3", "1_000", "1.5", "x", "", 5, 0, True],
    float: ["0", "0.5", "1", "1.5", "2", ".5", "1e-1", "-0.1", "x", 0.25, 1, 3.0],
    bool: [True, False],
}


def _parameters() -> list[tuple[str, Any]]:
    """(command and name, parameter) of every typer parameter of every command and group."""
    found = []

    def walk(command: Any, path: str) -> None:
        context = typer.Context(command)
        for param in command.get_params(context):
            if isinstance(getattr(param.get_runtime_param, "__self__", None), PlainValues):
                found.append((f"{path} {param.name}", param))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(typer.main.get_command(app), "mtaudit")
    return found


PARAMETERS = _parameters()


def _outcome(coerce: Any, value: Any) -> tuple[str, Any]:
    try:
        result = coerce(value)
    except BadParameter as error:
        return "refused", error.format_message()
    return type(result).__name__, result


def _values(param: Any, folder: Path) -> list[Any]:
    """Values to coerce: typed ones, the default, and for paths a file and a folder that exist."""
    plain: PlainValues = param.get_runtime_param.__self__
    annotation = plain.annotation
    existing = [str(write_tsv(folder / "c.tsv", [])), str(folder), folder]
    if param.multiple or param.nargs == -1:
        (item,) = annotation.__args__
        typed = TYPED[item][:3] + (existing if item is Path else [])
        return [None, (), [], ["a"], ("a", "b"), typed, "a"]
    return [None, param.default, *TYPED[annotation], *(existing if annotation is Path else [])]


def test_every_parameter_is_covered() -> None:
    commands = {name.rsplit(" ", 1)[0] for name, _ in PARAMETERS}
    assert {"mtaudit", "mtaudit audit", "mtaudit check", "mtaudit glossary mine"} <= commands
    assert len(PARAMETERS) > 60


@pytest.mark.parametrize(("name", "param"), PARAMETERS, ids=[name for name, _ in PARAMETERS])
def test_each_value_is_what_typer_makes_of_it(name: str, param: Any, tmp_path: Path) -> None:
    plain: PlainValues = param.get_runtime_param.__self__
    context = typer.Context(typer.main.get_command(app))
    for value in _values(param, tmp_path):
        ours = _outcome(lambda v: plain.coerce(v, param, context), value)
        typers = _outcome(lambda v: plain.typer_own().coerce(v, param=param, ctx=context), value)
        assert ours == typers, f"{name} {value!r}"


def test_an_audit_does_not_import_pydantic(tmp_path: Path, glossary_file: Path) -> None:
    corpus = write_tsv(tmp_path / "c.tsv", [("拜登会见了耶伦。", "Biden met Yellen.")])
    code = (
        "import sys; sys.argv = sys.argv[1:]\nfrom mtaudit.cli import main\n"
        "try:\n    main()\n"
        "finally:\n    assert 'pydantic' not in sys.modules, 'pydantic imported'\n"
    )
    args = ["mtaudit", "audit", corpus, "--no-mt", "-g", glossary_file, "--checks", "terms", "--min-confidence", "0.5"]
    done = subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True)
    assert done.returncode == 0 and "pydantic imported" not in done.stderr, done.stderr
