"""The name check's literal searches give what the regular expressions they replace gave."""

from __future__ import annotations

import random
import re

from mtaudit.checks.names import _literal_starts


def test_literal_starts_are_those_of_finditer() -> None:
    """Every start ``re.finditer`` gives for the escaped literal, on texts where it overlaps itself
    (李李 in 李李李), stands at the ends and holds pattern characters (.+)."""
    chance = random.Random(7)
    alphabet = "李王a.+"
    for _ in range(3000):
        text = "".join(chance.choice(alphabet) for _ in range(chance.randint(0, 12)))
        literal = "".join(chance.choice(alphabet) for _ in range(chance.randint(1, 3)))
        expected = [m.start() for m in re.finditer(re.escape(literal), text)]
        assert list(_literal_starts(literal, text)) == expected, (literal, text)
