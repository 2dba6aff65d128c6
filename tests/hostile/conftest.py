"""Fixtures of the hostile-input suite (issue 17): a small working directory with an input and a
glossary of our own, and a runner of the real command line bound to it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest

from tests.hostile.helpers import AUDIT, HANG_TIMEOUT, Cli, Run, Tree, cli_env, log

# Two segments; "Bayeng" is a forbidden rendering of 拜登, so a plain audit fails the gate (exit 1).
INPUT_TSV = "id\tsource\ttarget\n1\t拜登昨天说。\tBayeng said yesterday.\n2\t耶伦来了。\tYellen came.\n"
GLOSSARY_YAML = """entries:
  - id: biden
    source: [拜登]
    target: Biden
    forbidden: [Bayeng]
    type: person
  - id: yellen
    source: [耶伦]
    target: Yellen
    type: person
"""


@dataclass
class Work:
    """A directory holding ``a.tsv`` and ``g.yaml``; runs start there with a private TMPDIR."""

    dir: Path
    tmpdir: Path
    cache: Path
    trees: list[Tree] = field(default_factory=list)

    @property
    def input(self) -> Path:
        return self.dir / "a.tsv"

    @property
    def glossary(self) -> Path:
        return self.dir / "g.yaml"

    def env(self, extra: dict[str, str] | None = None, pythonpath_first: Iterable[Path] = ()) -> dict[str, str]:
        return cli_env(self.tmpdir, self.cache, extra, pythonpath_first)

    def start(
        self,
        *args: str | Path,
        stdin: int | IO | None = None,
        stdout: IO | None = None,
        env: dict[str, str] | None = None,
    ) -> Cli:
        return Cli(args, self.dir, env or self.env(), stdin=stdin, stdout=stdout)

    def cli(
        self,
        *args: str | Path,
        timeout: float = HANG_TIMEOUT,
        stdin: int | IO | None = None,
        stdout: IO | None = None,
        env: dict[str, str] | None = None,
    ) -> Run:
        return self.start(*args, stdin=stdin, stdout=stdout, env=env).wait(timeout)

    def audit(self, *args: str | Path, **kwargs) -> Run:
        """``mtaudit audit --no-mt --checks terms ARGS`` with the work glossary unless one is given."""
        glossary = () if any(str(a) in ("-g", "--glossary") for a in args) else ("-g", str(self.glossary))
        return self.cli(*AUDIT, *glossary, *args, **kwargs)

    def tree(self) -> Tree:
        self.trees.append(Tree(self.dir))
        return self.trees[-1]


@pytest.fixture(scope="session")
def shared_dirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """TMPDIR and MTAUDIT_CACHE_DIR shared by the session's runs (jieba and dictionary caches are
    built once); tests that judge the temp dir make a private one."""
    root = tmp_path_factory.mktemp("hostile-shared")
    (root / "tmp").mkdir()
    (root / "cache").mkdir()
    return root / "tmp", root / "cache"


@pytest.fixture
def work(tmp_path: Path, shared_dirs: tuple[Path, Path]) -> Iterator[Work]:
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "a.tsv").write_text(INPUT_TSV, encoding="utf-8")
    (folder / "g.yaml").write_text(GLOSSARY_YAML, encoding="utf-8")
    work = Work(folder, *shared_dirs)
    yield work
    for tree in work.trees:  # for MTAUDIT_HOSTILE_LOG: what a failing run left behind or changed
        changes = tree.changes()
        if changes:
            log(tree_changes=[change[:160] for change in changes])


@pytest.fixture
def no_pyarrow(tmp_path: Path) -> Path:
    """A directory that, first on PYTHONPATH, makes ``import pyarrow`` fail as where it is not installed."""
    shim = tmp_path / "no-pyarrow"
    (shim / "pyarrow").mkdir(parents=True)
    (shim / "pyarrow" / "__init__.py").write_text(
        "raise ImportError(\"No module named 'pyarrow' (hidden by the test shim)\")\n", encoding="utf-8"
    )
    return shim


@pytest.fixture
def private_tmp(work: Work, tmp_path: Path) -> Path:
    """A TMPDIR of this test alone, so that what a run leaves there can be seen."""
    folder = tmp_path / "private-tmp"
    folder.mkdir()
    work.tmpdir = folder
    return folder
