"""What kind of name a CC-CEDICT definition gives: the name checks take places, persons and
organisations, and leave the rest alone."""

from __future__ import annotations

import pytest

from mtaudit.glossary.cedict import kind_of, proper_nouns


@pytest.mark.parametrize(
    ("definition", "kind"),
    [
        ("Da Nang or Danang, Vietnam", "place"),  # the country it lies in
        ("Houston, Texas", "place"),
        ("Hanoi, capital of Vietnam", "place"),
        ("Telugu or Telegu, the official language of Andhra Pradesh, India", "other"),  # a language
        ("Tang dynasty (618-907)", "other"),
        ("Yuan Longping (1930-2021), Chinese agronomist", "person"),
    ],
)
def test_kind_of_a_definition(definition: str, kind: str) -> None:
    assert kind_of(definition) == kind


def test_the_dictionary_knows_da_nang_as_a_place() -> None:
    entry = proper_nouns()["岘港"]
    assert entry.kind == "place" and "Da Nang" in entry.names
