"""Configuration: discovery upward, --config, [tool.mtaudit], strict keys, kind overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtaudit.config import find_config, load_config
from mtaudit.errors import ConfigError
from tests.reportcase import sample_result

FULL = """
baseline = "accepted.json"

[gate]
max_errors = 2
max_warnings = 10
max_info = 100
fail_on_missing_metric = true

[gate.max_per_kind]
forbidden = 0

[gate.reference]
min_chrf = 55
max_ter = 70.5

[gate.mt]
"min_chrf++" = 40

[gate.terms]
min_success_rate = 0.95

[kinds.inconsistent]
severity = "error"

[kinds.missing]
enabled = false
"""


def test_full_configuration_is_read(tmp_path: Path) -> None:
    (tmp_path / "mtaudit.toml").write_text(FULL, encoding="utf-8")
    config = load_config(tmp_path / "mtaudit.toml")
    assert (config.gate.max_errors, config.gate.max_warnings, config.gate.max_info) == (2, 10, 100)
    assert config.gate.max_per_kind == {"forbidden": 0}
    assert config.gate.metrics == {
        "reference.min_chrf": 55.0,
        "reference.max_ter": 70.5,
        "mt.min_chrf++": 40.0,
        "terms.min_success_rate": 0.95,
    }
    assert config.gate.fail_on_missing_metric is True
    assert config.kinds["inconsistent"].severity == "error" and config.kinds["missing"].enabled is False
    assert config.baseline == tmp_path / "accepted.json"  # relative to the configuration file


def test_found_in_a_parent_directory_and_mtaudit_toml_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.mtaudit.gate]\nmax_errors = 3\n", encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (tmp_path / "a" / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")  # no tool.mtaudit
    monkeypatch.chdir(deep)
    assert find_config() == tmp_path / "pyproject.toml"
    assert load_config().gate.max_errors == 3
    (tmp_path / "a" / "mtaudit.toml").write_text("[gate]\nmax_errors = 7\n", encoding="utf-8")
    assert load_config().gate.max_errors == 7


def test_explicit_config_overrides_discovery(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "mtaudit.toml").write_text("[gate]\nmax_errors = 7\n", encoding="utf-8")
    other = tmp_path / "ci.toml"
    other.write_text("[gate]\nmax_errors = 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_config(other).gate.max_errors == 1


def test_no_configuration_means_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config(search=False)
    assert config.path is None and config.gate.max_errors == 0 and config.kinds == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[gate]\nmax_eror = 1\n", "unknown key 'gate.max_eror' (did you mean 'max_errors'?)"),
        ("[gates]\n", "unknown key 'gates' (did you mean 'gate'?)"),
        ("[kinds.misrenderd]\nenabled = false\n", "unknown key 'kinds.misrenderd' (did you mean 'misrendered'?)"),
        ("[kinds.missing]\nseverity = 'fatal'\n", "severity must be one of error, warning, info"),
        ("[gate.reference]\nmin_chrF = 50\n", "unknown key 'gate.reference.min_chrF' (did you mean 'min_chrf'?)"),
        ("[gate.terms]\nmin_success_rate = 95\n", "rate between 0 and 1"),
        ("[gate]\nmax_errors = -1\n", "whole number"),
        ("[gate]\nmax_errors = 'none'\n", "whole number"),
        ("[kinds.missing]\nenabled = 'no'\n", "must be a bool"),
        ("[gate\n", "invalid TOML"),
    ],
)
def test_bad_configuration_names_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "mtaudit.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert message in str(caught.value) and str(path) in str(caught.value)


def test_pyproject_key_path_is_named(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.mtaudit.gate]\nmin_chrf = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown key 'tool\.mtaudit\.gate\.min_chrf'"):
        load_config(path)


def test_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")


def test_kind_switched_off_and_severity_changed_before_the_gate(tmp_path: Path) -> None:
    path = tmp_path / "mtaudit.toml"
    path.write_text(
        "[kinds.missing]\nenabled = false\n[kinds.forbidden]\nseverity = 'warning'\n"
        "[kinds.misrendered]\nseverity = 'info'\n[kinds.inconsistent]\nseverity = 'error'\n",
        encoding="utf-8",
    )
    result = sample_result(tmp_path, config=load_config(path))
    kinds = dict(zip(result.findings["kind"], result.findings["severity"], strict=True))
    assert "missing" not in kinds
    assert kinds == {"forbidden": "warning", "misrendered": "info", "inconsistent": "error"}
    assert result.summary["gate"]["failures"][0]["actual"] == 1  # only the inconsistent one is an error now
    assert result.summary["config"] == str(path)


def test_cli_uses_the_configuration_found_upward(tmp_path: Path, glossary_file: Path) -> None:
    import subprocess

    from tests.conftest import run_cli, write_tsv

    corpus = write_tsv(tmp_path / "c.tsv", [("拜登政府表示。", "The Bayeng administration said.")])

    def run() -> subprocess.CompletedProcess[str]:
        return run_cli("audit", corpus, "--no-mt", "-g", glossary_file, cwd=tmp_path)

    assert run().returncode == 1
    (tmp_path / "mtaudit.toml").write_text("[gate]\nmax_errors = 1\n", encoding="utf-8")
    assert run().returncode == 0
    (tmp_path / "mtaudit.toml").write_text("[gate]\nmax_erors = 1\n", encoding="utf-8")
    done = run()
    assert done.returncode == 2 and "did you mean 'max_errors'" in done.stderr and "mtaudit.toml" in done.stderr
