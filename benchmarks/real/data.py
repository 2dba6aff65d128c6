"""The development set: WMT22 zh→en sources, two human references and twelve systems' outputs.

Line N of every file is the same segment. The set is found at ``$MTAUDIT_REAL_DATA`` or at
``../shared/data/wmt22-zh-en`` beside the repository.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

PREFIX = "generaltest2022.zh-en"
REPOSITORY = Path(__file__).resolve().parents[2]


def data_directory() -> Path:
    return Path(os.environ.get("MTAUDIT_REAL_DATA", REPOSITORY.parent / "shared" / "data" / "wmt22-zh-en"))


def _lines(path: Path) -> list[str]:
    """The file's lines without their line ends (a final newline ends the last line)."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@dataclass(frozen=True)
class DevSet:
    directory: Path

    @staticmethod
    def available() -> bool:
        return (data_directory() / f"{PREFIX}.src.zh").is_file()

    @classmethod
    def load(cls) -> DevSet:
        directory = data_directory()
        if not cls.available():
            raise SystemExit(f"the WMT22 development set is not at {directory} (set MTAUDIT_REAL_DATA)")
        return cls(directory)

    @cached_property
    def systems(self) -> list[str]:
        names = (p.name[len(PREFIX) + 5 : -3] for p in self.directory.glob(f"{PREFIX}.hyp.*.en"))
        return sorted(names)

    @cached_property
    def source(self) -> list[str]:
        return _lines(self.directory / f"{PREFIX}.src.zh")

    @cached_property
    def references(self) -> dict[str, list[str]]:
        return {name: _lines(self.directory / f"{PREFIX}.ref.{name}.en") for name in ("A", "B")}

    @cached_property
    def outputs(self) -> dict[str, list[str]]:
        outputs = {s: _lines(self.directory / f"{PREFIX}.hyp.{s}.en") for s in self.systems}
        for system, lines in outputs.items():
            if len(lines) != len(self.source):
                raise SystemExit(f"{system}: {len(lines)} lines, the source has {len(self.source)}")
        return outputs

    def write_tsv(self, system: str, path: Path, target_only: bool = False) -> Path:
        """One system's output as the bilingual TSV a CI job would audit: ``id`` is the line
        number, no ``doc_id`` (the set has none), no reference; with ``target_only`` the source
        column is empty (English alone, as when the source is lost)."""
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
            writer.writerow(["id", "source", "target"])
            for number, (source, target) in enumerate(zip(self.source, self.outputs[system], strict=True), 1):
                writer.writerow([number, "" if target_only else source, target])
        return path
