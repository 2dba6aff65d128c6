"""Language codes of multilingual models: NLLB (``zho_Hans`` → ``eng_Latn``), M2M-100 (``zh`` →
``en``, token ``__en__``), mBART-50 (``zh_CN`` → ``en_XX``). Bilingual models (Marian) need none."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mtaudit.options import MTOptions

#: tokenizer class name prefix → (source code, target code)
_DEFAULTS = {"Nllb": ("zho_Hans", "eng_Latn"), "M2M100": ("zh", "en"), "MBart50": ("zh_CN", "en_XX")}


@dataclass(frozen=True)
class LanguageSetup:
    src_lang: str | None = None
    tgt_lang: str | None = None
    #: The token that must start the output (forced BOS in transformers, target prefix in ct2).
    target_token: str | None = None


def language_codes(tokenizer: Any, options: MTOptions) -> LanguageSetup:
    """Set the tokenizer's source language and return the target token, for multilingual models."""
    kind = next((k for k in _DEFAULTS if type(tokenizer).__name__.startswith(k)), None)
    if kind is None and options.tgt_lang is None:
        return LanguageSetup()
    src, tgt = _DEFAULTS[kind] if kind is not None else (None, None)
    src, tgt = options.src_lang or src, options.tgt_lang or tgt
    if src is not None and hasattr(tokenizer, "src_lang"):
        tokenizer.src_lang = src
    token = f"__{tgt}__" if kind == "M2M100" else tgt
    return LanguageSetup(src, tgt, token)
