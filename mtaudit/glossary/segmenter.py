"""jieba's dictionary, prepared once and shared by every part of mtaudit that segments Chinese.

jieba reads its dictionary file (350k words) into a dict of 500k words and prefixes for each
``Tokenizer`` (0.5 s, ~65 MiB), and each ``POSTokenizer`` reads the file again for the words'
part-of-speech tags (0.3 s, ~40 MiB). Here the dictionary, as jieba's own readers read it, is
prepared once in the cache directory: a marisa-trie of the words and prefixes, with arrays of
their frequencies and tags, mapped from disk, so that a short audit touches only the pages of the
words it looks up. A trie lookup is slower than a dict's, so a tokenizer that has segmented
:data:`WHOLE_AFTER` characters or answered :data:`WHOLE_AFTER_LOOKUPS` tag lookups, and every
tokenizer before worker processes are forked for a large input (:func:`load_whole`), swaps in the
dicts, loaded whole. The words, frequencies, total and tags are jieba's either way, so
segmentation and tags are too (``tests/glossary/test_segmenter.py``).
"""

from __future__ import annotations

import importlib.util
import io
import marshal
import sys
import weakref
from array import array
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from math import log
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import marisa_trie

from mtaudit.cachedir import Prepared, default_cache_dir, mapped
from mtaudit.glossary.jiebaload import jieba

#: A tokenizer swaps its trie for jieba's dicts after segmenting this many characters (~1,000
#: sentences): trie lookups make segmenting ~2.5x slower, and loading the dicts costs ~0.5 s.
WHOLE_AFTER = 50_000
#: Or after its tags have answered this many lookups (the longer-name guard asks many).
WHOLE_AFTER_LOOKUPS = 200_000
#: Bumped when the prepared files change.
FORMAT = 1


class PreparedDictionary:
    """jieba's stock dictionary as prepared files: the trie (word → id), and by id the frequency
    and tag; the dicts jieba itself builds, marshalled, for :meth:`whole`."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.ids = marisa_trie.Trie()
        self.ids.mmap(str(files["words.marisa"]))
        self.freqs = mapped(files["freqs.bin"]).cast("q")
        self.tag_codes = mapped(files["tags.bin"])
        meta = marshal.loads(files["meta.marshal"].read_bytes())
        self.total: int = meta["total"]
        self.tag_names: tuple[str, ...] = meta["tags"]
        self.pairs = marisa_trie.Trie()
        self.pairs.mmap(str(files["pairs.marisa"]))
        self._files = files

    def whole_frequencies(self) -> dict[str, int]:
        """jieba's FREQ as a new dict (word and prefix → frequency), as its ``initialize`` builds it."""
        return marshal.loads(self._files["freqs.marshal"].read_bytes())

    def whole_tags(self) -> dict[str, str]:
        """jieba's ``word_tag_tab`` as a new dict, as a ``POSTokenizer`` reads it."""
        return marshal.loads(self._files["tags.marshal"].read_bytes())

    def whole_pairs(self) -> frozenset[str]:
        """Every pair of adjacent characters inside a word (frequency above 0)."""
        return marshal.loads(self._files["pairs.marshal"].read_bytes())


class Frequencies(Mapping[str, int]):
    """jieba's FREQ (word → frequency; the prefixes of words at 0) read from the prepared trie."""

    __slots__ = ("_ids", "_freqs")

    def __init__(self, dictionary: PreparedDictionary) -> None:
        self._ids, self._freqs = dictionary.ids, dictionary.freqs

    def __contains__(self, word: object) -> bool:
        return word in self._ids

    def __getitem__(self, word: str) -> int:
        return self._freqs[self._ids[word]]

    def get(self, word: str, default: Any = None) -> Any:
        index = self._ids.get(word)
        return default if index is None else self._freqs[index]

    def __iter__(self) -> Iterator[str]:
        return self._ids.iterkeys()

    def __len__(self) -> int:
        return len(self._ids)


class ExtendedFrequencies(Frequencies):
    """The prepared FREQ with words added (``add_word`` writes here): what jieba's FREQ becomes."""

    __slots__ = ("added",)

    def __init__(self, dictionary: PreparedDictionary, added: dict[str, int] | None = None) -> None:
        super().__init__(dictionary)
        self.added: dict[str, int] = dict(added or {})

    def __contains__(self, word: object) -> bool:
        return word in self.added or word in self._ids

    def __getitem__(self, word: str) -> int:
        found = self.added.get(word)
        return super().__getitem__(word) if found is None else found

    def get(self, word: str, default: Any = None) -> Any:
        found = self.added.get(word)
        return super().get(word, default) if found is None else found

    def __setitem__(self, word: str, freq: int) -> None:
        self.added[word] = freq

    def __iter__(self) -> Iterator[str]:
        yield from self.added
        yield from (word for word in self._ids.iterkeys() if word not in self.added)

    def __len__(self) -> int:
        return len(self._ids) + sum(1 for word in self.added if word not in self._ids)


class Tags(Mapping[str, str]):
    """jieba's ``word_tag_tab`` (word → part-of-speech tag) read from the prepared arrays;
    ``busy`` is called once it has answered :data:`WHOLE_AFTER_LOOKUPS` lookups."""

    __slots__ = ("_ids", "_codes", "_names", "_busy", "_left", "asked")

    def __init__(self, dictionary: PreparedDictionary, busy: Callable[[], None] | None = None) -> None:
        self._ids, self._codes, self._names = dictionary.ids, dictionary.tag_codes, dictionary.tag_names
        self._busy, self._left = busy, WHOLE_AFTER_LOOKUPS
        #: Whether a tag has been looked up.
        self.asked = False

    def get(self, word: str, default: Any = None) -> Any:
        self._left -= 1
        self.asked = True
        if self._left == 0 and self._busy is not None:
            self._busy()
        index = self._ids.get(word)
        code = 0 if index is None else self._codes[index]
        return default if code == 0 else self._names[code]

    def starting(self, text: str) -> list[tuple[str, str]]:
        """The words ``text`` starts with and their tags, in one walk of the trie (counted as no
        lookup: it costs what a lookup in the whole dict does)."""
        codes, names = self._codes, self._names
        return [(word, names[codes[index]]) for word, index in self._ids.iter_prefixes_with_ids(text) if codes[index]]

    def __getitem__(self, word: str) -> str:
        found = self.get(word)
        if found is None:
            raise KeyError(word)
        return found

    def __contains__(self, word: object) -> bool:
        return self.get(word) is not None  # type: ignore[arg-type]

    def __iter__(self) -> Iterator[str]:
        return (word for word, index in self._ids.iteritems() if self._codes[index])

    def __len__(self) -> int:
        return sum(1 for code in self._codes if code)


class PreparedTokenizer(jieba.Tokenizer):
    """A jieba tokenizer over the prepared dictionary (``tags``: its words' tags, for the
    part-of-speech taggers built on it); :meth:`load_whole` swaps in dicts."""

    def __init__(self, dictionary: PreparedDictionary, freq: Frequencies, total: int) -> None:
        super().__init__()
        self.prepared = dictionary
        self.FREQ: Any = freq  # the trie, or jieba's own dict once swapped in
        self.total, self.initialized = total, True
        self.tags: Mapping[str, str] = Tags(dictionary, self.load_whole)
        self.whole = False
        self._segmented = 0
        _LIVE.add(self)

    @property
    def segmented(self) -> bool:
        """Whether it has segmented anything."""
        return self._segmented > 0

    def get_DAG(self, sentence: str) -> dict[int, list[int]]:
        self.count_segmented(len(sentence))
        return super().get_DAG(sentence)

    def count_segmented(self, characters: int) -> None:
        """Count characters segmented (as :meth:`get_DAG` does): the dicts are loaded after many."""
        if not self.whole:
            self._segmented += characters
            if self._segmented > WHOLE_AFTER:
                self.load_whole()

    def tags_starting(self, text: str) -> list[tuple[str, str]]:
        """The words ``text`` starts with and their tags (see :func:`tagged_words_starting`)."""
        tags = self.tags
        if isinstance(tags, Tags):
            return tags.starting(text)
        return [(word, tag) for word in self.prepared.ids.iter_prefixes(text) if (tag := tags.get(word)) is not None]

    def load_whole(self) -> None:
        """Swap the trie for jieba's dicts (the added words kept): fast lookups for long inputs."""
        if self.whole:
            return
        whole = self.prepared.whole_frequencies()
        if isinstance(self.FREQ, ExtendedFrequencies):
            whole.update(self.FREQ.added)
            self.FREQ, self.whole = whole, True  # its tags are never asked for: no tagger reads them
            return
        self.FREQ, self.tags, self.whole = whole, self.prepared.whole_tags(), True


def route_ends(tokenizer: jieba.Tokenizer, sentence: str) -> list[int]:
    """Where the word of jieba's best route from each position of ``sentence`` ends: what
    ``tokenizer.calc(sentence, tokenizer.get_DAG(sentence), route)`` chooses, in one pass without
    the DAG's lists and the route's tuples (each word looked up once, not twice, and its score
    summed as jieba sums it; a tie goes to the longer word, as ``max`` over (score, end) sends it)."""
    if isinstance(tokenizer, PreparedTokenizer):
        tokenizer.count_segmented(len(sentence))
    get, logtotal, size = tokenizer.FREQ.get, log(tokenizer.total), len(sentence)
    scores, ends = [0.0] * (size + 1), [0] * size
    for start in range(size - 1, -1, -1):
        best, end, last = 0.0, -1, start
        while last < size:
            freq = get(sentence[start : last + 1])
            if freq is None:
                break
            if freq:
                score = log(freq) - logtotal + scores[last + 1]
                if end < 0 or score >= best:
                    best, end = score, last + 1
            last += 1
        if end < 0:  # no word starts here: the character alone, at frequency 1
            best, end = log(1) - logtotal + scores[start + 1], start + 1
        scores[start], ends[start] = best, end
    return ends


#: Every prepared tokenizer alive, for :func:`load_whole`.
_LIVE: weakref.WeakSet[PreparedTokenizer] = weakref.WeakSet()


def load_whole() -> None:
    """Give every tokenizer in use jieba's dicts now: called before worker processes are forked
    for a large input, so that they share the dicts instead of each loading them. A tokenizer that
    has not segmented yet, only answered tag lookups (the terms check's longer-name guard asks the
    stock tokenizer's tags, never segmenting with it), gets its tags alone: its frequencies would
    cost 0.2 s before the workers fork, for nothing (were it to segment after, it would load them
    then, as any tokenizer does)."""
    for tokenizer in list(_LIVE):
        if tokenizer.whole or tokenizer.segmented or isinstance(tokenizer.FREQ, ExtendedFrequencies):
            tokenizer.load_whole()
        elif isinstance(tokenizer.tags, Tags) and tokenizer.tags.asked:
            tokenizer.tags = tokenizer.prepared.whole_tags()


@lru_cache(maxsize=1)
def identity() -> str:
    """What names jieba's stock dictionary: jieba's version and its dictionary file's size and time."""
    stat = _dictionary_file().stat()
    return f"stock-{jieba.__version__}-{stat.st_size}-{stat.st_mtime_ns}-v{FORMAT}"


@lru_cache(maxsize=1)
def prepared() -> PreparedDictionary:
    """jieba's stock dictionary, prepared in the cache directory on first use (~3 s), then mapped."""
    return PreparedDictionary(Prepared(default_cache_dir() / "jieba" / identity(), _prepare).files())


@lru_cache(maxsize=1)
def tokenizer() -> PreparedTokenizer:
    """The one tokenizer over jieba's stock dictionary that every user in this process shares."""
    dictionary = prepared()
    return PreparedTokenizer(dictionary, Frequencies(dictionary), dictionary.total)


def extended_tokenizer(added: dict[str, int], total: int) -> PreparedTokenizer:
    """A tokenizer over the stock dictionary with words added (``added``: jieba's FREQ entries for
    them and their prefixes, ``total`` its total after), or, with none given yet, one to add them to."""
    dictionary = prepared()
    return PreparedTokenizer(dictionary, ExtendedFrequencies(dictionary, added), total)


def word_tags() -> Mapping[str, str]:
    """Part-of-speech tags of jieba's dictionary words (the shared tokenizer's)."""
    return tokenizer().tags


def tagged_words_starting(text: str) -> list[tuple[str, str]]:
    """The words of jieba's dictionary that ``text`` starts with, and their tags: what looking up
    every prefix of ``text`` in :func:`word_tags` finds, in one walk of the prepared trie (its keys
    are every word with a tag, and their prefixes) instead of a slice and a lookup per prefix."""
    return tokenizer().tags_starting(text)


def posseg() -> Any:
    """``jieba.posseg``, imported without the default tagger it makes reading jieba's dictionary
    file again (0.3 s, 40 MiB): that tagger is given the shared tags instead; and with its HMM's
    tables (four modules of dict literals) read from one marshalled file, in half the time."""
    if "jieba.posseg" in sys.modules:
        return sys.modules["jieba.posseg"]
    tables = {f"jieba.posseg.{name}": _module(f"jieba.posseg.{name}", P=table) for name, table in _hmm_tables().items()}
    sys.modules.update({name: module for name, module in tables.items() if name not in sys.modules})
    default = jieba.dt.dictionary is None  # jieba's own dictionary, which the prepared one is
    if default:
        jieba.dt.get_dict_file = io.BytesIO  # read at import: an empty file
    try:
        from jieba import posseg as module  # deferred: imported with the file read skipped
    except BaseException:
        for name, table_module in tables.items():
            if sys.modules.get(name) is table_module:
                del sys.modules[name]
        raise
    finally:
        if default:
            del jieba.dt.get_dict_file
    if default:
        module.dt.word_tag_tab = _SharedTags()
    return module


#: The modules of jieba.posseg's HMM, each a dict ``P``.
HMM_TABLES = ("char_state_tab", "prob_start", "prob_trans", "prob_emit")


def _hmm_tables() -> dict[str, Any]:
    """jieba.posseg's HMM tables, marshalled once in the cache directory from its own modules."""
    files = Prepared(default_cache_dir() / "jieba" / f"posseg-hmm-{jieba.__version__}-v{FORMAT}", _prepare_hmm).files()
    return marshal.loads(files["hmm.marshal"].read_bytes())


def _prepare_hmm() -> dict[str, bytes]:
    """The tables as jieba's modules define them (each run on its own, not as part of jieba.posseg)."""
    folder = Path(jieba.__file__).parent / "posseg"
    tables = {}
    for name in HMM_TABLES:
        spec = importlib.util.spec_from_file_location(f"_mtaudit_posseg_{name}", folder / f"{name}.py")
        if spec is None or spec.loader is None:
            raise ModuleNotFoundError(str(folder / f"{name}.py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        tables[name] = module.P
    return {"hmm.marshal": marshal.dumps(tables)}


def _module(name: str, **attributes: Any) -> ModuleType:
    module = ModuleType(name)
    module.__dict__.update(attributes)
    return module


class _SharedTags(Mapping[str, str]):
    """jieba.posseg's default tagger's tags: the shared tokenizer's, looked up when first asked."""

    def get(self, word: str, default: Any = None) -> Any:
        return word_tags().get(word, default)

    def __getitem__(self, word: str) -> str:
        return word_tags()[word]

    def __iter__(self) -> Iterator[str]:
        return iter(word_tags())

    def __len__(self) -> int:
        return len(word_tags())


def _dictionary_file() -> Path:
    return Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME


def _prepare() -> dict[str, bytes]:
    """The prepared files, from what jieba's own readers make of its dictionary file."""
    freq, total = jieba.Tokenizer.gen_pfdict(_dictionary_file().open("rb"))
    reader = SimpleNamespace()
    posseg().POSTokenizer.load_word_tag(reader, _dictionary_file().open("rb"))
    tags: dict[str, str] = reader.word_tag_tab
    names = ("", *sorted(set(tags.values())))
    code = {name: i for i, name in enumerate(names)}
    trie = marisa_trie.Trie(freq)
    freqs, codes = array("q", bytes(8 * len(trie))), bytearray(len(trie))
    for word, index in trie.iteritems():
        freqs[index] = freq[word]
        codes[index] = code[tags[word]] if word in tags else 0
    pairs = frozenset(word[i : i + 2] for word, count in freq.items() if count for i in range(len(word) - 1))
    return {
        "words.marisa": trie.tobytes(),
        "freqs.bin": freqs.tobytes(),
        "tags.bin": bytes(codes),
        "meta.marshal": marshal.dumps({"total": total, "tags": names}),
        "pairs.marisa": marisa_trie.Trie(pairs).tobytes(),
        "freqs.marshal": marshal.dumps(freq),
        "tags.marshal": marshal.dumps(tags),
        "pairs.marshal": marshal.dumps(pairs),
    }
