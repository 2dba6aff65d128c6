"""Reference MT throughput on Helsinki-NLP/opus-mt-zh-en's real architecture and tokenizer with
random weights (the same cost per token), on CPU, or CUDA when present.

The model is built from the published config.json and SentencePiece files without the weights
(``$MTAUDIT_NOWEIGHTS_MODEL``, else ``../shared/models/opus-mt-zh-en-noweights``; never copied
here) and saved in the published layout; the sources are WMT22 zh-en sources read at run time
(``$MTAUDIT_REAL_DATA``, else ``../shared/data/wmt22-zh-en``). Without them, an opus-mt-zh-en-shaped
model with a locally trained vocabulary translates our own fixture sentences.

Compares, on the same sentences and the same greedy settings:
  naive      one ``generate()`` call per sentence (transformers fp32)
  batched    mtaudit's length-bucketed batches by token budget (transformers fp32)
  ct2 int8   the same batches through CTranslate2 int8 (if ``ctranslate2`` is installed)
  cache      a full ``translate_texts`` run with an empty cache (cold: model load included) vs the same
             run again (warm: every sentence from the SQLite cache)
Figures are sentences/s and target tokens/s (outputs re-tokenised), with ratios to each baseline.
Goals (issue 5): batched >= 1.3x naive, ct2 int8 >= 3x transformers fp32, warm >= 50x cold.

    python -m benchmarks mt                       # ~1-2 minutes on 2 CPU cores (one thread)
    python -m benchmarks.bench_mt --threads 0 --sentences 200 --max-new-tokens 64
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

#: Helsinki-NLP/opus-mt-zh-en: d_model 512, 6+6 layers, 8 heads, FFN 2048, vocabulary 65001.
OPUS_ZH_EN = {"d_model": 512, "layers": 6, "heads": 8, "ffn": 2048, "model_vocab": 65001}
#: Goals of the ratios: (measured, baseline) → at least this.
GOALS = {"batched": 1.3, "ct2": 3.0, "warm": 50.0}


def build_model(out_dir: Path, real: bool) -> tuple[Path, str]:
    """The real opus-mt-zh-en with random weights in the published layout (``real``), else a model
    of its shape; and what it is, in words."""
    from tests.marian_factory import build_published_layout, noweights_model

    if real:
        return build_published_layout(
            out_dir, english_only=True
        ), f"opus-mt-zh-en's config and tokenizer ({noweights_model()})"
    return build_shaped_model(out_dir), f"opus-mt-zh-en-shaped, local vocabulary ({noweights_model()} is absent)"


def build_shaped_model(out_dir: Path) -> Path:
    """An opus-mt-zh-en-shaped model with random weights; padding pieces can never be generated,
    so outputs decode to real text (and re-tokenise to the number of generated tokens)."""
    import torch

    from tests.marian_factory import PAIRS, build_marian

    texts = [s for s, _ in PAIRS] + [t for _, t in PAIRS]
    model, tokenizer = build_marian(out_dir, texts, **OPUS_ZH_EN)
    never = [i for token, i in tokenizer.get_vocab().items() if token.startswith("<unused") or token == "<pad>"]
    with torch.no_grad():
        model.final_logits_bias[:, never] = -1e4
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    return out_dir


def sentences(count: int, real: bool, seed: int = 0) -> tuple[list[str], str]:
    """``count`` distinct sources, and where they come from: a seeded sample of the WMT22 sources
    when ``real`` (the real tokenizer) and the set is here, else 1 to 4 fixture sentences each."""
    from benchmarks.real.data import DevSet, data_directory

    rng = random.Random(seed)
    if real and DevSet.available():
        distinct = list(dict.fromkeys(line for line in DevSet.load().source if line.strip()))
        return rng.sample(distinct, min(count, len(distinct))), f"WMT22 zh-en sources ({data_directory()})"
    from tests.marian_factory import PAIRS

    out: dict[str, None] = {}
    while len(out) < count:
        out["".join(rng.choice(PAIRS)[0] for _ in range(rng.randint(1, 4)))] = None
    return list(out), "our fixture sentences, 1 to 4 each"


def timed(label: str, texts: list[str], translate, count_tokens) -> dict:
    started = time.perf_counter()
    outputs = translate(texts)
    seconds = time.perf_counter() - started
    tokens = sum(count_tokens(outputs))
    row = {"label": label, "seconds": seconds, "sent_s": len(texts) / seconds, "tok_s": tokens / seconds}
    print(f"  {label:<24} {seconds:8.2f} s {row['sent_s']:8.1f} sent/s {row['tok_s']:9.1f} tok/s", flush=True)
    return row


def print_table(rows: list[dict], cold_s: float, warm_s: float) -> None:
    """One table: each engine beside the baseline its ratio is to, with the goal and whether it is met."""
    naive, batched, *ct2 = rows
    ratios = [
        (naive, "baseline", None, None),
        (batched, f"{batched['tok_s'] / naive['tok_s']:.2f}x naive", batched["tok_s"] / naive["tok_s"], "batched"),
        *[
            (row, f"{row['tok_s'] / batched['tok_s']:.2f}x batched", row["tok_s"] / batched["tok_s"], "ct2")
            for row in ct2
        ],
    ]
    print(f"{'engine':<32} {'seconds':>8} {'sent/s':>8} {'tok/s':>9}  {'ratio (tok/s)':<16} goal")
    for row, ratio, value, goal in ratios:
        met = "" if goal is None else f">= {GOALS[goal]:g}x {'met' if value >= GOALS[goal] else 'MISSED'}"
        print(f"{row['label']:<32} {row['seconds']:8.2f} {row['sent_s']:8.1f} {row['tok_s']:9.1f}  {ratio:<16} {met}")
    warm = cold_s / warm_s
    print(f"{'cache: cold run (load+translate)':<32} {cold_s:8.2f} {'':>8} {'':>9}  {'baseline':<16}")
    print(
        f"{'cache: warm run (all cached)':<32} {warm_s:8.4f} {'':>8} {'':>9}  {f'{warm:.0f}x faster':<16} "
        f">= {GOALS['warm']:g}x {'met' if warm >= GOALS['warm'] else 'MISSED'}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=32)
    parser.add_argument("--max-new-tokens", type=int, default=32)
    parser.add_argument("--batch-tokens", type=int, default=2048)
    parser.add_argument("--device", default="auto")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="CPU threads for torch and CTranslate2 (0: torch's default, all cores). One by default: on a "
        "machine other processes share, more threads make the ratios swing (CTranslate2 loses most)",
    )
    args = parser.parse_args(argv if argv is not None else [])

    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    from mtaudit.errors import ModelUnavailableError
    from mtaudit.mt import MTOptions, translate_texts
    from mtaudit.mt.batching import plan_batches
    from mtaudit.mt.model import ModelRef, TransformersBackend
    from tests.marian_factory import has_noweights_model

    work = Path(tempfile.mkdtemp(prefix="bench-mt-"))
    real = has_noweights_model()
    model_dir, model_kind = build_model(work / "model", real)
    print(f"model: {model_kind}, random weights, in {model_dir}", flush=True)
    texts, origin = sentences(args.sentences, real)
    options = MTOptions(
        model=str(model_dir),
        device=args.device,
        num_beams=1,
        max_new_tokens=args.max_new_tokens,
        batch_tokens=args.batch_tokens,
        cache_dir=str(work / "cache"),
        progress=False,
    )
    ref = ModelRef(str(model_dir), model_dir, "bench")
    engine = TransformersBackend(ref, options)
    tokenizer = engine.tokenizer

    def count_tokens(outputs: list[str]) -> list[int]:
        return [len(ids) for ids in tokenizer(text_target=outputs)["input_ids"]]

    def batched(engine_):
        def run(items: list[str]) -> list[str]:
            out = [""] * len(items)
            for batch in plan_batches(engine_.count_tokens(items), options.batch_tokens):
                for i, text in zip(batch, engine_.translate([items[i] for i in batch]), strict=True):
                    out[i] = text
            return out

        return run

    source_tokens = engine.count_tokens(texts)
    print(
        f"{len(texts)} sentences from {origin}: {sum(source_tokens) / len(texts):.1f} source tokens on average "
        f"({min(source_tokens)}-{max(source_tokens)}); greedy, max_new_tokens={args.max_new_tokens}, "
        f"device={engine.device}, torch threads={torch.get_num_threads()}",
        flush=True,
    )
    engine.translate(texts[:2])  # warm-up
    naive = timed(
        "transformers fp32 naive", texts, lambda items: [engine.translate([t])[0] for t in items], count_tokens
    )
    rows = [naive, timed("transformers fp32 batched", texts, batched(engine), count_tokens)]
    try:
        from mtaudit.mt.ct2 import Ct2Backend, convert

        ct2_dir = convert(model_dir, work / "ct2", quantization="int8")
        ct2 = Ct2Backend(
            ModelRef(str(ct2_dir), ct2_dir, "bench"),
            replace(options, backend="ct2", ct2_threads=torch.get_num_threads()),
        )
        ct2.translate(texts[:2])
        rows.append(timed(f"ct2 {ct2.compute_type} batched", texts, batched(ct2), count_tokens))
    except ModelUnavailableError as exc:
        print(f"  ct2: skipped ({exc})")

    cold_started = time.perf_counter()
    _, cold = translate_texts(texts, options)
    cold_s = time.perf_counter() - cold_started
    warm_started = time.perf_counter()
    _, warm = translate_texts(texts, options)
    warm_s = time.perf_counter() - warm_started
    print(
        f"  cache cold: {cold.translated} translated; warm: {warm.cache_hits} from the cache, {warm.translated} translated"
    )
    print("figures (same run):")
    print_table(rows, cold_s, warm_s)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
