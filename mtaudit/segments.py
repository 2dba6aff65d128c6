"""The segment table: the one thing stages pass on (a contract, see design.md)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from mtaudit.errors import InputError

#: Column order of the segment table. ``doc_id``..``target`` are always present.
REQUIRED_COLUMNS = ("doc_id", "seg_id", "source", "target")
OPTIONAL_COLUMNS = ("reference", "mt", "field")
SEGMENT_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS


def segment_table(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Build a segment table from row mappings, filling optional columns with None."""
    frame = pd.DataFrame.from_records(list(rows), columns=list(SEGMENT_COLUMNS))
    return normalise_segments(frame)


def normalise_segments(frame: pd.DataFrame) -> pd.DataFrame:
    """Give a frame every segment column, as object dtype, in contract order."""
    frame = frame.copy()
    for column in SEGMENT_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    for column in REQUIRED_COLUMNS:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), "")
        if set(map(type, frame[column].tolist())) - {str}:  # readers give str: skip the map
            frame[column] = frame[column].map(str)
    for column in OPTIONAL_COLUMNS:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    extra = [c for c in frame.columns if c not in SEGMENT_COLUMNS]
    return frame[list(SEGMENT_COLUMNS) + extra].reset_index(drop=True)


def validate_segments(frame: pd.DataFrame, origin: str = "segment table") -> pd.DataFrame:
    """Refuse a table that lacks a required column or has no rows: an audit never passes on no data."""
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"segment table lacks column(s) {', '.join(missing)}", origin)
    if frame.empty:
        raise InputError("no segments to audit", origin)
    return frame
