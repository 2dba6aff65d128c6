"""What the checks of an audit share: the glossary, the options, and the matchers and dictionaries
built from them once (lazily: a check that needs none builds none)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from mtaudit.checks.locate import Locator
from mtaudit.glossary.longer import LongerNames
from mtaudit.glossary.matcher import SourceMatcher, TargetMatcher
from mtaudit.glossary.model import Glossary
from mtaudit.options import CheckOptions


@dataclass
class CheckContext:
    glossary: Glossary
    #: A dict of :class:`~mtaudit.options.CheckOptions` fields is taken too.
    options: CheckOptions = field(default_factory=CheckOptions)

    def __post_init__(self) -> None:
        self.options = CheckOptions.from_mapping(self.options)

    @cached_property
    def source_matcher(self) -> SourceMatcher:
        return SourceMatcher(self.glossary)

    @cached_property
    def target_matcher(self) -> TargetMatcher:
        return TargetMatcher(self.glossary)

    @cached_property
    def longer_names(self) -> LongerNames:
        return LongerNames()

    @cached_property
    def locator(self) -> Locator:
        return Locator(self.glossary)

    @cached_property
    def place_words(self) -> frozenset[str]:
        """The lower-case words of the glossary's place names and adjectives, and of the two countries
        the bundled glossary leaves out (see glossaries/places.yaml): words in many names."""
        listed = {
            word.lower()
            for entry in self.glossary
            if entry.type == "place"
            for form in entry.accepted
            for word in form.split()
        }
        return frozenset(listed | UNLISTED_COUNTRY_WORDS)


#: 中国 and 美国 are in nearly every sentence and no entries of the bundled glossary.
UNLISTED_COUNTRY_WORDS = frozenset({"china", "chinese", "america", "american", "united", "states", "us"})
