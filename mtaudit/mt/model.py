"""Find, identify and load the reference model with the real transformers code.

A model is a hub name (resolved in the local Hugging Face cache, downloaded only when allowed and
not offline) or a local directory. Its revision — the hub commit hash, or a content hash of a
local directory — goes into the cache key and the report signature.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtaudit.errors import ConfigError, ModelUnavailableError
from mtaudit.mt.cache import sha256_file
from mtaudit.mt.languages import language_codes
from mtaudit.options import MTOptions

if TYPE_CHECKING:  # pragma: no cover
    import torch

#: Weights in formats transformers does not load for PyTorch are not worth a download.
_SKIP_DOWNLOAD = ["*.h5", "*.ot", "*.msgpack", "*.onnx", "*.tflite"]
#: What each backend imports besides mtaudit's core, and the extra that installs it: the core
#: install checks glossaries without the MT stack (ct2 tokenizes with transformers, without torch).
MT_STACK = {
    "transformers": (("torch", "transformers", "sentencepiece"), "mt"),
    "ct2": (("transformers", "sentencepiece"), "ct2"),
}


@dataclass(frozen=True)
class ModelRef:
    """A model that is on disk: the name it was asked for, its directory and its revision."""

    name: str
    path: Path
    revision: str

    @property
    def identity(self) -> str:
        """What keys the cache: a local directory by content alone (it may move), a hub model by name and commit."""
        return self.revision if self.revision.startswith("sha256:") else f"{self.name}@{self.revision}"


def hub_offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().upper() in {"1", "ON", "YES", "TRUE"}


def how_to_provide(name: str) -> str:
    return (
        f"pre-download it where the hub is reachable (huggingface-cli download {name}) and copy the "
        f"Hugging Face cache, or pass a local model directory with --mt-model PATH"
    )


def require_mt_stack(backend: str) -> None:
    """:class:`ModelUnavailableError` naming the extra to install when ``backend``'s packages are not
    importable (looked up, not imported: torch takes seconds to import)."""
    packages, extra = MT_STACK[backend]
    missing = [name for name in packages if not _importable(name)]
    if missing:
        raise ModelUnavailableError(
            f"the reference MT needs the {extra} extra ({', '.join(missing)} not installed): "
            f"pip install 'mtaudit[{extra}]'"
        )


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # a broken or blocked installation
        return False


def locate_model(
    options: MTOptions, allow_download: bool = False, file_digest: Callable[[Path], bytes] | None = None
) -> ModelRef:
    """The model on disk, or :class:`ModelUnavailableError` saying how to provide it (or which
    extra to install first).

    ``file_digest`` hashes one file of a local model (the cache passes a memoised one)."""
    require_mt_stack(options.backend)
    name = options.model
    local = Path(name).expanduser()
    if local.is_dir():
        _check_model_dir(local, options.backend)
        tokenizer = Path(options.tokenizer).expanduser() if options.tokenizer else None
        return ModelRef(name, local.resolve(), "sha256:" + directory_digest(local, tokenizer, file_digest))
    if local.exists() or name.startswith((".", "/", "~")) or name.count("/") > 1:
        raise ModelUnavailableError(f"model directory not found: {name}")
    if options.backend == "ct2":
        raise ModelUnavailableError(
            f"the ct2 backend needs a converted model directory, not the hub name '{name}': convert it with "
            f"ct2-transformers-converter --model {name} --output_dir DIR --quantization int8 "
            f"--copy_files source.spm target.spm vocab.json tokenizer_config.json, then pass --mt-model DIR"
        )
    return _locate_on_hub(name, options.revision, allow_download and not hub_offline())


def _check_model_dir(path: Path, backend: str) -> None:
    marker = "model.bin" if backend == "ct2" else "config.json"
    if not (path / marker).is_file():
        raise ModelUnavailableError(f"{path} is not a {backend} model directory (no {marker})")


def _locate_on_hub(name: str, revision: str | None, download: bool) -> ModelRef:
    from huggingface_hub import snapshot_download  # comes with transformers: imported when the hub is asked

    snapshot: str | None
    try:
        snapshot = snapshot_download(name, revision=revision, local_files_only=True)
    except _hub_errors():  # not in the cache, or not a valid repository name
        snapshot = None
    if snapshot is None and download:
        try:
            snapshot = snapshot_download(name, revision=revision, ignore_patterns=_SKIP_DOWNLOAD)
        except _hub_errors() as exc:
            raise ModelUnavailableError(
                f"cannot download model '{name}' ({type(exc).__name__}); {how_to_provide(name)}"
            ) from None
    if snapshot is None:
        why = "the hub is offline (HF_HUB_OFFLINE)" if hub_offline() else "it is not in the local Hugging Face cache"
        raise ModelUnavailableError(f"model '{name}' is not available: {why}; {how_to_provide(name)}")
    path = Path(snapshot)
    return ModelRef(name, path, path.name)


def _hub_errors() -> tuple[type[Exception], ...]:
    """What huggingface_hub raises for a missing, invalid or unreachable model (its HTTP client's too)."""
    errors: list[type[Exception]] = [OSError, ValueError]
    try:
        import httpx  # comes with transformers (the hub client): imported when the hub is asked
    except ImportError:
        pass
    else:
        errors.append(httpx.HTTPError)
    return tuple(errors)


def directory_digest(path: Path, extra: Path | None = None, file_digest: Callable[[Path], bytes] | None = None) -> str:
    """A content hash of every file of a model (and tokenizer) directory: a model fine-tuned in place
    gets a new revision, so stale cached translations are never served."""
    digest = hashlib.sha256()
    for root in (path, extra) if extra else (path,):
        for file in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(str(file.relative_to(root)).encode("utf-8") + b"\0")
            digest.update((file_digest or sha256_file)(file.resolve()))
    return digest.hexdigest()[:16]


def resolve_device(requested: str) -> str:
    """``auto`` → cuda, then mps, then cpu; an explicit device must exist."""
    import torch  # heavy: imported only when the MT stage runs

    if requested == "auto":
        if torch.cuda.is_available():
            return "cuda"
        if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
            return "mps"
        return "cpu"
    kind = requested.split(":")[0]
    available = {
        "cpu": True,
        "cuda": torch.cuda.is_available(),
        "mps": bool(getattr(torch.backends, "mps", None)) and torch.backends.mps.is_available(),
    }
    if kind not in available:
        raise ConfigError(f"unknown --mt-device '{requested}' (auto, cpu, cuda[:N], mps)")
    if not available[kind]:
        raise ConfigError(f"--mt-device {requested} is not available on this machine")
    return requested


def resolve_dtype(device: str, requested: str) -> torch.dtype:
    """``auto`` → bfloat16 on a GPU that supports it, else float16 on GPU/MPS, float32 on CPU."""
    import torch  # heavy: imported only when the MT stage runs

    names = {
        "float32": torch.float32,
        "fp32": torch.float32,
        "float16": torch.float16,
        "fp16": torch.float16,
        "bfloat16": torch.bfloat16,
        "bf16": torch.bfloat16,
    }
    if requested != "auto":
        if requested not in names:
            raise ConfigError(f"unknown MT dtype '{requested}' (auto, float32, float16, bfloat16)")
        return names[requested]
    if device.startswith("cuda"):
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    if device == "mps":
        return torch.float16
    return torch.float32


#: The files only a Marian tokenizer has (opus-mt and its conversions).
_MARIAN_FILES = ("source.spm", "target.spm", "vocab.json")


def load_tokenizer(path: str | Path) -> Any:
    from transformers import AutoTokenizer  # heavy: imported only when the MT stage runs

    kind = {"tokenizer_type": "marian"} if _unnamed_marian_tokenizer(Path(path)) else {}
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*sacremoses.*")
        try:
            return AutoTokenizer.from_pretrained(str(path), **kind)
        except (OSError, ValueError) as exc:
            raise ModelUnavailableError(f"cannot load the tokenizer from {path}: {exc}") from None


def _unnamed_marian_tokenizer(path: Path) -> bool:
    """Marian's tokenizer files with a tokenizer_config.json that names no class, as opus-mt publishes
    them: AutoTokenizer finds the class in config.json's model_type, which a CTranslate2 conversion's
    config.json lacks, so the files must name it."""
    if not all((path / name).is_file() for name in _MARIAN_FILES):
        return False
    try:
        settings = json.loads((path / "tokenizer_config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return True
    return not (isinstance(settings, dict) and settings.get("tokenizer_class"))


class TransformersBackend:
    """A seq2seq model run with ``generate()`` (transformers 5 has no translation pipeline)."""

    backend = "transformers"

    def __init__(self, ref: ModelRef, options: MTOptions):
        import torch  # heavy, like transformers: imported only when a model is loaded
        from transformers import AutoModelForSeq2SeqLM
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        self.options = options
        self.device = resolve_device(options.device)
        self.dtype = resolve_dtype(self.device, options.dtype)
        self.tokenizer = load_tokenizer(options.tokenizer or ref.path)
        try:
            model = AutoModelForSeq2SeqLM.from_pretrained(str(ref.path), dtype=self.dtype)
        except (OSError, ValueError) as exc:
            raise ModelUnavailableError(f"cannot load model {ref.name}: {exc}") from None
        # Outputs are bounded by max_new_tokens: a published generation_config.json's max_length
        # (opus-mt's 512) would change nothing but be warned about on every batch.
        model.generation_config.max_length = None
        self.model = model.to(self.device).eval()
        self.languages = language_codes(self.tokenizer, options)
        self._torch = torch

    @property
    def compute_type(self) -> str:
        return str(self.dtype).removeprefix("torch.")

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(ids) for ids in self.tokenizer(list(texts))["input_ids"]]

    def translate(self, texts: list[str]) -> list[str]:
        batch = self.tokenizer(list(texts), return_tensors="pt", padding=True).to(self.device)
        extra = {}
        if self.languages.target_token is not None:
            extra["forced_bos_token_id"] = self.tokenizer.convert_tokens_to_ids(self.languages.target_token)
        with self._torch.inference_mode():
            output = self.model.generate(
                **batch, num_beams=self.options.num_beams, max_new_tokens=self.options.max_new_tokens, **extra
            )
        return [text.strip() for text in self.tokenizer.batch_decode(output, skip_special_tokens=True)]
