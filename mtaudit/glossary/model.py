"""Glossary entries: canonical English renderings of Chinese names and terms."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace

#: Entry types whose renderings are matched case-sensitively unless the entry says otherwise.
NAME_TYPES = frozenset({"person", "org", "place", "event", "product"})


@dataclass(frozen=True)
class Entry:
    """One concept: its Chinese source forms and the English renderings that are accepted or wrong."""

    id: str
    sources: tuple[str, ...]
    target: str
    variants: tuple[str, ...] = ()
    forbidden: tuple[str, ...] = ()
    type: str = "term"
    case_sensitive: bool | None = None
    #: Short forms accepted only after a full rendering earlier in the same document ("Xi").
    short: tuple[str, ...] = ()
    #: Pinyin syllables of a rendering may be hyphenated or spaced ("He Li-feng" for "He Lifeng").
    hyphenation: bool = False
    note: str = ""
    #: Adjective and demonym forms that render the term too (日本人 "Japanese", 俄罗斯的 "Russian"):
    #: accepted, and never inconsistent with the name.
    adjectives: tuple[str, ...] = ()
    #: The rendering holds only in some contexts (共产党 is not always the Communist Party of China):
    #: what the term check finds of it is never more than ``info`` unless other evidence settles it.
    ambiguous: bool = False

    @property
    def accepted(self) -> tuple[str, ...]:
        """Every rendering that satisfies the entry, canonical first (adjective forms last)."""
        return (self.target, *self.variants, *self.adjectives)

    @property
    def names(self) -> tuple[str, ...]:
        """The accepted renderings that are names, not adjectives: canonical first."""
        return (self.target, *self.variants)

    def combined(self, other: Entry) -> Entry:
        """This entry with ``other``'s forms added; this entry's target and settings win."""

        def union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(dict.fromkeys(a + b))

        return replace(
            self,
            sources=union(self.sources, other.sources),
            variants=tuple(v for v in union(self.variants, other.variants + (other.target,)) if v != self.target),
            forbidden=union(self.forbidden, other.forbidden),
            short=union(self.short, other.short),
            adjectives=union(self.adjectives, other.adjectives),
        )

    @property
    def is_case_sensitive(self) -> bool:
        if self.case_sensitive is not None:
            return self.case_sensitive
        return self.type in NAME_TYPES


@dataclass(frozen=True)
class UnknownKey:
    """A key of a glossary entry (or a column of a CSV glossary) that no entry has: a typo such as
    ``forbiden`` would otherwise drop the forms under it without a word."""

    key: str
    path: str
    line: int | None
    #: The entry's id, None for a CSV column (every entry has it).
    entry: str | None
    #: The known key it is closest to (difflib), if any is close.
    close: str | None

    @property
    def message(self) -> str:
        what = f"entry '{self.entry}': unknown key" if self.entry is not None else "unknown column"
        hint = f"did you mean '{self.close}'?" if self.close else "not a glossary field"
        return f"{what} '{self.key}' ({hint})"


@dataclass
class Glossary:
    """A set of entries merged from one or more files; ``origins`` names the files; ``unknown_keys``
    the keys their entries have that no entry may have (an error unless the glossary is linted)."""

    entries: list[Entry] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)
    unknown_keys: list[UnknownKey] = field(default_factory=list)
    #: The fingerprint once worked out (kept with a glossary put aside in the cache directory).
    _fingerprint: str | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.entries)

    def by_id(self) -> dict[str, Entry]:
        return {entry.id: entry for entry in self.entries}

    def merge(self, other: Glossary) -> Glossary:
        """Entries of both; an entry whose id is already present adds its forms to that entry
        (so a file of learned ``forbidden`` forms can overlay a glossary)."""
        merged = {entry.id: entry for entry in self.entries}
        for entry in other.entries:
            merged[entry.id] = merged[entry.id].combined(entry) if entry.id in merged else entry
        return Glossary(list(merged.values()), self.origins + other.origins, self.unknown_keys + other.unknown_keys)

    def fingerprint(self) -> str:
        """A short hash of the content, recorded in report signatures: worked out once (0.3 s for
        100k entries), since a loaded glossary's entries are not changed."""
        if self._fingerprint is None:
            # vars(): an entry's attributes are exactly its fields, all flat values (a shallow asdict())
            payload = json.dumps([vars(e) for e in self.entries], ensure_ascii=False, sort_keys=True)
            self._fingerprint = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]
        return self._fingerprint
