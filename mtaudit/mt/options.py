"""Settings of the reference MT stage; the defaults live here once and the CLI reads them."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, ClassVar

from mtaudit.errors import ConfigError


@dataclass(frozen=True)
class MTOptions:
    """How to re-translate: which model, on what, with which generation settings, cached where."""

    DEFAULT_MODEL: ClassVar[str] = "Helsinki-NLP/opus-mt-zh-en"
    BACKENDS: ClassVar[tuple[str, ...]] = ("transformers", "ct2")

    #: Hub name or local directory (for ``ct2``: a CTranslate2-converted directory).
    model: str = DEFAULT_MODEL
    #: Hub revision (branch, tag or commit); ignored for local directories.
    revision: str | None = None
    backend: str = "transformers"
    #: ``auto`` picks cuda, then mps, then cpu.
    device: str = "auto"
    #: ``auto`` picks the best the device supports (bf16/fp16 on GPU, fp32 on CPU; int8 for ct2 on CPU).
    dtype: str = "auto"
    #: Padded source tokens per batch; batches hold sentences of similar length.
    batch_tokens: int = 2048
    num_beams: int = 4
    max_new_tokens: int = 256
    #: Sources longer than this many tokens are split at sentence (then clause) boundaries.
    max_source_tokens: int = 200
    #: Language codes for multilingual models (NLLB ``zho_Hans``/``eng_Latn``, M2M ``zh``/``en``); auto when None.
    src_lang: str | None = None
    tgt_lang: str | None = None
    #: Tokenizer location when it differs from ``model`` (e.g. a ct2 directory without tokenizer files).
    tokenizer: str | None = None
    #: CPU threads of the ct2 backend (0: CTranslate2's default).
    ct2_threads: int = 0
    cache: bool = True
    #: Cache directory; default ``$MTAUDIT_CACHE_DIR`` or the user cache dir.
    cache_dir: str | None = None
    #: Progress bar: None shows it only on a terminal outside CI.
    progress: bool | None = None

    def __post_init__(self) -> None:
        if self.backend not in self.BACKENDS:
            raise ConfigError(f"unknown MT backend '{self.backend}' (choose from {', '.join(self.BACKENDS)})")
        for name in ("batch_tokens", "num_beams", "max_new_tokens", "max_source_tokens"):
            if int(getattr(self, name)) < 1:
                raise ConfigError(f"MT option {name} must be a positive integer, not {getattr(self, name)!r}")

    @classmethod
    def from_mapping(cls, values: "dict[str, Any] | MTOptions | None") -> "MTOptions":
        """Options from a dict (unknown keys refused) or an existing instance."""
        if isinstance(values, MTOptions):
            return values
        values = {k: v for k, v in dict(values or {}).items() if v is not None}
        unknown = sorted(set(values) - set(cls.__dataclass_fields__))
        if unknown:
            raise ConfigError(f"unknown MT option(s): {', '.join(unknown)}")
        return cls(**values)

    def generation_settings(self) -> dict[str, Any]:
        """Everything besides the model and the source that changes a translation (the cache key)."""
        data = asdict(self)
        keep = ("backend", "num_beams", "max_new_tokens", "max_source_tokens", "src_lang", "tgt_lang")
        return {k: data[k] for k in keep}
