"""Shared fixtures. Model hubs are unreachable here: everything runs offline."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
if "MTAUDIT_CACHE_DIR" not in os.environ:
    # What mtaudit keeps between runs (prepared dictionaries, compiled glossaries) goes to one
    # directory for the session, never to the user's cache; the subprocesses of tests inherit it.
    os.environ["MTAUDIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="mtaudit-test-cache-")
    atexit.register(shutil.rmtree, os.environ["MTAUDIT_CACHE_DIR"], True)

FIXTURES = Path(__file__).parent / "fixtures"
#: ``cli(*args, cwd=..., env=..., timeout=...)``: see :func:`cli`.
Cli = Callable[..., "subprocess.CompletedProcess[str]"]


def run_cli(*args: Any, **options: Any) -> subprocess.CompletedProcess[str]:
    """``mtaudit ARGS`` in a fresh process, as a user runs it (``python -m mtaudit``): stdout and
    stderr captured as text; ``options`` go to :func:`subprocess.run` (cwd, env, timeout)."""
    return subprocess.run(
        [sys.executable, "-m", "mtaudit", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        **options,
    )


@pytest.fixture
def cli() -> Cli:
    """The command-line runner every CLI test uses (see :func:`run_cli`)."""
    return run_cli


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def glossary_file(tmp_path: Path) -> Path:
    """A small glossary of our own, in the native YAML format."""
    path = tmp_path / "g.yaml"
    path.write_text(
        """entries:
  - id: biden
    source: [拜登]
    target: Biden
    variants: [Joe Biden]
    forbidden: [Bayeng]
    type: person
  - id: yellen
    source: 耶伦|葉倫
    target: Yellen
    variants: [Janet Yellen]
    type: person
  - id: xi
    source: [习近平]
    target: Xi Jinping
    short: [Xi]
    type: person
  - id: chi-yao
    source: [池瑶]
    target: Chi Yao
    type: person
  - id: chi-yao-princess
    source: [池瑶公主]
    target: Princess Chiyao
    type: person
  - id: raimondo
    source: [雷蒙多]
    target: Raimondo
    type: person
  - id: fentanyl
    source: [芬太尼]
    target: fentanyl
    type: substance
""",
        encoding="utf-8",
    )
    return path


def write_tsv(path: Path, rows: list[tuple[str, str]], header: str = "id\tsource\ttarget") -> Path:
    lines = [header] + [f"s{i}\t{src}\t{tgt}" for i, (src, tgt) in enumerate(rows, start=1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def tiny_marian(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny real Marian zh→en model (sentencepiece + MarianConfig), trained for a few seconds on
    our own sentence pairs (tests/marian_factory.py), built once per test session."""
    import torch

    from tests.marian_factory import build_tiny_zh_en

    # One thread: a tiny model gains nothing from two, and loses 10x when the two cores are shared.
    torch.set_num_threads(1)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    return build_tiny_zh_en(tmp_path_factory.mktemp("tiny-marian") / "model")


@pytest.fixture
def mt_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh translation cache per test, also for subprocesses (MTAUDIT_CACHE_DIR)."""
    path = tmp_path / "mt-cache"
    monkeypatch.setenv("MTAUDIT_CACHE_DIR", str(path))
    return path
