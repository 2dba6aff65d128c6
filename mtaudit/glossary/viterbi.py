"""jieba's part-of-speech HMM search (``jieba.posseg.viterbi``), vectorised with NumPy.

jieba's Viterbi, in pure Python, scores every pair of states at every character (a generator of
tuples for each): it was most of the name checks' time. Here each step is a few array operations
over the same states, with the same sums in the same order, so the scores are the same floats, and
ties go where Python's ``max`` over ``(score, state)`` tuples sends them (the greatest state): the
path is jieba's (``tests/glossary/test_viterbi.py`` compares the two).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

#: jieba's score of a character a state never emits, and of a transition it never makes.
MIN_FLOAT = -3.14e100
MIN_INF = float("-inf")

State = tuple[str, str]


class PosViterbi:
    """The HMM's tables as arrays, states in their sorted order (the order ``max`` breaks ties by)."""

    def __init__(
        self,
        char_states: Mapping[str, Sequence[State]],
        start_p: Mapping[State, float],
        trans_p: Mapping[State, Mapping[State, float]],
        emit_p: Mapping[State, Mapping[str, float]],
    ) -> None:
        self.states: list[State] = sorted(trans_p)
        self._index = {state: i for i, state in enumerate(self.states)}
        size = len(self.states)
        self._trans = np.full((size, size), MIN_INF)
        self._follows = np.zeros((size, size), dtype=bool)
        for state, following in trans_p.items():
            for other, score in following.items():
                self._trans[self._index[state], self._index[other]] = score
                self._follows[self._index[state], self._index[other]] = True
        self._leads = np.array([len(trans_p[state]) > 0 for state in self.states])
        self._start = np.array([start_p[state] for state in self.states])
        self._everything = np.ones(size, dtype=bool)
        self._char_states, self._emit_p = char_states, emit_p
        self._char_tables: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def _of_char(self, char: str) -> tuple[np.ndarray, np.ndarray]:
        """(which states may emit ``char``, every state's emission score of it), worked out once."""
        tables = self._char_tables.get(char)
        if tables is None:
            allowed = self._char_states.get(char)
            if allowed is None:
                mask = self._everything
            else:
                mask = np.zeros(len(self.states), dtype=bool)
                mask[[self._index[state] for state in allowed]] = True
            emit = np.array([self._emit_p[state].get(char, MIN_FLOAT) for state in self.states])
            tables = self._char_tables[char] = (mask, emit)
        return tables

    def path(self, text: str) -> list[State]:
        """The most likely state of each character of ``text`` (non-empty), as jieba's ``viterbi``."""
        mask, emit = self._of_char(text[0])
        current = mask.nonzero()[0]
        scores = self._start[current] + emit[current]
        steps: list[tuple[np.ndarray, np.ndarray]] = []  # (states at t, the state before each)
        for char in text[1:]:
            leading = self._leads[current]
            before, before_scores = current[leading], scores[leading]
            expected = self._follows[before].any(axis=0)
            mask, emit = self._of_char(char)
            wanted = mask & expected
            if not wanted.any():
                wanted = expected if expected.any() else self._everything
            current = wanted.nonzero()[0]
            table = (before_scores[:, None] + self._trans[before[:, None], current]) + emit[current][None, :]
            best = len(before) - 1 - table[::-1].argmax(axis=0)  # the last best: the greatest state
            scores = table[best, np.arange(len(current))]
            steps.append((current, before[best]))
        state = int(current[len(current) - 1 - int(scores[::-1].argmax())])
        route = [state]
        for states, came_from in reversed(steps):
            state = int(came_from[np.searchsorted(states, state)])
            route.append(state)
        return [self.states[i] for i in reversed(route)]
