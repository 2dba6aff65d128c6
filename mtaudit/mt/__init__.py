"""Reference MT stage: re-translate sources with a seq2seq model (transformers, optional CTranslate2).

``translate_segments(segments, options)`` fills the ``mt`` column. Sources are deduplicated and
looked up in the persistent cache first; the model is loaded only when something is left to
translate. Rows that already have an ``mt`` value (given in the input) are kept as they are.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from mtaudit.errors import ModelUnavailableError
from mtaudit.mt import ct2
from mtaudit.mt.batching import CountTokens, plan_batches, split_source
from mtaudit.mt.cache import TranslationCache, cache_key
from mtaudit.mt.ct2 import Ct2Backend
from mtaudit.mt.model import ModelRef, TransformersBackend, locate_model, resolve_device, resolve_dtype
from mtaudit.options import MTOptions
from mtaudit.progress import progress_bar

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "LocalTranslator",
    "MTOptions",
    "MTRun",
    "TranslationPlan",
    "Translator",
    "load_backend",
    "model_available",
    "plan_translation",
    "progress",
    "run_mt",
    "translate_segments",
    "translate_texts",
]


@dataclass
class MTRun:
    """What one MT run did: which model and settings (the signature) and how much work it took."""

    model: str
    revision: str
    backend: str
    settings: dict[str, Any]
    sources: int = 0  # distinct non-empty sources
    cache_hits: int = 0  # of those, found in the cache
    translated: int = 0  # sources the model translated
    pieces: int = 0  # model inputs after splitting long sources
    split_sources: int = 0  # sources split at sentence boundaries
    batches: int = 0
    seconds: float = 0.0
    cache_path: str | None = None
    compute: dict[str, str] = field(default_factory=dict)

    def signature(self) -> dict[str, Any]:
        """Everything that changes the re-translation, for the report signature."""
        return {
            "model": self.model,
            "revision": self.revision,
            "backend": self.backend,
            **self.compute,
            **self.settings,
        }

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def merged(self, later: MTRun) -> MTRun:
        """This run and a later one over the next chunk of the same audit, as one record (a source
        in both chunks counts in each: the second time it is a cache hit, or translated again
        without a cache)."""
        counts = {
            name: getattr(self, name) + getattr(later, name)
            for name in ("sources", "cache_hits", "translated", "pieces", "split_sources", "batches", "seconds")
        }
        return replace(self, **counts)


def model_available(options: MTOptions | dict[str, Any] | None = None) -> bool:
    """Whether the model is on this machine (local directory or Hugging Face cache); never downloads."""
    try:
        locate_model(MTOptions.from_mapping(options), allow_download=False)
    except ModelUnavailableError:
        return False
    return True


def translate_segments(segments: pd.DataFrame, options: MTOptions | dict[str, Any] | None = None) -> pd.DataFrame:
    """The segment table with ``mt`` filled (downloading the model if allowed and needed)."""
    return run_mt(segments, options, allow_download=True)[0]


def run_mt(
    segments: pd.DataFrame,
    options: MTOptions | dict[str, Any] | None = None,
    *,
    allow_download: bool = False,
    translator: Translator | None = None,
) -> tuple[pd.DataFrame, MTRun | None]:
    """Fill ``mt`` where it is empty and the source is not; return the table and the run record
    (None when there was nothing to translate: the model is then not even looked for).
    ``translator`` runs the model (default: in this process; see :func:`mtaudit.mt.actors.translator_for`)."""
    options = MTOptions.from_mapping(options)
    frame = segments.copy()
    if "mt" not in frame.columns:
        frame["mt"] = None
    todo = frame["mt"].isna() & frame["source"].fillna("").astype(str).str.strip().ne("")
    if not todo.any():
        return frame, None
    translations, run = translate_texts(
        frame.loc[todo, "source"].astype(str).tolist(), options, allow_download=allow_download, translator=translator
    )
    frame["mt"] = frame["mt"].astype(object)
    frame.loc[todo, "mt"] = translations
    return frame, run


def translate_texts(
    texts: Sequence[str],
    options: MTOptions | dict[str, Any] | None = None,
    *,
    allow_download: bool = False,
    translator: Translator | None = None,
) -> tuple[list[str], MTRun]:
    """Translate ``texts`` (cache first, then the model in length-bucketed batches)."""
    started = time.perf_counter()
    options = MTOptions.from_mapping(options)
    translator = translator or LocalTranslator()
    cache = TranslationCache(options.cache_dir, enabled=options.cache)
    try:
        ref = locate_model(options, allow_download=allow_download, file_digest=cache.file_digest)
        compute = translator.compute_settings(options)
        settings = options.generation_settings()
        run = MTRun(
            ref.name,
            ref.revision,
            options.backend,
            settings,
            compute=compute,
            cache_path=str(cache.path) if cache.path else None,
        )
        unique = list(dict.fromkeys(t for t in texts if t.strip()))
        run.sources = len(unique)
        keys = {text: cache_key(ref.identity, {**settings, **compute}, text) for text in unique}
        cached = cache.get_many(keys.values())
        done = {text: cached[keys[text]] for text in unique if keys[text] in cached}
        run.cache_hits = len(done)
        missing = [text for text in unique if text not in done]
        if missing:
            fresh = translator.translate(ref, options, missing, run)
            cache.put_many(ref.identity, {keys[text]: out for text, out in fresh.items()})
            done.update(fresh)
    finally:
        cache.close()
    run.seconds = time.perf_counter() - started
    return [done.get(text, "") for text in texts], run


def _compute_settings(options: MTOptions) -> dict[str, str]:
    """The resolved device class and number format: they change outputs, so they key the cache."""
    if options.backend == "ct2":
        device = ct2.resolve_device(options.device)
        return {"device": device, "dtype": ct2.resolve_compute_type(device, options.dtype)}
    device = resolve_device(options.device)
    return {"device": device.split(":")[0], "dtype": str(resolve_dtype(device, options.dtype)).removeprefix("torch.")}


class Translator(Protocol):
    """Where the model runs: the device settings it resolves (they key the cache) and the
    translation of distinct texts that missed the cache, recorded in ``run``."""

    def compute_settings(self, options: MTOptions) -> dict[str, str]: ...

    def translate(self, ref: ModelRef, options: MTOptions, texts: list[str], run: MTRun) -> dict[str, str]: ...


class LocalTranslator:
    """The model loaded in this process."""

    def compute_settings(self, options: MTOptions) -> dict[str, str]:
        return _compute_settings(options)

    def translate(self, ref: ModelRef, options: MTOptions, texts: list[str], run: MTRun) -> dict[str, str]:
        return _translate_with_model(ref, options, texts, run)


@dataclass
class TranslationPlan:
    """Long sources split into pieces, and the pieces grouped into model batches."""

    pieces: list[str]
    owners: list[int]  # the text each piece belongs to
    batches: list[list[int]]  # piece indices per model call
    split_sources: int

    def record(self, texts: list[str], run: MTRun) -> None:
        run.translated, run.pieces, run.batches = len(texts), len(self.pieces), len(self.batches)
        run.split_sources = self.split_sources

    def join(self, texts: list[str], outputs: list[str]) -> dict[str, str]:
        """Each text's translation: its pieces' outputs joined in order."""
        joined: list[list[str]] = [[] for _ in texts]
        for owner, text in zip(self.owners, outputs, strict=True):
            joined[owner].append(text)
        return {text: " ".join(part for part in parts if part) for text, parts in zip(texts, joined, strict=True)}


def plan_translation(
    texts: list[str], tokenizer: Any, count_tokens: CountTokens, options: MTOptions
) -> TranslationPlan:
    """Split sources longer than the model should see and plan length-bucketed batches."""
    limit = min(options.max_source_tokens, getattr(tokenizer, "model_max_length", 10**6))
    pieces: list[str] = []
    owners: list[int] = []
    split = 0
    for index, text in enumerate(texts):
        parts = split_source(text, count_tokens, limit)
        split += len(parts) > 1
        pieces.extend(parts)
        owners.extend([index] * len(parts))
    return TranslationPlan(pieces, owners, plan_batches(count_tokens(pieces), options.batch_tokens), split)


def _translate_with_model(ref: ModelRef, options: MTOptions, texts: list[str], run: MTRun) -> dict[str, str]:
    """Load the backend, split long sources, translate in batches, and join pieces back in order."""
    backend = load_backend(ref, options)
    plan = plan_translation(texts, backend.tokenizer, backend.count_tokens, options)
    outputs: list[str] = [""] * len(plan.pieces)
    with progress(len(plan.pieces), options.progress) as bar:
        for batch in plan.batches:
            for index, text in zip(batch, backend.translate([plan.pieces[i] for i in batch]), strict=True):
                outputs[index] = text
            bar.update(len(batch))
    plan.record(texts, run)
    return plan.join(texts, outputs)


@lru_cache(maxsize=1)
def load_backend(ref: ModelRef, options: MTOptions) -> TransformersBackend | Ct2Backend:
    """The model of ``options.backend``; it translates batches of pieces. The last one loaded is
    kept, so a streamed audit loads it once, not once per chunk (``ref`` names the model's content)."""
    if options.backend == "ct2":
        return Ct2Backend(ref, options)
    return TransformersBackend(ref, options)


def progress(total: int, wanted: bool | None) -> Any:
    """The reference MT's progress bar (pieces translated)."""
    return progress_bar(total, "reference MT", "seg", wanted)
