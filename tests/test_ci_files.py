"""action.yml and .pre-commit-hooks.yaml: well-formed, and what they run is a real mtaudit command."""
from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import run_cli, write_tsv

ROOT = Path(__file__).parent.parent


def test_action_is_a_composite_action_whose_inputs_are_all_declared() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite" and action["inputs"]["inputs"]["required"] is True
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    used = set(re.findall(r"\$\{\{\s*inputs\.([\w-]+)", text)) | set(re.findall(r"inputs\.([\w-]+) ==", text))
    assert used <= set(action["inputs"]), used - set(action["inputs"])
    for step in action["runs"]["steps"]:
        assert "uses" in step or step.get("shell") == "bash"  # composite run steps need a shell
    for output in action["outputs"].values():
        assert output["value"].startswith("${{")


def test_action_audit_script_runs_with_bash(tmp_path: Path, glossary_file: Path) -> None:
    """Run the action's audit step as GitHub would, with its environment, on a failing file."""
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in action["runs"]["steps"] if s.get("id") == "audit"]
    corpus = write_tsv(tmp_path / "c.tsv", [("拜登政府表示。", "The Bayeng administration said.")])
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "INPUTS": str(corpus), "CONFIG": "",
           "BASELINE": "", "CHANGED_ONLY": "", "GLOSSARY": str(glossary_file), "FORMATS": "json,sarif",
           "REPORT_DIR": str(tmp_path / "out"), "GITHUB_OUTPUT": str(tmp_path / "gh-output"),
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), "GITHUB_ACTIONS": "true"}
    done = subprocess.run(["bash", "-e", "-c", step["run"]], env=env, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "gh-output").read_text(encoding="utf-8").split() == ["exit-code=1", "passed=false"]
    assert "Gate: FAILED" in (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.json", "report.md", "report.sarif"]
    assert "::error file=" in done.stdout


def test_pre_commit_hook_runs_mtaudit_check_on_files(tmp_path: Path, glossary_file: Path) -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "mtaudit" and hook["language"] == "python"
    good = write_tsv(tmp_path / "good.tsv", [("拜登会见了耶伦。", "Biden met Yellen.")])
    bad = write_tsv(tmp_path / "bad.tsv", [("拜登政府表示。", "The Bayeng administration said.")])
    assert re.search(hook["files"], "bad.tsv") and not re.search(hook["files"], "notes.md")
    command = shlex.split(hook["entry"])
    assert command[0] == "mtaudit"

    def run(*files: Path) -> subprocess.CompletedProcess[str]:
        return run_cli(*command[1:], "-g", glossary_file, *files)

    assert run(good).returncode == 0
    done = run(good, bad)
    assert done.returncode == 1 and f"{bad}:2:" in done.stdout and "Bayeng" in done.stdout
