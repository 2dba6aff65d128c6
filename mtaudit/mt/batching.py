"""Length-bucketed batching and sentence-boundary splitting of long sources.

Sorting by length keeps padding (wasted compute) small; the token budget bounds memory. Sources
longer than the model should see are split at sentence, then clause, boundaries — never
truncated silently — and the pieces' translations are joined again in order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import regex

#: After a Chinese or Latin sentence end, with any closing quotes or brackets that follow it.
_SENTENCE_END = regex.compile(r"(?<=[。！？!?；;…\n]+[”’」』）)\"']*)(?=\S)")
_CLAUSE_END = regex.compile(r"(?<=[，,、：:]+)(?=\S)")

CountTokens = Callable[[Sequence[str]], list[int]]


def split_source(text: str, count_tokens: CountTokens, max_tokens: int) -> list[str]:
    """``text`` as pieces of at most ``max_tokens`` tokens: sentences merged greedily, a sentence
    that is still too long split at clauses, and a clause that is still too long cut by characters."""
    if count_tokens([text])[0] <= max_tokens:
        return [text]
    pieces: list[str] = []
    for pattern in (_SENTENCE_END, _CLAUSE_END, None):
        units = _split(text, pattern)
        if len(units) > 1 or pattern is None:
            break
    lengths = count_tokens(units)
    current, current_len = "", 0
    for unit, length in zip(units, lengths, strict=True):
        if length > max_tokens:
            if current:
                pieces.append(current)
                current, current_len = "", 0
            pieces.extend(_split_further(unit, count_tokens, max_tokens, length))
        elif current and current_len + length > max_tokens:
            pieces.append(current)
            current, current_len = unit, length
        else:
            current, current_len = current + unit, current_len + length
    if current:
        pieces.append(current)
    return [p for p in (piece.strip() for piece in pieces) if p]


def _split(text: str, pattern: regex.Pattern[str] | None) -> list[str]:
    return [text] if pattern is None else [u for u in pattern.split(text) if u]


def _split_further(unit: str, count_tokens: CountTokens, max_tokens: int, length: int) -> list[str]:
    clauses = _split(unit, _CLAUSE_END)
    if len(clauses) > 1:
        return split_source(unit, count_tokens, max_tokens)
    parts = length // max_tokens + 1
    size = -(-len(unit) // parts)
    chunks = [unit[i : i + size] for i in range(0, len(unit), size)]
    return (
        [piece for chunk in chunks for piece in split_source(chunk, count_tokens, max_tokens)]
        if size < len(unit)
        else chunks
    )


def plan_batches(lengths: Sequence[int], batch_tokens: int) -> list[list[int]]:
    """Indices grouped into batches of similar length, longest first, each within the token budget
    (batch size x longest member); a single item longer than the budget gets a batch of its own."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches: list[list[int]] = []
    for index in order:
        if batches and (len(batches[-1]) + 1) * max(lengths[batches[-1][0]], 1) <= batch_tokens:
            batches[-1].append(index)
        else:
            batches.append([index])
    return batches
