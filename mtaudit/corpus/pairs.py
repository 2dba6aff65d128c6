"""Two monolingual sides → segment rows: pair files, align their units, or read one side alone.

- Two files: line-aligned text files give one row per line (:mod:`mtaudit.corpus.plaintext`);
  documents are split into paragraphs and sentences and aligned with
  :func:`mtaudit.corpus.align.align`, first paragraphs, then sentences within each aligned
  group, so a finding points at the sentence(s) it is in (``seg_id`` ``p3.s2``, or ``p3.s2+s3``
  when two Chinese sentences were translated as one; ``en:p4.s1`` for English with no Chinese
  counterpart; a Chinese sentence with no English has an empty target). Front-matter fields
  pair by name (``seg_id`` and ``field`` = ``title``). How well the pair aligns is measured
  (:func:`mtaudit.corpus.align.pair_quality`): an English side that is not a translation of the
  Chinese (another article) is refused, and each row's ``alignment`` says what aligned it —
  ``anchors``, ``reference MT``, ``lengths`` — or ``guess: …`` and why, when nothing did (a
  paragraph missing, lengths far apart): the checks never report an error from such a row.
- Two directories: files pair by relative path without extension (``zh/a/b.md`` ↔
  ``en/a/b.html``, ``doc_id`` ``a/b``). A file without a counterpart is an error — a missing
  translation must not let an audit pass. Hidden files and unknown extensions are ignored.
  Nothing outside the tree is read through it: a symbolic link that leads out of the directory
  (``en/a.md -> /etc/passwd``; in CI a pull request controls the tree) is not followed, nor is a
  FIFO, a device or a link to one (opening it could block or never end): each is skipped with a
  notice naming it, and a counterpart left without it is an error that says why.
- One English side: target-only mode, one row per unit with an empty source.
"""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtaudit.corpus.align import (
    FIT_SUPPORT,
    PARAGRAPH_PRIORS,
    Evidence,
    align,
    bead_cost,
    evidence,
    pair_quality,
    posteriors,
)
from mtaudit.corpus.base import Document, Reader, Sentence, SideReader
from mtaudit.corpus.documents import TEXT_FIELDS, han_ratio, is_plain_text
from mtaudit.corpus.plaintext import LineReader, line_pair_rows, lines_correspond
from mtaudit.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: Han share above which a side is Chinese, below which it is not (between: mixed, accepted).
CHINESE_MIN, ENGLISH_MAX = 0.5, 0.3
#: Translates Chinese texts to English, one output per input (the reference MT stage).
Translate = Callable[[list[str]], list[str]]
#: The segment column saying what aligned a document pair's sentences; how it starts for a row
#: aligned by guesswork, and ``GUESSED_PARAGRAPH`` when its paragraph was (a poorly aligned stretch,
#: of which the audit gives notice).
ALIGNMENT = "alignment"
GUESSED = "guess: "
GUESSED_PARAGRAPH = GUESSED + "paragraph "


def pair_rows(
    source: Path,
    target: Path,
    doc_id: str,
    source_reader: SideReader,
    target_reader: SideReader,
    translate: Translate | None = None,
) -> Iterable[dict[str, Any]]:
    """Rows of one Chinese file and its English translation; with ``translate`` the alignment
    also compares the reference MT of each Chinese sentence with the English."""
    if aligned_by_line(source, target, source_reader, target_reader):
        return line_pair_rows(source, target, doc_id)
    chinese = source_reader.read(source, "zh")
    english = target_reader.read(target, "en")
    _check_languages(chinese, english)
    return document_pair_rows(chinese, english, doc_id, _translations(chinese, translate) if translate else None)


def aligned_by_line(
    source: Path, target: Path, source_reader: Reader | SideReader, target_reader: Reader | SideReader
) -> bool:
    """Whether two sides pair line by line (corpus.zh + corpus.en, or plain text files with the same
    lines blank) rather than as documents to align."""
    if isinstance(source_reader, LineReader) and isinstance(target_reader, LineReader):
        return True
    return is_plain_text(source) and is_plain_text(target) and lines_correspond(source, target)


def _translations(chinese: Document, translate: Translate) -> dict[str, str]:
    """Reference MT of every Chinese sentence, and of every paragraph as its sentences' MT joined."""
    sentences = [s.text for paragraph in chinese.paragraphs for s in paragraph]
    translations = dict(zip(sentences, translate(sentences), strict=False))
    for paragraph in chinese.paragraphs:
        translations[_join(paragraph, "")] = " ".join(translations.get(s.text, "") for s in paragraph)
    return translations


def target_only_rows(path: Path, doc_id: str, reader: SideReader) -> Iterator[dict[str, Any]]:
    """Rows of an English side alone: the source is empty."""
    english = reader.read(path, "en")
    if han_ratio(english) > CHINESE_MIN:
        raise InputError(
            "this file is Chinese: give its English translation as TARGET (INPUT alone must be bilingual or English)",
            path,
        )
    for key, sentence in english.fields.items():
        yield _row(doc_id, key, [], [sentence], None, english.path, key)
    for sentence in english.sentences():
        yield _row(doc_id, sentence.id, [], [sentence], None, english.path, "body")


def _check_languages(chinese: Document, english: Document) -> None:
    zh, en = han_ratio(chinese), han_ratio(english)
    if zh < ENGLISH_MAX and en > CHINESE_MIN:
        raise InputError("INPUT looks English and TARGET Chinese: give the Chinese side first", chinese.path)
    if zh < ENGLISH_MAX:
        raise InputError("INPUT has no Chinese text (expected the Chinese side)", chinese.path)
    if en > CHINESE_MIN:
        raise InputError("TARGET is Chinese, not English", english.path)


def document_pair_rows(
    chinese: Document, english: Document, doc_id: str, translations: Mapping[str, str] | None = None
) -> Iterator[dict[str, Any]]:
    """Fields paired by name, then the body aligned paragraph by paragraph, sentence by sentence."""
    for key in TEXT_FIELDS:
        if key in chinese.fields or key in english.fields:
            source_field, target_field = chinese.fields.get(key), english.fields.get(key)
            row = _row(
                doc_id,
                key,
                [source_field] if source_field else [],
                [target_field] if target_field else [],
                chinese.path,
                english.path,
                key,
            )
            yield {**row, ALIGNMENT: "field name"}
    zh_paragraphs, en_paragraphs = (
        [_join(p, "") for p in chinese.paragraphs],
        [_join(p, " ") for p in english.paragraphs],
    )
    cost = bead_cost(zh_paragraphs, en_paragraphs, PARAGRAPH_PRIORS, translations)
    priced: dict[tuple[int, int, int, int], float] = {}
    paragraph_beads = align(zh_paragraphs, en_paragraphs, cost, costs=priced)
    quality = pair_quality(zh_paragraphs, en_paragraphs, paragraph_beads, cost)
    if quality.mismatched:
        raise InputError(
            f"{chinese.path} ↔ {english.path}: the English is not a translation of the Chinese "
            f"({quality.describe()}); pair each article with its own translation"
        )
    for bead, sure in zip(paragraph_beads, posteriors(paragraph_beads, priced), strict=True):
        zh = [s for i in bead.source for s in chinese.paragraphs[i]]
        en = [s for j in bead.target for s in english.paragraphs[j]]
        paragraph = evidence(
            cost, [zh_paragraphs[i] for i in bead.source], [en_paragraphs[j] for j in bead.target], sure
        )
        zh_texts, en_texts = [s.text for s in zh], [s.text for s in en]
        sentence_cost = bead_cost(zh_texts, en_texts, translations=translations)
        sentence_priced: dict[tuple[int, int, int, int], float] = {}
        sentence_beads = align(zh_texts, en_texts, sentence_cost, costs=sentence_priced)
        for sentence_bead, likely in zip(sentence_beads, posteriors(sentence_beads, sentence_priced), strict=True):
            source = [zh[i] for i in sentence_bead.source]
            target = [en[j] for j in sentence_bead.target]
            seg_id = _unit_id(source) if source else "en:" + _unit_id(target)
            sentence = evidence(sentence_cost, [s.text for s in source], [s.text for s in target], likely)
            yield {
                **_row(doc_id, seg_id, source, target, chinese.path, english.path, "body"),
                ALIGNMENT: _aligned_by(
                    paragraph,
                    sentence,
                    len(zh) == len(en) == 1,
                    len(bead.source) != 1 or len(bead.target) != 1,
                    quality.trusted,
                ),
            }


def _aligned_by(paragraph: Evidence, sentence: Evidence, alone: bool, merged: bool, lengths: bool) -> str:
    """What aligned a sentence pair: its paragraphs' evidence, then its own (a sentence ``alone``
    on both sides of its paragraphs has theirs), lengths only when ``lengths`` (the pair aligns
    well), or why it is guesswork. A sentence left without a counterpart in paragraphs ``merged``
    to align (two paragraphs with one) is where a paragraph of one side is most often missing."""
    by = paragraph.aligned_by(lengths)
    if by is None:
        return GUESSED_PARAGRAPH + (
            "without a counterpart" if paragraph.fit is None else f"not aligned: {paragraph.why_guessed()}"
        )
    if alone:
        return by
    by = sentence.aligned_by(lengths)
    if by is not None and not (
        merged and sentence.fit is not None and sentence.fit < FIT_SUPPORT
    ):  # neighbouring paragraphs share names
        return by
    why = (
        "no sentence of the other side was aligned with it"
        if sentence.fit is None
        else f"sentence not aligned: {sentence.why_guessed()}"
    )
    return (GUESSED_PARAGRAPH + "merged with its neighbour to align; " if merged else GUESSED) + why


def stretch_notices(segments: pd.DataFrame) -> list[str]:
    """A notice per document whose paragraphs align poorly somewhere (a paragraph missing, added or
    moved), naming the stretch: its findings are at most warnings."""
    if ALIGNMENT not in segments.columns:
        return []
    guessed = segments[segments[ALIGNMENT].fillna("").str.startswith(GUESSED_PARAGRAPH)]
    notices = []
    for doc_id, rows in guessed.groupby("doc_id", sort=False):
        ids = rows["seg_id"].tolist()
        files = " ↔ ".join(
            str(f) for f in dict.fromkeys((rows.iloc[0].get("source_file"), rows.iloc[0].get("target_file"))) if f
        )
        stretch = ids[0] if len(ids) == 1 else f"{ids[0]} to {ids[-1]}"
        notices.append(
            f"{files or str(doc_id)}: {len(ids)} sentence(s) aligned by guesswork ({stretch}; "
            f"{rows.iloc[0][ALIGNMENT][len(GUESSED) :]}): a paragraph missing, added or moved? "
            f"Findings there are at most warnings"
        )
    return notices


def _join(sentences: Sequence[Sentence], glue: str) -> str:
    return glue.join(s.text for s in sentences)


def _unit_id(sentences: Sequence[Sentence]) -> str:
    """``p3.s2``; ``p3.s2+s3`` for consecutive sentences of one paragraph; ``p3.s4+p4.s1`` across."""
    first = sentences[0].id
    parts = [first]
    paragraph = first.split(".")[0]
    for sentence in sentences[1:]:
        head, _, tail = sentence.id.partition(".")
        parts.append(tail if head == paragraph and tail else sentence.id)
    return "+".join(parts)


def _row(
    doc_id: str,
    seg_id: str,
    source: Sequence[Sentence],
    target: Sequence[Sentence],
    source_file: Path | None,
    target_file: Path,
    field: str,
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "doc_id": doc_id,
        "seg_id": seg_id,
        "source": _join(source, ""),
        "target": _join(target, " "),
        "field": field,
    }
    if source_file is not None:
        row.update(
            source_file=str(source_file),
            source_line=source[0].line if source else None,
            source_column=source[0].column if source else None,
        )
    row.update(
        target_file=str(target_file),
        target_line=target[0].line if target else None,
        target_column=target[0].column if target else None,
    )
    return row


def directory_pairs(
    source_dir: Path, target_dir: Path, extensions: Iterable[str], notices: list[str] | None = None
) -> list[tuple[Path, Path, str]]:
    """(Chinese file, English file, doc_id) for files paired by relative path and stem; what was
    skipped (see the module's docstring) is said in ``notices``."""
    known = {ext.lower() for ext in extensions}
    source_skipped: dict[str, str] = {}
    target_skipped: dict[str, str] = {}
    sources, targets = _index(source_dir, known, source_skipped), _index(target_dir, known, target_skipped)
    if not sources:
        raise InputError(f"no documents in the directory (looked for {', '.join(sorted(known))})", source_dir)
    unpaired = [_unpaired(sources[k], target_skipped.get(k)) for k in sources if k not in targets] + [
        _unpaired(targets[k], source_skipped.get(k)) for k in targets if k not in sources
    ]
    if notices is not None:
        notices.extend([*source_skipped.values(), *target_skipped.values()])
    if unpaired:
        shown = ", ".join(unpaired[:5]) + (f" and {len(unpaired) - 5} more" if len(unpaired) > 5 else "")
        raise InputError(f"file(s) without a counterpart in the other directory: {shown}", source_dir)
    return [(sources[key], targets[key], key) for key in sorted(sources)]


def directory_files(
    directory: Path, extensions: Iterable[str], notices: list[str] | None = None
) -> list[tuple[Path, str]]:
    """(file, doc_id) of every readable file under ``directory``, for target-only mode; what was
    skipped (see the module's docstring) is said in ``notices``."""
    skipped: dict[str, str] = {}
    index = _index(directory, {ext.lower() for ext in extensions}, skipped)
    if notices is not None:
        notices.extend(skipped.values())
    if not index:
        raise InputError("no documents in the directory", directory)
    return [(index[key], key) for key in sorted(index)]


def _unpaired(path: Path, skipped: str | None) -> str:
    return f"{path} ({skipped})" if skipped else str(path)


def _index(directory: Path, known: set[str], skipped: dict[str, str]) -> dict[str, Path]:
    """Relative path without extension → file; two files with one stem are ambiguous. Entries not
    read (a link out of the tree, a FIFO, a device) go to ``skipped``: key → why."""
    index: dict[str, Path] = {}
    root = directory.resolve()
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory)
        if path.suffix.lower() not in known or any(p.startswith(".") for p in relative.parts):
            continue
        key = relative.with_suffix("").as_posix()
        why = _not_read(path, root, directory)
        if why == "":
            continue  # a directory
        if why is not None:
            skipped[key] = f"{path}: {why}, skipped"
            continue
        if key in index:
            raise InputError(f"two files for one document: {index[key].name} and {path.name}", path.parent)
        index[key] = path
    return index


def _not_read(path: Path, root: Path, directory: Path) -> str | None:
    """Why ``path`` under ``directory`` (whose real path is ``root``) is not read as a document:
    None for a regular file inside the tree, "" for a directory (not a document, and a linked
    one is not descended into)."""
    try:
        info = path.stat()
    except OSError:
        return "a broken link" if path.is_symlink() else "unreadable"
    if path.is_symlink() and not path.resolve().is_relative_to(root):
        return f"a symbolic link out of {directory}, not followed"
    if stat.S_ISDIR(info.st_mode):
        return ""
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (a FIFO, a device or a socket), not opened"
    return None
