"""``mtaudit compare A B``: which of two candidate translations of the same sources is better.

Metric deltas are tested with sacrebleu's own paired bootstrap resampling and approximate
randomisation (``sacrebleu.significance.PairedTest``, seeded by ``SACREBLEU_SEED``, default
12345, so results repeat); per-term success is tested with an exact McNemar test on the glossary
terms that one system renders acceptably and the other does not. A is the baseline.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sacrebleu.metrics import BLEU, CHRF
from sacrebleu.significance import PairedTest

from mtaudit.checks.analysis import analyse_terms
from mtaudit.checks.context import CheckContext
from mtaudit.corpus import load_corpus
from mtaudit.errors import ConfigError, InputError
from mtaudit.glossary import load_glossaries
from mtaudit.metrics import term_success_by_occurrence
from mtaudit.options import CompareOptions
from mtaudit.result import finite
from mtaudit.ter import ExactTER
from mtaudit.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from sacrebleu.significance import Result

COMPARE_SCHEMA = "mtaudit.compare/1"
FORMATS = ("json", "markdown")


def compare(
    a: str | Path,
    b: str | Path,
    *,
    reference: str | Path | None = None,
    glossaries: Iterable[str | Path] | None = None,
    options: CompareOptions | None = None,
) -> dict[str, Any]:
    """Compare two translation files of the same sources; return the comparison as a dict."""
    options = options or CompareOptions()
    seg_a, seg_b = load_corpus(a), load_corpus(b)
    _check_same_sources(seg_a, seg_b, Path(b))
    refs = _references(seg_a, seg_b, reference)
    notices: list[str] = []
    result: dict[str, Any] = {
        "schema": COMPARE_SCHEMA,
        "version": __version__,
        "a": str(a),
        "b": str(b),
        "segments": len(seg_a),
        "alpha": options.alpha,
        "metrics": {},
        "notices": notices,
    }
    rows = [i for i, ref in enumerate(refs) if ref and ref.strip()]
    if rows:
        hyps_a = [str(seg_a["target"].iat[i]) for i in rows]
        hyps_b = [str(seg_b["target"].iat[i]) for i in rows]
        result["reference_segments"] = len(rows)
        kept = cast("list[str]", [refs[i] for i in rows])  # the rows with a reference
        result["metrics"] = metric_tests(hyps_a, hyps_b, kept, options, notices)
    else:
        notices.append("no reference translations (a reference column in A or B, or --reference): metrics not compared")
    glossary = load_glossaries(glossaries)
    terms = term_test(seg_a, seg_b, glossary, options.alpha)
    if terms:
        result["terms"] = terms
    result["verdict"] = verdict(result)
    return result


def _check_same_sources(seg_a: pd.DataFrame, seg_b: pd.DataFrame, path_b: Path) -> None:
    if len(seg_a) != len(seg_b):
        raise InputError(
            f"B has {len(seg_b)} segments, A has {len(seg_a)}: not translations of the same sources", path_b
        )
    for i, (src_a, src_b) in enumerate(zip(seg_a["source"], seg_b["source"], strict=True)):
        if src_a != src_b:
            raise InputError(
                f"segment {i + 1} has a different source in A and B: not translations of the same sources", path_b
            )


def _references(seg_a: pd.DataFrame, seg_b: pd.DataFrame, reference: str | Path | None) -> list[str | None]:
    """References from --reference (its ``reference`` column, else its ``target``), else from A, else B."""
    if reference is not None:
        seg_r = load_corpus(reference)
        if len(seg_r) != len(seg_a):
            raise InputError(f"the reference has {len(seg_r)} segments, A has {len(seg_a)}", reference)
        column = "reference" if seg_r["reference"].notna().any() else "target"
        return [v if isinstance(v, str) else None for v in seg_r[column]]
    for frame in (seg_a, seg_b):
        if frame["reference"].notna().any():
            return [v if isinstance(v, str) else None for v in frame["reference"]]
    return [None] * len(seg_a)


def metric_tests(
    hyps_a: list[str], hyps_b: list[str], refs: list[str], options: CompareOptions, notices: list[str]
) -> dict[str, Any]:
    """BLEU, chrF, chrF++ and TER (unless ``ter_max_words`` leaves it out) of A and B, with both of
    sacrebleu's paired tests."""
    metrics: dict[str, Any] = {"bleu": BLEU(), "chrf": CHRF(), "chrf++": CHRF(word_order=2)}
    longest = max(len(t.split()) for t in (*hyps_a, *hyps_b, *refs))
    if options.ter_max_words is None or options.ter_max_words < 0 or longest <= options.ter_max_words:
        metrics["ter"] = ExactTER()
    else:
        notices.append(f"TER not compared: a segment has {longest} words (> --ter-max-words {options.ter_max_words})")
    systems: list[tuple[str, Sequence[str]]] = [("A", hyps_a), ("B", hyps_b)]
    tests: dict[str, dict[str, tuple[list[Result], str]]] = {}
    for kind, samples in (("bs", options.bootstrap_samples), ("ar", options.ar_trials)):
        signatures, scores = PairedTest(systems, dict(metrics), references=[refs], test_type=kind, n_samples=samples)()
        sacre_names = [name for name in scores if name != "System"]
        # a metric's column holds its Results (only the "System" column holds names)
        tests[kind] = {
            ours: (cast("list[Result]", scores[theirs]), str(signatures[theirs]))
            for ours, theirs in zip(metrics, sacre_names, strict=True)
        }
    out = {}
    for name in metrics:
        (base_bs, sys_bs), bs_signature = tests["bs"][name]
        (_, sys_ar), ar_signature = tests["ar"][name]
        higher = name != "ter"
        delta = float(sys_bs.score - base_bs.score)
        significant = max(_known(sys_bs.p_value), _known(sys_ar.p_value)) < options.alpha
        out[name] = {
            "a": float(base_bs.score),
            "b": float(sys_bs.score),
            "delta": delta,
            "higher_is_better": higher,
            "bootstrap": {
                "p_value": float(_known(sys_bs.p_value)),
                "a_mean": float(_known(base_bs.mean)),
                "a_ci": float(_known(base_bs.ci)),
                "b_mean": float(_known(sys_bs.mean)),
                "b_ci": float(_known(sys_bs.ci)),
                "signature": bs_signature,
            },
            "randomization": {"p_value": float(_known(sys_ar.p_value)), "signature": ar_signature},
            "better": _winner(delta, higher) if significant else None,
        }
    return out


def _known(value: float | None) -> float:
    """A figure a paired test always gives: the baseline's mean and interval, the other's p-value."""
    assert value is not None
    return value


def _winner(delta: float, higher_is_better: bool) -> str | None:
    if delta == 0:
        return None
    return "B" if (delta > 0) == higher_is_better else "A"


def term_test(seg_a: pd.DataFrame, seg_b: pd.DataFrame, glossary: Any, alpha: float) -> dict[str, Any]:
    """Per-term success of A and B on the same source terms, with an exact McNemar test."""
    seg_b = seg_b.copy()
    seg_b["doc_id"], seg_b["seg_id"] = seg_a["doc_id"].to_numpy(), seg_a["seg_id"].to_numpy()
    ok_a = term_success_by_occurrence(analyse_terms(seg_a, CheckContext(glossary)))
    ok_b = term_success_by_occurrence(analyse_terms(seg_b, CheckContext(glossary)))
    keys = [k for k in ok_a if k in ok_b]
    if not keys:
        return {}
    a_only = sum(ok_a[k] and not ok_b[k] for k in keys)
    b_only = sum(ok_b[k] and not ok_a[k] for k in keys)
    p_value = mcnemar_exact(a_only, b_only)
    rate_a, rate_b = sum(ok_a[k] for k in keys) / len(keys), sum(ok_b[k] for k in keys) / len(keys)
    return {
        "terms": len(keys),
        "a": rate_a,
        "b": rate_b,
        "delta": rate_b - rate_a,
        "a_only": a_only,
        "b_only": b_only,
        "test": "exact McNemar (two-sided)",
        "p_value": p_value,
        "better": _winner(rate_b - rate_a, True) if p_value < alpha else None,
    }


def mcnemar_exact(a_only: int, b_only: int) -> float:
    """Two-sided exact McNemar p-value: a binomial test of the discordant pairs against 1/2."""
    n = a_only + b_only
    if n == 0:
        return 1.0
    k = min(a_only, b_only)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2**n
    return min(1.0, 2 * tail)


def verdict(result: dict[str, Any]) -> str:
    """One line: which system is better on what, with p-values."""
    tested = dict(result["metrics"])
    if "terms" in result:
        tested["terms"] = result["terms"]
    if not tested:
        return "nothing to compare"
    parts: dict[str | None, list[str]] = {"A": [], "B": [], None: []}
    for name, test in tested.items():
        p = test["p_value"] if name == "terms" else max(test["bootstrap"]["p_value"], test["randomization"]["p_value"])
        parts[test["better"]].append(f"{name} (p={p:.4f})")
    said = [f"{system} is better on {', '.join(parts[system])}" for system in ("B", "A") if parts[system]]
    if parts[None]:
        said.append(f"no significant difference on {', '.join(parts[None])}")
    return "; ".join(said)


def render(result: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(finite(result), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    if fmt == "markdown":
        return _markdown(result)
    raise ConfigError(f"unknown --format '{fmt}' (choose from {', '.join(FORMATS)})")


def _markdown(result: dict[str, Any]) -> str:
    lines = [
        "# mtaudit compare",
        "",
        f"A (baseline): `{result['a']}`  ",
        f"B: `{result['b']}`  ",
        f"{result['segments']} segments; significance level {result['alpha']}.",
        "",
        f"**{result['verdict']}**",
        "",
    ]
    if result["metrics"]:
        lines += [
            "| metric | A | B | Δ (B − A) | p (paired bootstrap) | p (approx. randomisation) | better |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for name, t in result["metrics"].items():
            lines.append(
                f"| {name} | {t['a']:.2f} | {t['b']:.2f} | {t['delta']:+.2f} | {t['bootstrap']['p_value']:.4f} "
                f"| {t['randomization']['p_value']:.4f} | {t['better'] or '—'} |"
            )
    if "terms" in result:
        t = result["terms"]
        lines += [
            "",
            (
                f"Term success: A {t['a']:.1%}, B {t['b']:.1%} over {t['terms']} terms "
                f"(A only {t['a_only']}, B only {t['b_only']}); {t['test']} p={t['p_value']:.4f}; "
                f"better: {t['better'] or '—'}."
            ),
        ]
    if result["metrics"]:
        lines += ["", "Signatures:", ""]
        lines += [
            f"- {name}: `{t['bootstrap']['signature']}`; `{t['randomization']['signature']}`"
            for name, t in result["metrics"].items()
        ]
    lines += [f"\n> {notice}" for notice in result["notices"]]
    return "\n".join(lines) + "\n"
