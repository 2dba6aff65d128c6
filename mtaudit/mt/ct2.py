"""Optional CTranslate2 backend (``--mt-backend ct2``): the fastest backend for Marian and NLLB
models on CPU (int8) and GPU. Needs the ``ct2`` extra and a converted model directory."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mtaudit.errors import ConfigError, ModelUnavailableError
from mtaudit.mt.languages import language_codes
from mtaudit.mt.model import ModelRef, load_tokenizer
from mtaudit.options import MTOptions

#: Tokenizer files copied next to a converted model, so the directory is self-contained.
TOKENIZER_FILES = (
    "source.spm",
    "target.spm",
    "vocab.json",
    "target_vocab.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "sentencepiece.bpe.model",
    "tokenizer.json",
    "spm.model",
)


def _ctranslate2():
    try:
        import ctranslate2  # an optional extra (ct2): imported only for --mt-backend ct2
    except ImportError:
        raise ModelUnavailableError("the ct2 backend needs CTranslate2: pip install 'mtaudit[ct2]'") from None
    return ctranslate2


def convert(model_dir: str | Path, out_dir: str | Path, quantization: str = "int8") -> Path:
    """Convert a transformers model directory for CTranslate2, tokenizer files included."""
    ctranslate2 = _ctranslate2()
    model_dir, out_dir = Path(model_dir), Path(out_dir)
    copy = [name for name in TOKENIZER_FILES if (model_dir / name).is_file()]
    ctranslate2.converters.TransformersConverter(str(model_dir), copy_files=copy).convert(
        str(out_dir), quantization=quantization, force=True
    )
    return out_dir


def resolve_device(requested: str) -> str:
    """``auto`` → cuda when CTranslate2 sees a GPU, else cpu."""
    ctranslate2 = _ctranslate2()
    if requested == "auto" or requested.startswith("cuda"):
        if ctranslate2.get_cuda_device_count() > 0:
            return "cuda"
        if requested != "auto":
            raise ConfigError(f"--mt-device {requested} is not available to CTranslate2 on this machine")
        return "cpu"
    if requested != "cpu":
        raise ConfigError(f"the ct2 backend runs on cpu or cuda, not '{requested}'")
    return "cpu"


def resolve_compute_type(device: str, requested: str) -> str:
    """``auto`` → bfloat16/float16 on GPU, int8 on CPU (the fast path CTranslate2 is made for)."""
    supported = _ctranslate2().get_supported_compute_types(device)
    if requested != "auto":
        if requested not in supported:
            raise ConfigError(
                f"compute type '{requested}' is not supported on {device} (supported: {', '.join(sorted(supported))})"
            )
        return requested
    preferred = ("bfloat16", "float16", "float32") if device == "cuda" else ("int8", "int8_float32", "float32")
    return next(kind for kind in preferred if kind in supported)


class Ct2Backend:
    """Translate with ``ctranslate2.Translator``; tokenization stays with the transformers tokenizer."""

    backend = "ct2"

    def __init__(self, ref: ModelRef, options: MTOptions):
        ctranslate2 = _ctranslate2()
        self.options = options
        self.device = resolve_device(options.device)
        self.compute_type = resolve_compute_type(self.device, options.dtype)
        tokenizer_dir = Path(options.tokenizer).expanduser() if options.tokenizer else ref.path
        if not options.tokenizer and not any((ref.path / name).is_file() for name in TOKENIZER_FILES):
            raise ModelUnavailableError(
                f"{ref.path} has no tokenizer files: convert with --copy_files, or pass the "
                "original model directory as the tokenizer"
            )
        self.tokenizer = load_tokenizer(tokenizer_dir)
        self.languages = language_codes(self.tokenizer, options)
        self.translator = ctranslate2.Translator(
            str(ref.path), device=self.device, compute_type=self.compute_type, intra_threads=options.ct2_threads
        )

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(ids) for ids in self.tokenizer(list(texts))["input_ids"]]

    def translate(self, texts: list[str]) -> list[str]:
        sources = [self.tokenizer.convert_ids_to_tokens(self.tokenizer.encode(text)) for text in texts]
        prefix = [[self.languages.target_token]] * len(texts) if self.languages.target_token else None
        results = self.translator.translate_batch(
            sources,
            target_prefix=prefix,
            beam_size=self.options.num_beams,
            max_decoding_length=self.options.max_new_tokens + (1 if prefix else 0),
        )
        outputs = []
        for result in results:
            tokens = result.hypotheses[0][1:] if prefix else result.hypotheses[0]
            ids = self.tokenizer.convert_tokens_to_ids(tokens)
            outputs.append(self.tokenizer.decode(ids, skip_special_tokens=True).strip())
        return outputs
