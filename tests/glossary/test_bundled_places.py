"""The bundled places (glossaries/places.yaml): every country and territory CLDR names is there, with
the adjectives its demonym data gives; adjectives render the place in the terms check and never make
it inconsistent; ambiguous entries and fragments of transliterations stay below the reporting line."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

import mtaudit
from mtaudit.glossary import load_glossaries
from mtaudit.glossary.matcher import SourceMatcher
from mtaudit.glossary.model import Glossary
from mtaudit.glossary.normalize import normalize_zh

BUILD = Path(__file__).resolve().parents[2] / "glossaries" / "build" / "places.py"


@pytest.fixture(scope="module")
def build() -> ModuleType:
    """The generator's tables (SKIP, NOT_A_FORM, DEMONYMS): the reviewed decisions the data is held to."""
    spec = importlib.util.spec_from_file_location("glossary_build_places", BUILD)
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)  # its dataclasses look it up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossaries()


@pytest.fixture(scope="module")
def by_form(glossary: Glossary) -> dict:
    return {normalize_zh(f): e for e in glossary for f in e.sources}


def _cldr_forms(build: ModuleType) -> dict[str, list[str]]:
    """CLDR code → its Chinese forms (zh, zh_Hant, zh_Hant_HK), less the codes and forms the build skips."""
    return {
        code: [f for f in data["zh"] if f not in build.NOT_A_FORM]
        for code, data in build.cldr_territories().items()
        if code not in build.SKIP
    }


def test_every_cldr_country_and_territory_is_an_entry(build: ModuleType, by_form: dict) -> None:
    missing = {
        code: forms for code, forms in _cldr_forms(build).items() if not all(normalize_zh(f) in by_form for f in forms)
    }
    assert not missing


def test_the_codes_left_out_are_few_and_explained(build: ModuleType) -> None:
    assert len(build.SKIP) <= 12 and all(reason for reason in build.SKIP.values())


def test_every_place_with_a_demonym_has_an_adjective(build: ModuleType, by_form: dict) -> None:
    demonyms = build.countryinfo_demonyms()
    without = []
    for code, forms in _cldr_forms(build).items():
        if (demonyms.get(code) or build.DEMONYMS.get(code)) and build.DEMONYMS.get(code, True):
            entry = by_form[normalize_zh(forms[0])]
            if not entry.adjectives and not set(build.DEMONYMS.get(code, ())) & set(entry.names):
                without.append((code, entry.id))  # (Caribbean, Vatican: the name is its own adjective)
    assert not without


def test_adjectives_are_not_also_variants(glossary: Glossary) -> None:
    assert not [(e.id, a) for e in glossary for a in e.adjectives if a in e.variants or a == e.target]


def test_chinese_provinces_and_cities_are_entries_with_their_full_forms(by_form: dict) -> None:
    expected = {
        "郑州": "Zhengzhou",
        "郑州市": "Zhengzhou",
        "河北省": "Hebei",
        "广西壮族自治区": "Guangxi",
        "株洲": "Zhuzhou",
        "乌鲁木齐": "Urumqi",
        "呼和浩特": "Hohhot",
        "香港特别行政区": "Hong Kong",
    }
    assert {form: by_form[form].target for form in expected if form in by_form} == expected


def test_a_city_whose_name_is_an_ordinary_word_is_left_out(by_form: dict) -> None:
    for ordinary in ("开封", "开封市", "日照", "大同", "中山", "来宾"):  # to unseal, sunshine, great harmony…
        assert ordinary not in by_form


def _findings(rows: list[tuple[str, str]], min_confidence: float | None = None) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "doc_id": ["d"] * len(rows),
            "seg_id": [str(i) for i in range(1, len(rows) + 1)],
            "source": [s for s, _ in rows],
            "target": [t for _, t in rows],
        }
    )
    findings = mtaudit.audit(table, min_confidence=min_confidence).findings
    return findings[findings["kind"].isin(["missing", "misrendered", "miscased", "forbidden", "inconsistent"])]


@pytest.mark.parametrize(
    ("source", "target", "entry"),
    [
        (
            "日本外相表示，双方将继续沟通。",
            "The Japanese foreign minister said the two sides would keep talking.",
            "japan",
        ),
        ("美国重视印度-太平洋地区。", "The US values the Indo-Pacific region.", "india"),
        ("巴西总统表示欢迎。", "The Brazilian president welcomed it.", "brazil"),
        ("俄罗斯军队撤出。", "Russian troops withdrew.", "russia"),
        ("他在郑州市工作。", "He works in Zhengzhou.", "zhengzhou"),
        ("在南部非洲首次报告。", "First reported in southern Africa.", "southern-africa"),
    ],
)
def test_an_adjective_or_combining_form_renders_the_place(source: str, target: str, entry: str, by_form: dict) -> None:
    assert entry in {hit.entry.id for hit in SourceMatcher(load_glossaries()).find(source)}
    findings = _findings([(source, target)])
    assert findings.empty, findings[["kind", "source_term", "found"]].to_dict("records")


def test_a_name_and_its_adjective_are_never_inconsistent() -> None:
    findings = _findings(
        [
            ("日本外相表示，双方将继续沟通。", "The Japanese foreign minister said the two sides would keep talking."),
            ("他上周访问了日本。", "He visited Japan last week."),
            ("日本外相随后离开。", "The Japanese foreign minister then left."),
        ]
    )
    assert findings.empty, findings[["kind", "source_term", "found"]].to_dict("records")


def test_an_ambiguous_place_is_reported_at_info_at_most() -> None:
    findings = _findings([("苏丹宣布了新的法令。", "The sultan announced a new decree.")], min_confidence=0)
    assert list(findings["entry_id"]) == ["sudan"]
    assert (findings["confidence"] < 0.5).all() and set(findings["severity"]) == {"info"}
    assert _findings([("苏丹宣布了新的法令。", "The sultan announced a new decree.")]).empty


def test_a_transliteration_fragment_is_no_alarm() -> None:
    findings = _findings(
        [
            ("马里乌波尔被围困了数周。", "Mariupol was besieged for weeks."),
            ("西亚国家的代表出席。", "Representatives of West Asian countries attended."),
        ]
    )
    assert findings.empty, findings[["kind", "source_term", "found"]].to_dict("records")


def test_an_ambiguous_entry_in_a_target_only_scan_is_capped_too() -> None:
    from mtaudit.checks.analysis import AMBIGUOUS

    table = pd.DataFrame(
        {"doc_id": ["d"], "seg_id": ["1"], "source": [""], "target": ["The president of Sudann spoke."]}
    )
    findings = mtaudit.audit(table, min_confidence=0).findings
    assert list(findings["entry_id"]) == ["sudan"] and (findings["confidence"] <= AMBIGUOUS).all()
