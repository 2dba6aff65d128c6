"""With the reference MT on, document pairs are aligned by what the sentences say, not only by
their lengths: an omitted sentence of ordinary length is found (tiny real Marian model)."""

from __future__ import annotations

from pathlib import Path

import mtaudit

ZH = '---\ntitle: "拜登会见了耶伦。"\n---\n\n拜登会见了耶伦。耶伦访问北京。今天天气很好。会议在周二举行。\n'
EN = '---\ntitle: "Biden met Yellen."\n---\n\nBiden met Yellen. The weather is fine today. The meeting was held on Tuesday.\n'


def _pairs(tmp_path: Path, tiny_marian: Path, mt: bool) -> list[tuple[str, str, str]]:
    (tmp_path / "zh.md").write_text(ZH, encoding="utf-8")
    (tmp_path / "en.md").write_text(EN, encoding="utf-8")
    result = mtaudit.audit(tmp_path / "zh.md", tmp_path / "en.md", mt=mt, mt_options={"model": str(tiny_marian)})
    return list(zip(result.segments.seg_id, result.segments.source, result.segments.target, strict=True))


def test_reference_mt_finds_the_omitted_sentence(tmp_path: Path, tiny_marian: Path, mt_cache_dir: Path) -> None:
    by_length = _pairs(tmp_path, tiny_marian, mt=False)
    assert ("p1.s2", "耶伦访问北京。", "The weather is fine today.") in by_length  # lengths alone go wrong here
    with_mt = _pairs(tmp_path, tiny_marian, mt=True)
    assert with_mt[1:] == [
        ("p1.s1", "拜登会见了耶伦。", "Biden met Yellen."),
        ("p1.s2", "耶伦访问北京。", ""),
        ("p1.s3", "今天天气很好。", "The weather is fine today."),
        ("p1.s4", "会议在周二举行。", "The meeting was held on Tuesday."),
    ]
