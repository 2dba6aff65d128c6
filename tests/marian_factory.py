"""Build real Marian models locally: a sentencepiece vocabulary trained on given text, a
``MarianConfig`` of any size, and (optionally) a few hundred training steps on sentence pairs.

Model hubs are unreachable here, so the tests and the benchmark make their own models with the
real transformers code. Used by ``tests/conftest.py`` (a tiny trained model) and
``benchmarks/bench_mt.py`` (an opus-mt-zh-en-sized model with random weights, when the real
configuration below is absent).

:func:`build_published_layout` rebuilds the real opus-mt-zh-en (its published configuration and
SentencePiece tokenizer, kept outside the repository without their weights: see
:func:`noweights_model`) with random weights, in the published directory layout.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
#: The published model's files besides its weights and generation settings, copied as they are.
PUBLISHED_FILES = ("config.json", "source.spm", "target.spm", "vocab.json", "tokenizer_config.json")

#: Our own Chinese–English pairs (not taken from any corpus); the tiny model learns them by heart.
PAIRS: tuple[tuple[str, str], ...] = (
    ("拜登会见了耶伦。", "Biden met Yellen."),
    ("耶伦访问北京。", "Yellen visited Beijing."),
    ("普京访问北京。", "Putin visited Beijing."),
    ("王毅会见了布林肯。", "Wang Yi met Blinken."),
    ("布林肯访问上海。", "Blinken visited Shanghai."),
    ("拜登访问上海。", "Biden visited Shanghai."),
    ("今天天气很好。", "The weather is fine today."),
    ("会议在周二举行。", "The meeting was held on Tuesday."),
    ("双方同意继续对话。", "Both sides agreed to continue the dialogue."),
    ("雷蒙多会见了王毅。", "Raimondo met Wang Yi."),
    ("普京会见了拜登。", "Putin met Biden."),
    ("耶伦会见了何立峰。", "Yellen met He Lifeng."),
    ("何立峰访问华盛顿。", "He Lifeng visited Washington."),
    ("李强访问柏林。", "Li Qiang visited Berlin."),
    ("会谈富有成果。", "The talks were fruitful."),
    ("记者会在北京举行。", "The press conference was held in Beijing."),
)


def train_sentencepiece(texts: Sequence[str], out_dir: Path, vocab_size: int) -> Path:
    """A unigram sentencepiece model over ``texts`` (Chinese and English), written to out_dir/spm.model."""
    import sentencepiece as spm

    out_dir.mkdir(parents=True, exist_ok=True)
    corpus = out_dir / "spm_corpus.txt"
    corpus.write_text("\n".join(texts) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(out_dir / "spm"),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        unk_id=1,
        eos_id=0,
        bos_id=-1,
        pad_id=-1,
        minloglevel=2,
        num_threads=1,
    )
    corpus.unlink()
    return out_dir / "spm.model"


def build_marian(
    out_dir: Path,
    texts: Sequence[str],
    *,
    spm_vocab: int = 400,
    model_vocab: int | None = None,
    d_model: int = 64,
    layers: int = 2,
    heads: int = 4,
    ffn: int = 128,
    seed: int = 0,
):
    """Write a Marian tokenizer (source.spm, target.spm, vocab.json) and an untrained model to out_dir.

    ``model_vocab`` pads the vocabulary with unused pieces to reach a real model's size (the output
    projection is a large share of decoding cost). Returns (model, tokenizer).
    """
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out_dir = Path(out_dir)
    spm_path = train_sentencepiece(texts, out_dir / "_spm", spm_vocab)
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(spm_path))
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    vocab = {"</s>": 0, "<unk>": 1}
    for piece in pieces:
        vocab.setdefault(piece, len(vocab))
    for filler in range(len(vocab), (model_vocab or 0) - 1):
        vocab[f"<unused{filler}>"] = filler
    vocab["<pad>"] = len(vocab)
    for name in ("source.spm", "target.spm"):
        shutil.copy(spm_path, out_dir / name)
    shutil.rmtree(spm_path.parent)
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*sacremoses.*")  # only for Moses-style pre-tokenisation
        tokenizer = MarianTokenizer(
            str(out_dir / "source.spm"),
            str(out_dir / "target.spm"),
            str(out_dir / "vocab.json"),
            source_lang="zh",
            target_lang="en",
        )
    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn,
        decoder_ffn_dim=ffn,
        max_position_embeddings=512,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        bos_token_id=None,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        num_beams=1,
        max_length=512,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    return model, tokenizer


def train_pairs(model, tokenizer, pairs: Sequence[tuple[str, str]], steps: int = 250, lr: float = 3e-3, seed: int = 0):
    """Full-batch training until the model reproduces ``pairs`` (a few seconds for a tiny model)."""
    import torch

    torch.manual_seed(seed)
    batch = tokenizer([s for s, _ in pairs], text_target=[t for _, t in pairs], return_tensors="pt", padding=True)
    batch["labels"][batch["labels"] == tokenizer.pad_token_id] = -100
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    embeddings = model.get_input_embeddings().weight
    model.train()
    for _ in range(steps):
        optimiser.zero_grad()
        loss = model(**batch).loss
        loss.backward()
        optimiser.step()
        with torch.no_grad():  # Marian decoding starts from a zero <pad> embedding (CTranslate2 assumes it)
            embeddings[tokenizer.pad_token_id] = 0
    model.eval()
    return float(loss.detach())


def build_tiny_zh_en(out_dir: Path, steps: int = 250) -> Path:
    """The test model: tiny, trained on :data:`PAIRS`, saved with its tokenizer under out_dir."""
    texts = [s for s, _ in PAIRS] + [t for _, t in PAIRS]
    model, tokenizer = build_marian(out_dir, texts)
    train_pairs(model, tokenizer, PAIRS, steps=steps)
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    return Path(out_dir)


def noweights_model() -> Path:
    """Where Helsinki-NLP/opus-mt-zh-en lies without its weights (never copied into the repository:
    see its NOTICE.md): ``$MTAUDIT_NOWEIGHTS_MODEL``, else ``../shared/models/opus-mt-zh-en-noweights``
    beside the repository. It may be absent: check with :func:`has_noweights_model`."""
    default = REPOSITORY.parent / "shared" / "models" / "opus-mt-zh-en-noweights"
    return Path(os.environ.get("MTAUDIT_NOWEIGHTS_MODEL", default))


def has_noweights_model(path: Path | None = None) -> bool:
    path = path or noweights_model()
    return all((path / name).is_file() for name in PUBLISHED_FILES)


def build_published_layout(
    out_dir: Path, source: Path | None = None, *, english_only: bool = False, seed: int = 0
) -> Path:
    """The published model's directory, with seeded random weights: its config.json and tokenizer
    files as published, ``model.safetensors`` as ``save_pretrained`` writes it, and
    ``generation_config.json`` as transformers derives it from that config.json (the legacy
    generation fields: bad_words_ids, max_length, num_beams and the special token ids).

    ``english_only`` keeps the outputs to the pieces target.spm writes, as a trained model's are
    (the shared vocabulary's Chinese half gets a -1e4 logit bias): they then re-tokenise to the
    number of tokens generated, which is how the benchmark counts them."""
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel

    source, out_dir = Path(source or noweights_model()), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    raw = json.loads((source / "config.json").read_text(encoding="utf-8"))
    torch.manual_seed(seed)
    model = MarianMTModel(MarianConfig.from_dict(raw))
    model.generation_config = GenerationConfig.from_model_config(raw)
    if english_only:
        with torch.no_grad():
            model.final_logits_bias[:, _pieces_target_spm_lacks(source)] = -1e4
    model.save_pretrained(out_dir)
    for name in PUBLISHED_FILES:  # config.json too: save_pretrained writes its own, without the legacy fields
        shutil.copyfile(source / name, out_dir / name)
    return out_dir


def _pieces_target_spm_lacks(source: Path) -> list[int]:
    import sentencepiece as spm

    target = spm.SentencePieceProcessor(model_file=str(source / "target.spm"))
    vocab = json.loads((source / "vocab.json").read_text(encoding="utf-8"))
    return [index for piece, index in vocab.items() if target.piece_to_id(piece) == target.unk_id()]
