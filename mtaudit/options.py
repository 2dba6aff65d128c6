"""Typed settings of the stages, each default written once, here: the command line builds these
objects from its options (and reads their defaults for its help), and the Python API takes the
same ones. A light module (the standard library only), so that ``mtaudit --help`` can read it.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, ClassVar

from mtaudit.errors import ConfigError

#: The git revision ``--changed-only`` compares with when it is given none.
DEFAULT_REV = "HEAD"
#: The TBX version ``mtaudit glossary convert`` writes: 3 (ISO 30042) or 2 (martif).
TBX_VERSIONS = (3, 2)
#: ``--input-format`` names (standard input has no extension), each the extension it is read as.
INPUT_FORMATS: dict[str, str] = {
    "tsv": ".tsv",
    "csv": ".csv",
    "jsonl": ".jsonl",
    "xliff": ".xlf",
    "tmx": ".tmx",
    "po": ".po",
    "txt": ".txt",
    "md": ".md",
    "html": ".html",
    "zh": ".zh",
    "en": ".en",
}


@dataclass(frozen=True)
class CheckOptions:
    """How the checks judge and which of their findings are reported."""

    #: Where a term's renderings are compared (``inconsistent``).
    SCOPES: ClassVar[tuple[str, ...]] = ("document", "segment", "corpus")
    DEFAULT_MIN_CONFIDENCE: ClassVar[float] = 0.5

    #: None: per document, or per segment for an input that does not say which segments form one.
    consistency_scope: str | None = None
    #: Findings less sure than this are not reported (None: the configuration's, else DEFAULT_MIN_CONFIDENCE).
    min_confidence: float | None = None
    #: The ``--mt-from`` files' names, in order: name triangulation's evidence names its voices so.
    mt_from_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.consistency_scope is not None and self.consistency_scope not in self.SCOPES:
            raise ConfigError(
                f"consistency_scope must be one of {', '.join(self.SCOPES)}, not '{self.consistency_scope}'"
            )
        if self.min_confidence is not None and not 0 <= self.min_confidence <= 1:
            raise ConfigError(f"min_confidence is between 0 and 1, not {self.min_confidence}")
        object.__setattr__(self, "mt_from_names", tuple(self.mt_from_names))

    @classmethod
    def from_mapping(cls, values: CheckOptions | dict[str, Any] | None) -> CheckOptions:
        """Options from a dict (unknown keys refused) or an existing instance."""
        if isinstance(values, CheckOptions):
            return values
        return cls(**_known(cls, values or {}, "check option"))


@dataclass(frozen=True)
class ScoreOptions:
    """How the scores stage computes sacrebleu's figures."""

    #: None: TER on every segment (sacrebleu's corpus TER); N: segments whose hypothesis or
    #: reference is longer than N words are left out of TER (and counted); 0: no TER. A negative
    #: N (``-1`` once said "no cap") is None.
    ter_max_words: int | None = None

    def __post_init__(self) -> None:
        if self.ter_max_words is not None and self.ter_max_words < 0:
            object.__setattr__(self, "ter_max_words", None)


@dataclass(frozen=True)
class EngineOptions:
    """Which engine runs the audit's heavy work, with how many workers, where."""

    NAMES: ClassVar[tuple[str, ...]] = ("auto", "local", "process", "ray")
    #: From this many rows in a chunk, ``auto`` checks in worker processes (below, starting them costs more).
    AUTO_PROCESS_ROWS: ClassVar[int] = 20_000

    name: str = "auto"
    #: Worker processes or Ray actors (None: the CPUs available).
    workers: int | None = None
    #: The Ray cluster to run on (None: a local one started for the run).
    ray_address: str | None = None
    #: Seconds Ray may take to start or to connect before the run is refused.
    ray_start_timeout: float = 60.0


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
    def from_mapping(cls, values: dict[str, Any] | MTOptions | None) -> MTOptions:
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


@dataclass(frozen=True)
class CompareOptions:
    """The significance tests of ``mtaudit compare``."""

    bootstrap_samples: int = 1000
    ar_trials: int = 10000
    alpha: float = 0.05
    #: TER is tested only when no segment is longer than this; None (or negative): always.
    ter_max_words: int | None = None

    def __post_init__(self) -> None:
        if not 0 < self.alpha < 1:  # NaN too: no comparison holds for it
            raise ConfigError(f"--alpha is a significance level between 0 and 1, not {self.alpha}")


@dataclass(frozen=True)
class MineOptions:
    """What ``mtaudit glossary mine`` proposes."""

    #: A name, and a variant, is proposed only when linked to its rendering in this many segments.
    min_count: int = 2
    #: Lowest score (0–1: co-occurrence, likeness to the pinyin or CC-CEDICT, position) proposed.
    min_score: float = 0.4


@dataclass(frozen=True)
class ReportOptions:
    """How the reports name the files they point at."""

    #: The directory SARIF locations are relative to (None: the git top level of the input, else
    #: the working directory): code scanning resolves them against the repository's root.
    sarif_root: str | None = None

    def __post_init__(self) -> None:
        if self.sarif_root is not None and not Path(self.sarif_root).is_dir():
            raise ConfigError(f"the SARIF root '{self.sarif_root}' is not a directory")


@dataclass(frozen=True)
class Limits:
    """Bounds on what one input may hold, so that a hostile or broken file is refused at once, with
    a message naming the limit, instead of costing minutes or gigabytes. Each can be raised for an
    unusual but genuine input by its environment variable (read by :meth:`current`, in every
    process of a run alike)."""

    #: Environment variable of each limit.
    VARIABLES: ClassVar[dict[str, str]] = {
        "line_chars": "MTAUDIT_MAX_LINE_CHARS",
        "segment_chars": "MTAUDIT_MAX_SEGMENT_CHARS",
        "term_chars": "MTAUDIT_MAX_TERM_CHARS",
        "entry_forms": "MTAUDIT_MAX_ENTRY_FORMS",
    }

    #: Longest line of a line-based input (JSONL, CSV/TSV, text, CSV glossaries), in characters.
    line_chars: int = 16 * 1024 * 1024
    #: Longest text of one segment (its source, target, reference or mt), in characters.
    segment_chars: int = 100_000
    #: Longest form in a glossary entry (a source, the target, a variant, a forbidden form…), in characters.
    term_chars: int = 1_000
    #: Most forms one glossary entry may list, all its lists together.
    entry_forms: int = 10_000

    @classmethod
    def current(cls) -> Limits:
        """The limits in force: the defaults, each replaced by its environment variable when set."""
        values = {}
        for name, variable in cls.VARIABLES.items():
            text = os.environ.get(variable, "").strip()
            if text:
                if not text.isdigit() or int(text) < 1:
                    raise ConfigError(f"{variable} must be a whole number above 0, not {text!r}")
                values[name] = int(text)
        return cls(**values)

    def describe(self, name: str) -> str:
        """How a message says which limit was met, and how to raise it: ``100,000 characters, the
        limit (MTAUDIT_MAX_SEGMENT_CHARS raises it)``."""
        unit = "forms" if name == "entry_forms" else "characters"
        return f"{getattr(self, name):,} {unit}, the limit ({self.VARIABLES[name]} raises it)"


def _known(cls: type, values: dict[str, Any], what: str) -> dict[str, Any]:
    unknown = sorted(set(values) - {f.name for f in fields(cls)})
    if unknown:
        raise ConfigError(f"unknown {what}(s): {', '.join(unknown)}")
    return values
