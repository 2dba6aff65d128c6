"""Build-time generator of ``mtaudit/glossary/data/countries-cldr.tsv`` (not installed, not run by the
tests): every country and territory with a two-letter CLDR code, and its Chinese names (Babel:
``Locale('zh')``, ``zh_Hant`` and ``zh_Hant_HK``), which the name check reads to see a foreign
nationality before a name (德国学者施密特: "the German scholar Schmidt"). Run from the repository
root, read the diff, commit::

    pip install babel                    # build-time only
    python glossaries/build/countries.py # rewrites the file
"""

from __future__ import annotations

import csv
from pathlib import Path

from babel import Locale

OUT = Path(__file__).resolve().parents[2] / "mtaudit" / "glossary" / "data" / "countries-cldr.tsv"
LOCALES = ("zh", "zh_Hant", "zh_Hant_HK")


def rows() -> list[tuple[str, str]]:
    """(code, Chinese names joined by |), by code: CLDR's names in each locale, in that order."""
    names: dict[str, list[str]] = {}
    for locale in LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha():
                forms = names.setdefault(code, [])
                if name not in forms:
                    forms.append(name)
    return [(code, "|".join(forms)) for code, forms in sorted(names.items())]


def main() -> None:
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["code", "names"])
        writer.writerows(rows())
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
