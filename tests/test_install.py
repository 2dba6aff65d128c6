"""The light core: ``pip install mtaudit`` checks glossaries without the MT stack, which is the
``mt`` extra; without it the default MT stage is skipped with one notice and ``--mt`` says what to
install. The MT packages are made unimportable in a child process (a finder that refuses them),
as on a machine where only the core is installed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import write_tsv

if sys.version_info >= (3, 11):  # noqa: UP036  # the package supports 3.10
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
MT_STACK = ("torch", "transformers", "sentencepiece")
#: ``python -c`` program: the command line with the MT stack not installed.
WITHOUT_MT = f"""
import sys

class NotInstalled:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {MT_STACK!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, NotInstalled())
from mtaudit.cli import main
main()
"""


def _names(requirements: list[str]) -> set[str]:
    return {re.match(r"[A-Za-z0-9._-]+", requirement).group().lower() for requirement in requirements}


def test_the_core_dependencies_hold_no_mt_stack_and_the_mt_extra_does() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not _names(project["dependencies"]) & {*MT_STACK, "sacremoses", "ctranslate2"}
    extras = project["optional-dependencies"]
    assert _names(extras["mt"]) >= {*MT_STACK, "sacremoses"}
    assert "torch" not in _names(extras["ct2"]) and "ctranslate2" in _names(extras["ct2"])
    assert any(
        name == "torch" and ">=" in spec for name, spec in ((re.match(r"[a-z]+", s).group(), s) for s in extras["mt"])
    )  # a range, not a pin


def _without_mt(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_MT, *map(str, args)], capture_output=True, text=True, encoding="utf-8", cwd=cwd
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_tsv(tmp_path / "c.tsv", [("拜登政府表示。", "The Bayeng administration said.")])


def test_without_the_extra_the_default_mt_stage_is_skipped_with_one_notice(
    corpus: Path, glossary_file: Path, tmp_path: Path
) -> None:
    done = _without_mt("audit", corpus, "-g", glossary_file, "-o", tmp_path / "r.json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr  # the gate failed on Bayeng: the audit ran
    notices = [line for line in done.stderr.splitlines() if "reference MT skipped" in line]
    assert len(notices) == 1 and "pip install 'mtaudit[mt]'" in notices[0], done.stderr
    assert "Traceback" not in done.stderr


def test_without_the_extra_documents_align_without_the_mt(tmp_path: Path, glossary_file: Path) -> None:
    for side, text in (
        ("zh", "拜登会见了耶伦。\n\n双方讨论了贸易。\n"),
        ("en", "Biden met Yellen.\n\nThey discussed trade.\n"),
    ):
        (tmp_path / side).mkdir()
        (tmp_path / side / "a.md").write_text(text, encoding="utf-8")
    done = _without_mt("audit", "zh", "en", "-g", glossary_file, "-f", "text", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("reference MT skipped") == 1


def test_mt_required_without_the_extra_exits_2_naming_the_extra(
    corpus: Path, glossary_file: Path, tmp_path: Path
) -> None:
    report = tmp_path / "r.json"
    done = _without_mt("audit", corpus, "--mt", "-g", glossary_file, "-o", report, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "mtaudit: error: the reference MT needs the mt extra (torch, transformers, sentencepiece not installed): "
        "pip install 'mtaudit[mt]'"
    ]
    assert not report.exists()


def _pins() -> dict[str, str]:
    """ci/constraints.txt as {canonical name: version}."""
    lines = (ROOT / "ci" / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pairs = (line.split("==") for line in lines if line.strip() and not line.startswith("#"))
    return {canonicalize_name(name): version for name, version in pairs}


def test_the_pinned_versions_satisfy_every_requirement_the_project_declares() -> None:
    """A requirement changed in pyproject.toml without a new pin would make ``make install`` fail to
    resolve on every fresh machine: each declared package (core and every extra the Makefile
    installs, torch aside: TORCH_SPEC chooses it) is pinned, at a version its range allows."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    extras = re.search(r"^EXTRAS := (\S+)$", makefile, re.MULTILINE).group(1).split(",")
    pins = _pins()
    declared = [*project["dependencies"], *(r for extra in extras for r in project["optional-dependencies"][extra])]
    for text in declared:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        if name == "torch" or (requirement.marker and not requirement.marker.evaluate({"extra": ""})):
            continue
        assert name in pins, f"{requirement.name} is not pinned in ci/constraints.txt (make constraints)"
        assert requirement.specifier.contains(pins[name], prereleases=True), f"{text}: pinned {pins[name]}"
    assert "torch" not in pins  # TORCH_SPEC chooses it: a CUDA build must not meet a CPU pin
