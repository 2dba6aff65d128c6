"""action.yml and .pre-commit-hooks.yaml, run the way GitHub and pre-commit run them.

The Action's steps are executed in order (tests/composite_action.py) with test inputs — paths with
spaces, a report directory with a space — in a temporary workspace, with ``python -m pip install``
recorded instead of run (this environment already has mtaudit) and the GitHub API served by a local
HTTP server for the pull-request comment.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

from tests.composite_action import load_action, run_action, runner_environment
from tests.conftest import run_cli, write_tsv

ROOT = Path(__file__).parent.parent
ACTION = load_action(ROOT / "action.yml")
MARKER = "<!-- mtaudit-report -->"
PR = 7


# the environment the steps run in ---------------------------------------------------------------


@pytest.fixture
def runner(tmp_path: Path) -> dict[str, Any]:
    """A workspace, a runner environment, and a ``python`` whose ``-m pip install`` only logs."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pip_log = tmp_path / "pip.log"
    shim = bin_dir / "python"
    shim.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = -m ] && [ "$2" = pip ] && [ "$3" = install ]; then\n'
        f'  shift 3; for a in "$@"; do printf "%s\\037" "$a"; done >> "{pip_log}"; echo >> "{pip_log}"; exit 0\n'
        "fi\n"
        f'exec "{sys.executable}" "$@"\n',
        encoding="utf-8",
    )
    shim.chmod(0o755)
    workspace = tmp_path / "work"
    workspace.mkdir()
    return {"workspace": workspace, "env": runner_environment(tmp_path, bin_dir), "pip_log": pip_log}


def pip_calls(runner: dict[str, Any]) -> list[list[str]]:
    log = runner["pip_log"]
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    return [line.rstrip("\037").split("\037") for line in text.splitlines()]


def run(
    runner: dict[str, Any],
    inputs: dict[str, str],
    action_path: Path = ROOT,
    pr: int | None = PR,
    artifact_url: str = "https://github.com/example/site/actions/runs/42/artifacts/1",
    stop_before: str | None = None,
):
    github = {
        "action_path": str(action_path),
        "token": "test-token",
        "workspace": str(runner["workspace"]),
        "event": {"pull_request": {"number": pr} if pr else {}},
    }
    return run_action(
        ACTION,
        inputs,
        runner["workspace"],
        runner["env"],
        github,
        uses_outputs={"upload": {"artifact-url": artifact_url}},
        stop_before=stop_before,
    )


@pytest.fixture
def corpus(runner: dict[str, Any], glossary_file: Path) -> dict[str, str]:
    """A failing and a passing bilingual file and a glossary, all under names with spaces."""
    folder = runner["workspace"] / "my corpus"
    folder.mkdir()
    write_tsv(
        folder / "bad news.tsv",
        [("拜登会见了耶伦。", "Biden met Yellen.")]
        + [("拜登政府表示。", f"The Bayeng administration said so {i} times.") for i in range(1, 13)],
    )
    write_tsv(folder / "good news.tsv", [("拜登会见了耶伦。", "Biden met Yellen.")])
    shutil.copy(glossary_file, folder / "our names.yaml")
    return {"bad": "my corpus/bad news.tsv", "good": "my corpus/good news.tsv", "glossary": "my corpus/our names.yaml"}


class FakeGitHub(BaseHTTPRequestHandler):
    """The three REST endpoints the comment uses, over a list of issue comments."""

    comments: list[dict[str, Any]] = []
    requests: list[tuple[str, str, str]] = []
    status = 200

    def do_GET(self) -> None:  # noqa: N802 (http.server's names)
        url = urlparse(self.path)
        assert url.path == f"/repos/example/site/issues/{PR}/comments", url.path
        query = parse_qs(url.query)
        size, page = int(query["per_page"][0]), int(query["page"][0])
        self._answer(self.comments[(page - 1) * size : page * size])

    def do_POST(self) -> None:  # noqa: N802
        assert self.path == f"/repos/example/site/issues/{PR}/comments", self.path
        comment = {"id": 1000 + len(self.comments), "body": self._body()["body"]}
        self.comments.append(comment)
        self._answer(comment, 201)

    def do_PATCH(self) -> None:  # noqa: N802
        comment_id = int(self.path.rsplit("/", 1)[1])
        (comment,) = [c for c in self.comments if c["id"] == comment_id]
        comment["body"] = self._body()["body"]
        self._answer(comment)

    def _body(self) -> dict[str, Any]:
        return json.loads(self.rfile.read(int(self.headers["Content-Length"])))

    def _answer(self, payload: Any, status: int = 200) -> None:
        self.requests.append((self.command, self.path, self.headers["Authorization"]))
        status = self.status if self.status != 200 else status
        data = json.dumps(payload if status < 400 else {"message": "Resource not accessible by integration"})
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data.encode("utf-8"))

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def github_api(runner: dict[str, Any]) -> Iterator[type[FakeGitHub]]:
    """A local GitHub API with 120 comments by people already on the pull request (two pages)."""
    handler = type(
        "Api",
        (FakeGitHub,),
        {"comments": [{"id": i, "body": f"looks good {i}"} for i in range(120)], "requests": [], "status": 200},
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    runner["env"]["GITHUB_API_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield handler
    server.shutdown()
    server.server_close()


# the action as declared ------------------------------------------------------------------------


def test_action_declares_every_input_it_reads_and_gives_each_run_step_a_shell() -> None:
    assert ACTION["runs"]["using"] == "composite" and ACTION["inputs"]["inputs"]["required"] is True
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    used = set(re.findall(r"inputs\.([\w-]+)", text.split("runs:", 1)[1]))
    assert used <= set(ACTION["inputs"]), used - set(ACTION["inputs"])
    expected = {"inputs", "glossary", "config", "formats", "fail", "mt", "comment", "artifact", "cache"}
    assert expected <= set(ACTION["inputs"])
    for step in ACTION["runs"]["steps"]:
        assert "uses" in step or step.get("shell") == "bash", step  # composite run steps need a shell
    for output in ACTION["outputs"].values():
        assert output["value"].startswith("${{")


def test_action_steps_that_use_other_actions_get_the_planned_paths(
    runner: dict[str, Any], corpus: dict[str, str]
) -> None:
    done = run(
        runner,
        {"inputs": "no such file.tsv", "report-dir": "out dir", "artifact": "names report", "python-version": "3.12"},
    )  # mtaudit refuses it at once; every step is reached
    setup, pip_cache, mt_cache, upload = (s for s in done.steps if s.uses)
    assert setup.uses.startswith("actions/setup-python@") and setup.with_values == {"python-version": "3.12"}
    assert setup.condition == "inputs.python-version != ''"
    plan = done.step("plan").outputs
    assert pip_cache.uses.startswith("actions/cache@") and pip_cache.condition == "inputs.cache == 'true'"
    assert pip_cache.with_values["path"].splitlines() == [str(Path(runner["env"]["HOME"], ".cache", "pip"))]
    assert pip_cache.with_values["key"].startswith("mtaudit-install-Linux-py")
    assert pip_cache.with_values["key"].startswith(pip_cache.with_values["restore-keys"])
    assert mt_cache.with_values["path"] == plan["cache-dir"] == str(Path(runner["env"]["RUNNER_TEMP"], "mtaudit-cache"))
    assert mt_cache.with_values["key"] == "mtaudit-cache-Linux-42-1"  # saved anew each run, restored by prefix
    assert mt_cache.with_values["restore-keys"] == "mtaudit-cache-Linux-"
    assert upload.uses.startswith("actions/upload-artifact@") and upload.condition == "inputs.artifact != ''"
    assert upload.with_values == {"name": "names report", "path": "out dir", "if-no-files-found": "ignore"}
    sarif = (ROOT / "action.yml").read_text(encoding="utf-8")
    assert "github/codeql-action/upload-sarif" in sarif and "security-events: write" in sarif


# the action run --------------------------------------------------------------------------------


def test_a_failing_gate_fails_the_job_after_the_reports_summary_and_comment(
    runner: dict[str, Any], corpus: dict[str, str], github_api: type[FakeGitHub]
) -> None:
    done = run(
        runner,
        {
            "inputs": corpus["bad"],
            "glossary": corpus["glossary"],
            "formats": "sarif",
            "report-dir": "out dir",
            "comment": "true",
        },
    )
    assert done.returncode == 1 and done.steps[-1].name == "Gate"
    reports = runner["workspace"] / "out dir"
    assert sorted(p.name for p in reports.iterdir()) == ["report.json", "report.md", "report.sarif"]
    audit = done.step("audit")
    assert audit.outputs == {
        "status": "failed",
        "passed": "false",
        "exit-code": "1",
        "findings": "12",
        "new-findings": "12",
        "summary": audit.outputs["summary"],
    }
    assert audit.outputs["summary"] == (
        "mtaudit: gate FAILED (max_errors: 12 new error findings, at most 0 allowed "
        "(12 too many)): 13 segments, 12 findings, 12 new (12 errors); "
        "reports in out dir/"
    )
    command = shlex.split(audit.stdout.splitlines()[0])
    assert command[:2] == ["mtaudit", "audit"] and command[-2:] == ["--", "my corpus/bad news.tsv"]
    assert command[command.index("--glossary") :][:2] == ["--glossary", "my corpus/our names.yaml"]
    assert "::error file=my corpus/bad news.tsv,line=3," in audit.stdout  # an annotation on the diff
    # 12 findings and the failed rule are 13 error annotations: GitHub shows 10 of them
    assert (
        "GitHub shows 10 annotations of each kind per step: 3 more errors are listed only in this report."
        in done.summary
    )
    assert audit.outputs["summary"] in audit.stdout  # the verdict in the log
    assert done.summary.startswith(MARKER) and "Gate: FAILED" in done.summary and "Bayeng" in done.summary
    assert (
        "report.json, report.md, report.sarif: in [the `mtaudit-reports` artifact]"
        "(https://github.com/example/site/actions/runs/42/artifacts/1)"
    ) in done.summary
    assert f"::error title=mtaudit::{audit.outputs['summary']}" in done.steps[-1].stdout
    (comment,) = [c for c in github_api.comments if c["body"].startswith(MARKER)]
    assert comment["body"] == done.summary and comment["id"] == 1120
    assert [r[0] for r in github_api.requests] == ["GET", "GET", "POST"]  # both pages read, then one new comment
    assert {r[2] for r in github_api.requests} == {"Bearer test-token"}
    assert pip_calls(runner)[-1][-1] == str(ROOT)  # mtaudit from the action's checkout, without the mt extra


def test_a_passing_gate_passes_and_edits_the_same_comment(
    runner: dict[str, Any], corpus: dict[str, str], github_api: type[FakeGitHub]
) -> None:
    first = run(runner, {"inputs": corpus["bad"], "glossary": corpus["glossary"], "comment": "true"})
    assert first.returncode == 1
    done = run(runner, {"inputs": corpus["good"], "glossary": corpus["glossary"], "comment": "true"})
    assert done.returncode == 0
    assert {k: done.step("audit").outputs[k] for k in ("status", "passed", "exit-code")} == {
        "status": "passed",
        "passed": "true",
        "exit-code": "0",
    }
    assert done.step("audit").outputs["summary"].startswith("mtaudit: gate passed: 1 segments, 0 findings, 0 new")
    assert "Gate: passed" in done.summary
    reports = [c for c in github_api.comments if c["body"].startswith(MARKER)]
    assert len(reports) == 1 and "Gate: passed" in reports[0]["body"]  # one comment per pull request, edited
    assert [r[0] for r in github_api.requests][-3:] == ["GET", "GET", "PATCH"]
    assert github_api.requests[-1][1] == f"/repos/example/site/issues/comments/{reports[0]['id']}"
    assert len(github_api.comments) == 121


def test_fail_false_only_reports_on_a_document_pair_in_directories_with_spaces(
    runner: dict[str, Any], glossary_file: Path
) -> None:
    zh, en = runner["workspace"] / "site zh", runner["workspace"] / "site en"
    for side, text in ((zh, "拜登政府表示。\n"), (en, "The Bayeng administration said.\n")):
        (side / "world").mkdir(parents=True)
        (side / "world" / "a.txt").write_text(text, encoding="utf-8")
    done = run(
        runner,
        {"inputs": "site zh\n  site en  \n", "glossary": str(glossary_file), "fail": "false", "artifact": ""},
        artifact_url="",
    )
    assert done.returncode == 0 and done.steps[-1].name == "Gate"
    audit = done.step("audit")
    assert shlex.split(audit.stdout.splitlines()[0])[-3:] == ["--", "site zh", "site en"]
    assert "::error file=site en/world/a.txt,line=1," in audit.stdout
    assert audit.outputs["status"] == "failed" and audit.outputs["passed"] == "false"
    assert "::warning title=mtaudit::mtaudit: gate FAILED" in done.steps[-1].stdout
    assert "Gate: FAILED" in done.summary and "artifact" not in done.summary
    assert "::notice" not in done.stdout  # no comment asked for: nothing said about it


def test_an_input_error_fails_the_job_whatever_the_fail_mode(runner: dict[str, Any], corpus: dict[str, str]) -> None:
    done = run(runner, {"inputs": "missing file.tsv", "glossary": corpus["glossary"], "fail": "false"})
    assert done.returncode == 2 and done.steps[-1].name == "Gate"
    outputs = done.step("audit").outputs
    assert outputs["status"] == "error" and outputs["exit-code"] == "2"
    assert outputs["summary"].startswith("mtaudit could not audit (exit 2): mtaudit: error: missing file.tsv")
    assert outputs["summary"] in done.summary and done.summary.startswith(MARKER)


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"inputs": "a.tsv", "fail": "sometimes"}, "fail: 'sometimes' is neither true nor false"),
        ({"inputs": "zh\nen\nfr"}, "inputs: give one path"),
        ({"inputs": " \n"}, "inputs: give one path"),
        ({"inputs": "a.tsv", "args": "--checks 'terms"}, "args: No closing quotation"),
    ],
)
def test_inputs_that_cannot_work_stop_the_action_before_the_install(
    runner: dict[str, Any], inputs: dict[str, str], message: str
) -> None:
    done = run(runner, inputs)
    assert done.returncode == 2 and done.steps[-1].id == "plan"
    assert f"::error title=mtaudit::{message}" in done.steps[-1].stdout
    assert pip_calls(runner) == []


def test_a_comment_the_token_may_not_write_is_a_warning(
    runner: dict[str, Any], corpus: dict[str, str], github_api: type[FakeGitHub]
) -> None:
    github_api.status = 403
    done = run(runner, {"inputs": "no such file.tsv", "comment": "true"})  # the error is posted too
    assert "::warning title=mtaudit::could not comment on pull request #7: HTTP 403" in done.stdout
    assert "pull-requests: write" in done.stdout


def test_outside_a_pull_request_the_comment_is_skipped_with_a_notice(
    runner: dict[str, Any], corpus: dict[str, str]
) -> None:
    done = run(runner, {"inputs": "no such file.tsv", "comment": "true"}, pr=None)
    assert "::notice title=mtaudit::not a pull request: no comment posted" in done.stdout


# the install: the light core without the MT stage, torch (CPU build) and the mt extra with it ---


@pytest.mark.parametrize(
    ("mt", "expected"),
    [
        ("false", [["{checkout}"]]),
        ("true", [["torch", "--index-url", "https://download.pytorch.org/whl/cpu"], ["{checkout}[mt]"]]),
    ],
)
def test_the_install_pulls_torch_only_for_the_reference_mt(
    runner: dict[str, Any], corpus: dict[str, str], mt: str, expected: list[list[str]]
) -> None:
    done = run(runner, {"inputs": corpus["good"], "glossary": corpus["glossary"], "mt": mt}, stop_before="audit")
    calls = [[a for a in call if a not in ("--disable-pip-version-check", "-q")] for call in pip_calls(runner)]
    assert calls == [[a.format(checkout=ROOT) for a in call] for call in expected]
    assert ("--mt" if mt == "true" else "--no-mt") in json.loads(done.step("plan").outputs["args"])


def test_a_given_install_is_installed_as_given(runner: dict[str, Any], corpus: dict[str, str]) -> None:
    run(
        runner,
        {"inputs": corpus["good"], "install": "mtaudit==0.1.0", "torch-index": "", "mt": "true"},
        stop_before="audit",
    )
    assert [call[-1] for call in pip_calls(runner)] == ["mtaudit==0.1.0"]


# pre-commit ------------------------------------------------------------------------------------


def hooks() -> dict[str, dict[str, Any]]:
    return {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}


def test_the_hooks_match_every_extension_the_readers_accept() -> None:
    from mtaudit.corpus import READERS

    bilingual = [ext for spec in READERS.values() if spec.bilingual for ext in spec.extensions]
    sides = [ext for spec in READERS.values() if not spec.bilingual for ext in spec.extensions]
    files, documents = hooks()["mtaudit"]["files"], hooks()["mtaudit-documents"]["files"]
    for ext in bilingual:
        assert re.search(files, f"dir/a{ext}") and re.search(files, f"dir/a{ext.upper()}"), ext
        assert not re.search(documents, f"a{ext}"), ext
    for ext in sides:
        assert re.search(documents, f"zh/a{ext}") and not re.search(files, f"a{ext}"), ext
    assert not re.search(files, "notes.md") and not re.search(files, "data.tsv.bak")


def test_pre_commit_validates_the_manifest() -> None:
    manifest = ROOT / ".pre-commit-hooks.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(manifest)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_file_hook_audits_each_staged_bilingual_file(tmp_path: Path, glossary_file: Path) -> None:
    hook = hooks()["mtaudit"]
    assert hook["language"] == "python" and hook.get("pass_filenames", True)
    good = write_tsv(tmp_path / "good.tsv", [("拜登会见了耶伦。", "Biden met Yellen.")])
    bad = tmp_path / "bad.xlf"
    bad.write_text(
        '<xliff version="1.2"><file original="a" source-language="zh" target-language="en"><body>'
        '<trans-unit id="u1"><source>拜登政府表示。</source><target>The Bayeng administration said.</target>'
        "</trans-unit></body></file></xliff>",
        encoding="utf-8",
    )
    staged = [p for p in (good, bad, tmp_path / "README.md") if re.search(hook["files"], str(p))]
    assert staged == [good, bad]

    def run_hook(*files: Path) -> subprocess.CompletedProcess[str]:
        entry = shlex.split(hook["entry"])
        return run_cli(*entry[1:], *hook.get("args", []), "-g", glossary_file, *files)

    done = run_hook(*staged)
    assert done.returncode == 1 and f"{bad}:1:" in done.stdout and "Bayeng" in done.stdout
    assert str(good) not in done.stdout


def test_the_documents_hook_audits_the_changed_pairs_of_two_directories(tmp_path: Path, glossary_file: Path) -> None:
    hook = hooks()["mtaudit-documents"]
    assert hook["pass_filenames"] is False and hook["language"] == "python"
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=tmp_path, check=True)
    for side, text in (("zh", "拜登会见了耶伦。\n"), ("en", "Biden met Yellen.\n")):
        (tmp_path / "content" / side).mkdir(parents=True)
        (tmp_path / "content" / side / "old.md").write_text(text, encoding="utf-8")
    subprocess.run([*git, "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "old"], cwd=tmp_path, check=True)

    def run_hook() -> subprocess.CompletedProcess[str]:
        entry = shlex.split(hook["entry"])
        return run_cli(*entry[1:], "-g", glossary_file, "content/zh", "content/en", cwd=tmp_path)

    assert run_hook().returncode == 0  # nothing changed since HEAD
    (tmp_path / "content" / "zh" / "new.md").write_text("拜登政府表示。\n", encoding="utf-8")
    (tmp_path / "content" / "en" / "new.md").write_text("The Bayeng administration said.\n", encoding="utf-8")
    done = run_hook()
    assert done.returncode == 1 and "content/en/new.md:1:" in done.stdout and "old.md" not in done.stdout


def test_every_documented_rev_exists() -> None:
    """A ``rev:`` shown to users is a tag or commit of this repository, or a placeholder said to be one."""
    texts = {
        path: (ROOT / path).read_text(encoding="utf-8")
        for path in ("README.md", ".pre-commit-hooks.yaml", "action.yml")
    }
    revs = [(path, rev) for path, text in texts.items() for rev in re.findall(r"^\s*#?\s*rev:\s*(\S+)", text, re.M)]
    revs += [(path, ref) for path, text in texts.items() for ref in re.findall(r"uses: OWNER/mtaudit@([^\s`]+)", text)]
    assert revs
    for path, rev in revs:
        if rev == "<commit-sha>":  # the README says how to find one
            continue
        exists = (
            subprocess.run(
                ["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd=ROOT, capture_output=True
            ).returncode
            == 0
        )
        assert exists, f"{path}: rev {rev} is neither a tag nor a commit of this repository"
    assert "git tag -a v0.1.0" in texts["README.md"] and "pre-commit autoupdate --freeze" in texts["README.md"]
