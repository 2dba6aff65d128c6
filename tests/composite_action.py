"""Run a composite GitHub Action's steps here, as the runner would: each ``run:`` step's script in
its shell with its ``env:``, the ``${{ … }}`` context expressions substituted, ``GITHUB_OUTPUT``,
``GITHUB_STEP_SUMMARY`` and ``GITHUB_ENV`` as files, outputs passed from step to step, and the
first failing step ending the action. Steps that call another action (``uses:``) are not run: their
``with:`` values are evaluated and recorded, and the caller may give the outputs they would set.

Only what mtaudit's action.yml uses is supported; anything else is refused, so the test fails loudly
instead of running something else than GitHub would.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
CONTEXT_PATH = re.compile(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+")
#: How the runner starts each shell (``{0}`` is the script file).
SHELLS = {"bash": ["bash", "--noprofile", "--norc", "-eo", "pipefail", "{0}"], "python": ["python", "{0}"]}


@dataclass
class StepRun:
    name: str
    id: str | None
    uses: str | None = None
    condition: str | None = None
    with_values: dict[str, str] = field(default_factory=dict)
    returncode: int = 0
    stdout: str = ""
    stderr: str = ""
    outputs: dict[str, str] = field(default_factory=dict)


@dataclass
class ActionRun:
    returncode: int
    steps: list[StepRun]
    summary: str

    def step(self, name: str) -> StepRun:
        return next(s for s in self.steps if s.name == name or s.id == name)

    @property
    def stdout(self) -> str:
        return "".join(s.stdout for s in self.steps)


def load_action(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def evaluate(text: str, contexts: dict[str, Any]) -> str:
    """``text`` with each ``${{ context.path }}`` replaced by its value ('' where unset, as GitHub does)."""

    def value(match: re.Match[str]) -> str:
        expression = match.group(1)
        if not CONTEXT_PATH.fullmatch(expression):
            raise ValueError(f"unsupported expression in a run step or its env: ${{{{ {expression} }}}}")
        current: Any = contexts
        for part in expression.split("."):
            current = current.get(part, "") if isinstance(current, dict) else ""
        return "" if current is None else str(current)

    return EXPRESSION.sub(value, text)


def run_action(
    action: dict[str, Any],
    inputs: dict[str, str],
    workspace: Path,
    env: dict[str, str],
    github: dict[str, Any],
    uses_outputs: dict[str, dict[str, str]] | None = None,
    stop_before: str | None = None,
) -> ActionRun:
    """Run ``action``'s steps in ``workspace`` with ``inputs`` (the rest take their defaults), up to
    the step named or with the id ``stop_before``, if given."""
    runner_dir = workspace.parent / f"{workspace.name}-runner"
    runner_dir.mkdir(exist_ok=True)
    declared = action.get("inputs", {})
    unknown = set(inputs) - set(declared)
    if unknown:
        raise ValueError(f"inputs the action does not declare: {sorted(unknown)}")
    contexts: dict[str, Any] = {
        "github": github,
        "runner": {"os": env.get("RUNNER_OS", "Linux"), "temp": env.get("RUNNER_TEMP", "")},
        "env": env,
    }
    contexts["inputs"] = {name: evaluate(str(spec.get("default", "")), contexts) for name, spec in declared.items()}
    contexts["inputs"].update(inputs)
    contexts["steps"] = {}
    github_env: dict[str, str] = {}
    runs: list[StepRun] = []
    summary = ""
    for index, step in enumerate(action["runs"]["steps"]):
        run = StepRun(
            name=step.get("name", step.get("uses", f"step {index}")),
            id=step.get("id"),
            uses=step.get("uses"),
            condition=step.get("if"),
        )
        if stop_before is not None and stop_before in (run.name, run.id):
            break
        runs.append(run)
        if "uses" in step:
            run.with_values = {key: evaluate(str(value), contexts) for key, value in step.get("with", {}).items()}
            run.outputs = dict((uses_outputs or {}).get(step.get("id") or "", {}))
        else:
            if "if" in step:
                raise ValueError(f"step {run.name!r}: conditions on run steps are not supported here")
            files = {name: runner_dir / f"{index}.{name}" for name in ("output", "summary", "env")}
            for path in files.values():
                path.write_text("", encoding="utf-8")
            step_env = {
                **env,
                **github_env,
                "GITHUB_OUTPUT": str(files["output"]),
                "GITHUB_STEP_SUMMARY": str(files["summary"]),
                "GITHUB_ENV": str(files["env"]),
            }
            step_env.update({key: evaluate(str(value), contexts) for key, value in step.get("env", {}).items()})
            script = runner_dir / f"{index}.script"
            script.write_text(evaluate(step["run"], contexts), encoding="utf-8")
            command = [str(script) if part == "{0}" else part for part in SHELLS[step["shell"]]]
            done = subprocess.run(
                command, cwd=workspace, env=step_env, capture_output=True, text=True, encoding="utf-8"
            )
            run.returncode, run.stdout, run.stderr = done.returncode, done.stdout, done.stderr
            run.outputs = read_command_file(files["output"])
            github_env.update(read_command_file(files["env"]))
            summary += files["summary"].read_text(encoding="utf-8")
        if run.id:
            contexts["steps"][run.id] = {"outputs": run.outputs}
        if run.returncode != 0:
            return ActionRun(run.returncode, runs, summary)
    return ActionRun(0, runs, summary)


def read_command_file(path: Path) -> dict[str, str]:
    """``GITHUB_OUTPUT``/``GITHUB_ENV`` as the runner reads them: ``name=value`` lines and
    ``name<<DELIMITER`` … ``DELIMITER`` blocks."""
    values: dict[str, str] = {}
    lines = iter(path.read_text(encoding="utf-8").splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block = []
            for inner in lines:
                if inner == delimiter:
                    break
                block.append(inner)
            else:
                raise ValueError(f"{path}: {name} is never closed by {delimiter}")
            values[name] = "\n".join(block)
        elif line:
            name, value = line.split("=", 1)
            values[name] = value
    return values


def runner_environment(tmp: Path, bin_dir: Path) -> dict[str, str]:
    """A runner's default environment, with ``bin_dir`` first on PATH."""
    home = tmp / "home"
    temp = tmp / "runner-temp"
    for directory in (home, temp):
        directory.mkdir(exist_ok=True)
    keep = {
        key: os.environ[key]
        for key in ("PYTHONPATH", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "LANG")
        if key in os.environ
    }
    return {
        **keep,
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "HOME": str(home),
        "RUNNER_TEMP": str(temp),
        "RUNNER_OS": "Linux",
        "GITHUB_ACTIONS": "true",
        "CI": "true",
        "GITHUB_WORKSPACE": str(tmp / "work"),
        "GITHUB_REPOSITORY": "example/site",
        "GITHUB_RUN_ID": "42",
        "GITHUB_RUN_ATTEMPT": "1",
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_API_URL": "https://api.github.invalid",
    }
