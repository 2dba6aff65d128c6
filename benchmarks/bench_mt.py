"""Reference MT throughput on an opus-mt-zh-en-shaped Marian model (random weights: same
architecture and vocabulary size, so the same cost per token), on CPU, or CUDA when present.

Compares, on the same sentences and the same greedy settings:
  naive      one ``generate()`` call per sentence (transformers fp32)
  batched    mtaudit's length-bucketed batches by token budget (transformers fp32)
  ct2 int8   the same batches through CTranslate2 int8 (if ``ctranslate2`` is installed)
  cache      a full ``translate_texts`` run with an empty cache (cold: model load included) vs the same
             run again (warm: every sentence from the SQLite cache)
Figures are sentences/s and target tokens/s (outputs re-tokenised), with ratios to the naive
run. Goals (issue 5): batched >= 1.3x naive, ct2 int8 >= 3x transformers fp32, warm >= 50x cold.

    python -m benchmarks mt                       # ~2-3 minutes on 2 CPU cores
    python -m benchmarks.bench_mt --sentences 200 --max-new-tokens 64
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


def build_model(out_dir: Path) -> Path:
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


def sentences(count: int, seed: int = 0) -> list[str]:
    """Distinct Chinese sources of 1 to 4 fixture sentences each (about 8 to 50 tokens)."""
    from tests.marian_factory import PAIRS

    rng = random.Random(seed)
    out: dict[str, None] = {}
    while len(out) < count:
        out["".join(rng.choice(PAIRS)[0] for _ in range(rng.randint(1, 4)))] = None
    return list(out)


def timed(label: str, texts: list[str], translate, count_tokens) -> dict:
    started = time.perf_counter()
    outputs = translate(texts)
    seconds = time.perf_counter() - started
    tokens = sum(count_tokens(outputs))
    row = {
        "label": label,
        "seconds": seconds,
        "sent_s": len(texts) / seconds,
        "tok_s": tokens / seconds,
        "tokens": tokens,
    }
    print(f"  {label:<22} {seconds:8.2f} s {row['sent_s']:8.1f} sent/s {row['tok_s']:9.1f} tok/s", flush=True)
    return row


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=32)
    parser.add_argument("--max-new-tokens", type=int, default=32)
    parser.add_argument("--batch-tokens", type=int, default=2048)
    parser.add_argument("--device", default="auto")
    parser.add_argument(
        "--threads", type=int, default=0, help="CPU threads for torch and CTranslate2 (0: torch's default)"
    )
    args = parser.parse_args(argv if argv is not None else [])

    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    from mtaudit.mt import MTOptions, translate_texts
    from mtaudit.mt.batching import plan_batches
    from mtaudit.mt.model import ModelRef, TransformersBackend

    work = Path(tempfile.mkdtemp(prefix="bench-mt-"))
    print(f"building an opus-mt-zh-en-shaped model (random weights) in {work} ...", flush=True)
    model_dir = build_model(work / "model")
    texts = sentences(args.sentences)
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

    print(
        f"{len(texts)} sentences, greedy, max_new_tokens={args.max_new_tokens}, device={engine.device}, "
        f"torch threads={torch.get_num_threads()}",
        flush=True,
    )
    engine.translate(texts[:2])  # warm-up
    naive = timed("transformers naive", texts, lambda items: [engine.translate([t])[0] for t in items], count_tokens)
    bucketed = timed("transformers batched", texts, batched(engine), count_tokens)
    rows = [naive, bucketed]
    try:
        from mtaudit.mt.ct2 import Ct2Backend, convert

        ct2_dir = convert(model_dir, work / "ct2", quantization="int8")
        ct2 = Ct2Backend(
            ModelRef(str(ct2_dir), ct2_dir, "bench"),
            replace(options, backend="ct2", ct2_threads=torch.get_num_threads()),
        )
        ct2.translate(texts[:2])
        rows.append(timed(f"ct2 {ct2.compute_type} batched", texts, batched(ct2), count_tokens))
    except ImportError as exc:
        print(f"  ct2: skipped ({exc}); pip install 'mtaudit[ct2]'")

    cold_started = time.perf_counter()
    _, cold = translate_texts(texts, options)
    cold_s = time.perf_counter() - cold_started
    warm_started = time.perf_counter()
    _, warm = translate_texts(texts, options)
    warm_s = time.perf_counter() - warm_started
    print(f"  cache cold (load+translate) {cold_s:8.2f} s ({cold.translated} translated)")
    print(f"  cache warm                  {warm_s:8.4f} s ({warm.cache_hits} from cache, {warm.translated} translated)")

    print("ratios (same run):")
    print(f"  batched / naive            {bucketed['tok_s'] / naive['tok_s']:6.2f}x tok/s   (goal >= 1.3x)")
    if len(rows) > 2:
        print(
            f"  ct2 int8 / transformers    {rows[2]['tok_s'] / bucketed['tok_s']:6.2f}x tok/s   (batched vs batched; goal >= 3x)"
        )
        print(f"  ct2 int8 / naive           {rows[2]['tok_s'] / naive['tok_s']:6.2f}x tok/s")
    print(f"  warm cache / cold          {cold_s / warm_s:6.1f}x faster      (goal >= 50x)")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
