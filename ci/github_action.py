"""The steps of the mtaudit GitHub Action (``action.yml``), one subcommand each.

``action.yml`` runs ``python ci/github_action.py STEP`` with the action's inputs in the environment:

- ``plan``: check the inputs, build the ``mtaudit audit`` command line (paths one per line, spaces
  allowed), choose what pip installs and where the caches are;
- ``audit``: run the audit, print a one-line verdict, set the step outputs from ``report.json``;
- ``publish``: write the Markdown report to the job summary and, when asked, post it as a
  pull-request comment, edited in place on later pushes (found by the report's hidden marker).

Standard library only: ``plan`` runs before mtaudit is installed, with whatever Python the runner
has (3.10 or later).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

#: The first line of every Markdown report: how the action finds its own comment again.
MARKER = "<!-- mtaudit-report -->"
#: Annotations GitHub shows per step and kind (error, warning, notice); the rest are dropped.
ANNOTATIONS_PER_KIND = 10
#: Formats the action itself reads: the outputs come from the JSON, the summary is the Markdown.
OWN_FORMATS = ("json", "markdown")
BOOLEANS = ("true", "false")
COMMENTS_PER_PAGE = 100


class InputsError(Exception):
    """An action input that cannot work; the step stops before anything is installed."""


def main(argv: list[str]) -> int:
    steps = {"plan": plan, "audit": audit, "publish": publish}
    if len(argv) != 1 or argv[0] not in steps:
        print(f"usage: github_action.py {{{','.join(steps)}}}", file=sys.stderr)
        return 2
    try:
        return steps[argv[0]]()
    except InputsError as error:
        print(f"::error title=mtaudit::{_data(str(error))}")
        return 2


# plan ------------------------------------------------------------------------------------------


def plan() -> int:
    """Check the inputs and set the outputs the later steps use."""
    mt, fail, comment = _boolean("mt"), _boolean("fail"), _boolean("comment")
    _boolean("cache")
    report_dir = _env("REPORT_DIR").strip() or "mtaudit-reports"
    source = _env("INSTALL").strip()
    action_path = _env("ACTION_PATH")
    spec = install_spec(source, action_path, mt)
    torch = needs_torch(mt, _env("TORCH_INDEX").strip())
    python = platform.python_version()
    runner_os = _env("RUNNER_OS", platform.system())
    what = _digest(spec, torch, _env("TORCH_INDEX"), _pyproject(source, action_path))
    install_key = f"mtaudit-install-{runner_os}-py{python}-{what}"
    cache_dir = _env("MTAUDIT_CACHE_DIR") or str(Path(_env("RUNNER_TEMP") or tempfile.gettempdir(), "mtaudit-cache"))
    set_outputs(
        {
            "args": json.dumps(audit_arguments(report_dir, mt)),
            "report-dir": report_dir,
            "fail": str(fail).lower(),
            "comment": str(comment).lower(),
            "install": spec,
            "torch": str(torch).lower(),
            "install-cache": "\n".join(_install_cache_paths(mt)),
            "install-cache-key": install_key,
            "install-cache-prefix": install_key.rsplit("-", 1)[0] + "-",
            "cache-dir": cache_dir,
            "cache-key": f"mtaudit-cache-{runner_os}-{_env('GITHUB_RUN_ID', '0')}-{_env('GITHUB_RUN_ATTEMPT', '1')}",
            "cache-prefix": f"mtaudit-cache-{runner_os}-",
        }
    )
    return 0


def audit_arguments(report_dir: str, mt: bool) -> list[str]:
    """``mtaudit`` arguments for the inputs in the environment (paths kept whole, spaces and all)."""
    paths = lines(_env("INPUTS"))
    if not 1 <= len(paths) <= 2:
        raise InputsError(
            f"inputs: give one path (a bilingual file, or English alone) or two (the Chinese side, "
            f"then its English translation), one per line; got {len(paths)}"
        )
    formats = [f.strip() for f in _env("FORMATS").split(",") if f.strip()]
    args = [
        "audit",
        "--mt" if mt else "--no-mt",
        "--format",
        ",".join(dict.fromkeys([*OWN_FORMATS, *formats])),
        "--report-dir",
        report_dir,
    ]
    for glossary in lines(_env("GLOSSARY")):
        args += ["--glossary", glossary]
    for option, name in (("--config", "CONFIG"), ("--baseline", "BASELINE")):
        if _env(name).strip():
            args += [option, _env(name).strip()]
    if _env("CHANGED_ONLY").strip():
        args.append(f"--changed-only={_env('CHANGED_ONLY').strip()}")
    try:
        args += shlex.split(_env("ARGS"))
    except ValueError as error:
        raise InputsError(f"args: {error} (quote as in a shell)") from None
    return [*args, "--", *paths]


def lines(value: str) -> list[str]:
    """A multi-line input as its non-empty lines, each stripped: one path per line."""
    return [line.strip() for line in value.splitlines() if line.strip()]


def install_spec(source: str, action_path: str, mt: bool) -> str:
    """What pip installs: the ``install`` input as given, else this action's own checkout — the
    light core (glossary and name checks, no torch), with the ``mt`` extra only when the reference
    MT runs."""
    if source:
        return source
    return f"{action_path}[mt]" if mt else action_path


def needs_torch(mt: bool, torch_index: str) -> bool:
    """Whether torch is installed first from ``torch_index`` (its CPU build is a fraction of the
    default CUDA one): only when the reference MT runs, since only the ``mt`` extra asks for it.
    No index: pip chooses torch itself."""
    return mt and bool(torch_index)


def _install_cache_paths(mt: bool) -> list[str]:
    """pip's download cache, and the model hub's cache when the reference MT runs."""
    paths = [_pip_cache_dir()]
    if mt:
        paths.append(str(Path(_env("HF_HOME") or Path.home() / ".cache" / "huggingface", "hub")))
    return paths


def _pip_cache_dir() -> str:
    done = subprocess.run([sys.executable, "-m", "pip", "cache", "dir"], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else str(Path.home() / ".cache" / "pip")


def _pyproject(source: str, action_path: str) -> str:
    path = Path(action_path, "pyproject.toml")
    return "" if source or not path.is_file() else path.read_text(encoding="utf-8")


def _digest(*parts: object) -> str:
    return hashlib.sha256("\0".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


def _boolean(name: str) -> bool:
    value = _env(name.upper()).strip().lower()
    if value not in BOOLEANS:
        raise InputsError(f"{name}: '{_env(name.upper())}' is neither true nor false")
    return value == "true"


# audit -----------------------------------------------------------------------------------------


def audit() -> int:
    """Run the audit; the step succeeds whatever the verdict (the gate step decides at the end)."""
    args = json.loads(_env("ARGS"))
    report_dir = Path(_env("REPORT_DIR"))
    print("mtaudit " + shlex.join(args), flush=True)
    done = subprocess.run(
        [sys.executable, "-m", "mtaudit", *args], stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace"
    )
    sys.stderr.write(done.stderr)
    report = _read_report(report_dir / "report.json") if done.returncode in (0, 1) else None
    outcome = outcome_of(done.returncode, report, done.stderr, report_dir)
    print(outcome["summary"], flush=True)
    set_outputs(outcome)
    return 0


def outcome_of(code: int, report: dict[str, Any] | None, stderr: str, report_dir: Path) -> dict[str, str]:
    """The step outputs: status (passed, failed, error), counts and a one-line summary."""
    if report is None:
        reason = next((line for line in reversed(stderr.splitlines()) if line.strip()), "no report was written")
        return {
            "status": "error",
            "passed": "false",
            "exit-code": str(code),
            "findings": "0",
            "new-findings": "0",
            "summary": f"mtaudit could not audit (exit {code}): {reason}",
        }
    findings = report.get("findings", [])
    new = new_by_severity(findings)
    failures = report["summary"]["gate"]["failures"]
    counts = ", ".join(f"{count} {severity}{'s' if count != 1 else ''}" for severity, count in new.items() if count)
    verdict = (
        "gate passed"
        if not failures and code == 0
        else "gate FAILED (" + "; ".join(f"{f['rule']}: {f['message']}" for f in failures) + ")"
    )
    summary = (
        f"mtaudit: {verdict}: {report['summary']['segments']} segments, {len(findings)} findings, "
        f"{sum(new.values())} new{' (' + counts + ')' if counts else ''}; reports in {report_dir}/"
    )
    return {
        "status": "passed" if code == 0 else "failed",
        "passed": str(code == 0).lower(),
        "exit-code": str(code),
        "findings": str(len(findings)),
        "new-findings": str(sum(new.values())),
        "summary": summary,
    }


def new_by_severity(findings: list[dict[str, Any]]) -> dict[str, int]:
    """New (not baseline-accepted) findings per severity, errors first."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in findings:
        if not finding.get("baseline"):
            counts[finding.get("severity", "warning")] = counts.get(finding.get("severity", "warning"), 0) + 1
    return counts


def _read_report(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


# publish ---------------------------------------------------------------------------------------


def publish() -> int:
    """The job summary, and the pull-request comment when asked for; neither fails the job."""
    report_dir = Path(_env("REPORT_DIR"))
    markdown = _read_text(report_dir / "report.md")
    artifact = _env("ARTIFACT_URL").strip()
    if markdown is None:
        body = f"{MARKER}\n# mtaudit report\n\n❌ {_env('SUMMARY') or 'mtaudit wrote no report'}\n"
    else:
        body = markdown + hidden_annotations_note(_read_report(report_dir / "report.json"))
    if artifact:
        files = ", ".join(sorted(p.name for p in report_dir.iterdir())) if report_dir.is_dir() else "the reports"
        body += f"\n{files}: in [the `{_env('ARTIFACT_NAME')}` artifact]({artifact}).\n"
    _append(_env("GITHUB_STEP_SUMMARY"), body)
    if _env("COMMENT") == "true":
        comment_on_pull_request(body)
    return 0


def hidden_annotations_note(report: dict[str, Any] | None) -> str:
    """Say how many new findings GitHub does not show as annotations, counted as
    ``mtaudit.report.github`` emits them: ``ANNOTATIONS_PER_KIND`` of each level per step, the failed
    gate rules among the errors, one notice fewer when some are left out (the notice saying so)."""
    if report is None:
        return ""
    new = new_by_severity(report.get("findings", []))
    counts = {
        "error": new["error"] + len(report["summary"]["gate"]["failures"]),
        "warning": new["warning"],
        "notice": new["info"],
    }
    overflow = any(count > ANNOTATIONS_PER_KIND for count in counts.values())
    limits = {
        "error": ANNOTATIONS_PER_KIND,
        "warning": ANNOTATIONS_PER_KIND,
        "notice": ANNOTATIONS_PER_KIND - 1 if overflow else ANNOTATIONS_PER_KIND,
    }
    hidden = [(level, count - limits[level]) for level, count in counts.items() if count > limits[level]]
    if not hidden:
        return ""
    parts = [f"{count} more {level}{'s' if count != 1 else ''}" for level, count in hidden]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    verb = "is" if sum(count for _, count in hidden) == 1 else "are"
    return (
        f"\n> GitHub shows {ANNOTATIONS_PER_KIND} annotations of each kind per step: {listed} {verb} "
        f"listed only in this report.\n"
    )


def comment_on_pull_request(body: str) -> None:
    """Create the report comment, or edit the one an earlier run posted (its body starts with MARKER)."""
    number = _env("PR_NUMBER").strip()
    if not number:
        print("::notice title=mtaudit::not a pull request: no comment posted (the report is in the job summary)")
        return
    repository = _env("GITHUB_REPOSITORY")
    try:
        previous = find_report_comment(repository, number)
        if previous is None:
            _github("POST", f"/repos/{repository}/issues/{number}/comments", {"body": body})
            print(f"mtaudit: report posted on pull request #{number}")
        else:
            _github("PATCH", f"/repos/{repository}/issues/comments/{previous}", {"body": body})
            print(f"mtaudit: report comment {previous} on pull request #{number} updated")
    except (urllib.error.URLError, OSError) as error:
        reason = f"HTTP {error.code} {error.reason}" if isinstance(error, urllib.error.HTTPError) else str(error)
        print(
            f"::warning title=mtaudit::could not comment on pull request #{number}: {_data(reason)} (the job needs "
            "'permissions: pull-requests: write'; a pull request from a fork gets a read-only token)"
        )


def find_report_comment(repository: str, number: str) -> int | None:
    """The id of the first comment on the pull request that is a report, reading every page."""
    page = 1
    while True:
        comments = _github(
            "GET", f"/repos/{repository}/issues/{number}/comments?per_page={COMMENTS_PER_PAGE}&page={page}"
        )
        for comment in comments:
            if (comment.get("body") or "").startswith(MARKER):
                return int(comment["id"])
        if len(comments) < COMMENTS_PER_PAGE:
            return None
        page += 1


def _github(method: str, path: str, payload: dict[str, Any] | None = None) -> Any:
    """One call to the GitHub REST API ($GITHUB_API_URL: github.com or an Enterprise Server)."""
    request = urllib.request.Request(
        _env("GITHUB_API_URL", "https://api.github.com").rstrip("/") + path,
        method=method,
        data=None if payload is None else json.dumps(payload).encode("utf-8"),
        headers={
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {_env('GITHUB_TOKEN')}",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "mtaudit-action",
            "Content-Type": "application/json",
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


# runner files ----------------------------------------------------------------------------------


def set_outputs(values: dict[str, str]) -> None:
    """Append step outputs to $GITHUB_OUTPUT (multi-line values in its delimiter form)."""
    text = ""
    for name, value in values.items():
        if "\n" in value:
            delimiter = f"MTAUDIT_{uuid.uuid4().hex}"
            text += f"{name}<<{delimiter}\n{value}\n{delimiter}\n"
        else:
            text += f"{name}={value}\n"
    _append(_env("GITHUB_OUTPUT"), text)


def _append(path: str, text: str) -> None:
    if not path:
        sys.stdout.write(text)
        return
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


def _data(text: str) -> str:
    """Workflow-command data escaped as the runner reads it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
