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
#: The columns a table given as input must have (the others are filled in), and those holding text.
INPUT_COLUMNS = ("source", "target")
TEXT_COLUMNS = ("source", "target", "reference", "mt")
#: ``doc_id`` of a table given without one (one document).
FRAME_DOC_ID = "dataframe"


def lacking_columns(header: list[str]) -> str | None:
    """What a table or a file's header lacks of :data:`INPUT_COLUMNS`, in the words every input gets."""
    missing = [c for c in INPUT_COLUMNS if c not in header]
    if not missing:
        return None
    return f"header lacks column(s) {', '.join(missing)} (found: {', '.join(map(str, header)) or 'none'})"


def not_a_string(key: str) -> str:
    """The error for a text value that is not a string, in the words every input gets."""
    return f"'{key}' must be a string"


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


def frame_segments(frame: pd.DataFrame, origin: str = "DataFrame") -> pd.DataFrame:
    """A table given as input, checked as a file's rows are (the same errors) and given the ids a
    file's rows get: ``seg_id`` from an ``id`` column, else the 1-based position in its document;
    ``doc_id`` :data:`FRAME_DOC_ID` when there is none. Missing values (None, NaN) are empty text."""
    known = (*SEGMENT_COLUMNS, "id")
    frame = frame.rename(
        columns=lambda c: c.strip().lower() if isinstance(c, str) and c.strip().lower() in known else c
    )
    problem = lacking_columns(list(frame.columns))
    if problem:
        raise InputError(problem, origin)
    if frame.empty:
        raise InputError("no segments to audit", origin)
    for column in (c for c in TEXT_COLUMNS if c in frame.columns):
        values = frame[column]
        wrong = values.notna() & ~values.map(lambda v: isinstance(v, str))
        if wrong.any():
            position = int(wrong.to_numpy().argmax())
            raise InputError(
                f"row {position + 1}: {not_a_string(column)}, not {type(values.iloc[position]).__name__}", origin
            )
    frame = frame.reset_index(drop=True)
    if "doc_id" not in frame.columns:
        frame = frame.assign(doc_id=FRAME_DOC_ID)
    if "seg_id" not in frame.columns:
        ids = frame.pop("id") if "id" in frame.columns else None
        positions = frame.groupby("doc_id", sort=False).cumcount() + 1
        frame = frame.assign(seg_id=positions.astype(str) if ids is None else ids.where(ids.notna(), positions))
    return normalise_segments(frame)


def validate_segments(frame: pd.DataFrame, origin: str = "segment table") -> pd.DataFrame:
    """Refuse a table that lacks a required column or has no rows: an audit never passes on no data."""
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"segment table lacks column(s) {', '.join(missing)}", origin)
    if frame.empty:
        raise InputError("no segments to audit", origin)
    return frame
