"""The reader interface: one class per input format, each yielding segment rows."""
from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Iterator


class Reader:
    """Reads one bilingual file into segment rows (dicts with segment-table keys).

    Subclasses set ``name``, ``extensions`` and ``summary`` and implement :meth:`rows`.
    """

    name: ClassVar[str] = ""
    extensions: ClassVar[tuple[str, ...]] = ()
    summary: ClassVar[str] = ""

    def rows(self, path: Path, doc_id: str) -> Iterator[dict[str, Any]]:
        raise NotImplementedError
