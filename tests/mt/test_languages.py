"""Language codes of multilingual models (NLLB, M2M-100, mBART-50); bilingual Marian needs none."""

from __future__ import annotations

from pathlib import Path

from mtaudit.mt import MTOptions
from mtaudit.mt.languages import language_codes
from mtaudit.mt.model import load_tokenizer


def test_marian_needs_no_codes(tiny_marian: Path) -> None:
    assert language_codes(load_tokenizer(tiny_marian), MTOptions()).target_token is None


def test_nllb_gets_chinese_source_and_english_target() -> None:
    from transformers import NllbTokenizer

    tokenizer = NllbTokenizer()  # the real class; its language-code tokens exist without a vocabulary
    setup = language_codes(tokenizer, MTOptions())
    assert (setup.src_lang, setup.target_token) == ("zho_Hans", "eng_Latn")
    assert tokenizer("拜登")["input_ids"][0] == tokenizer.convert_tokens_to_ids("zho_Hans")
    assert tokenizer.convert_tokens_to_ids(setup.target_token) != tokenizer.unk_token_id


def test_codes_can_be_overridden_for_traditional_sources() -> None:
    from transformers import NllbTokenizer

    tokenizer = NllbTokenizer()
    setup = language_codes(tokenizer, MTOptions(src_lang="zho_Hant"))
    assert setup.src_lang == "zho_Hant" and tokenizer.src_lang == "zho_Hant"
