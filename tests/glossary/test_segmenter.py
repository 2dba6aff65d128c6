"""The prepared jieba dictionary is jieba's own: the same words, frequencies, total and tags, so
the same segmentation and tags — from the mapped trie, and once swapped for the dicts."""

from __future__ import annotations

import itertools
import logging
import random
import subprocess
import sys

import jieba
import pytest

from mtaudit.glossary import boundaries, segmenter
from mtaudit.glossary.tagger import NameTagger, SharedTagger, name_tagger, shared_tagger

PEOPLE = (
    "王毅",
    "拜登",
    "耶伦",
    "张晓明",
    "李娜",
    "欧阳娜娜",
    "岸田文雄",
    "阮春福",
    "尹锡悦",
    "范明政",
    "何立峰",
    "布林肯",
    "雷蒙多",
    "马克龙",
    "习近平",
    "刘遵义",
    "顾天成",
    "黄小希",
    "周珊珊",
    "林碧锋",
)
PLACES = ("北京", "上海", "白宫", "华盛顿", "东京", "河内", "首尔", "深圳", "遵义", "北京大学", "德国之声", "伦敦")
VERBS = ("会见了", "表示", "宣布", "访问", "批评了", "指出", "抵达", "离开", "致电", "强调")
OBJECTS = (
    "来访的官员",
    "双方关系",
    "新的关税政策",
    "芬太尼问题",
    "气候变化",
    "经济合作",
    "记者的提问",
    "联合声明",
    "贸易谈判",
    "国王毅然决定",
)
TIMES = ("周二", "昨天", "5月20日", "2023年", "今天上午", "当地时间周三", "")
#: Hand-written cases: traditional script, Latin letters and digits, full-width forms, punctuation.
EXTRA = (
    "新华社北京5月20日电（记者黄小希 周珊珊）",
    "國王毅然決定",
    "美國總統拜登",
    "ＡＢＣ新闻报道了iPhone 15的销量",
    "约瑟夫·拜登在C-SPAN上发言",
    "他说：“我们不会让步！”",
    "支雲餐厅和之家酒店",
    "［德］魏思诺著，杨春丽译",
    "COVID-19疫情期间，上海封城。",
    "巧克力须知顾问",
    "左癫和右癫",
    "   ",
    "",
    "123.45%",
    "王毅、耶伦与布林肯",
)


def sentences() -> list[str]:
    """Three hundred sentences of our own, and the hand-written cases."""
    draw = random.Random(16)
    made = [
        f"{draw.choice(TIMES)}{draw.choice(PEOPLE + PLACES)}{draw.choice(VERBS)}{draw.choice(OBJECTS)}，"
        f"{draw.choice(PEOPLE)}在{draw.choice(PLACES)}{draw.choice(VERBS)}{draw.choice(OBJECTS)}。"
        for _ in range(300)
    ]
    return made + list(EXTRA)


@pytest.fixture(scope="module")
def reference() -> jieba.Tokenizer:
    """jieba's tokenizer and tags as jieba itself reads its dictionary file."""
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tokenizer.tags = segmenter.posseg().POSTokenizer(tokenizer).word_tag_tab
    return tokenizer


@pytest.fixture(scope="module")
def whole() -> segmenter.PreparedTokenizer:
    """A prepared tokenizer that has swapped its trie for the dicts."""
    dictionary = segmenter.prepared()
    tokenizer = segmenter.PreparedTokenizer(dictionary, segmenter.Frequencies(dictionary), dictionary.total)
    tokenizer.load_whole()
    return tokenizer


def test_the_prepared_dictionary_is_jiebas(reference) -> None:
    compact = segmenter.tokenizer()
    assert compact.total == reference.total and len(compact.FREQ) == len(reference.FREQ)
    assert dict(compact.FREQ.items()) == reference.FREQ
    tags = segmenter.Tags(segmenter.prepared())
    assert dict(tags.items()) == reference.tags and len(tags) == len(reference.tags)
    assert segmenter.prepared().whole_frequencies() == reference.FREQ
    assert segmenter.prepared().whole_tags() == reference.tags


def test_segmentation_is_jiebas_from_the_trie_and_the_dicts(reference, whole) -> None:
    compact = segmenter.tokenizer()
    for text in sentences():
        expected = [
            list(reference.cut(text)),
            list(reference.cut(text, HMM=False)),
            list(reference.cut(text, cut_all=True)),
        ]
        for tokenizer in (compact, whole):
            assert [
                list(tokenizer.cut(text)),
                list(tokenizer.cut(text, HMM=False)),
                list(tokenizer.cut(text, cut_all=True)),
            ] == expected, text


def test_part_of_speech_tags_are_jiebas(reference, whole) -> None:
    plain = segmenter.posseg().POSTokenizer(reference)
    names = NameTagger(reference)  # jieba's own tokenizer and tags
    for text in sentences():
        expected = [(p.word, p.flag) for p in plain.cut(text)]
        assert [(p.word, p.flag) for p in shared_tagger().cut(text)] == expected, text
        assert [(p.word, p.flag) for p in SharedTagger(whole).cut(text)] == expected, text
        blocks = [block.group() for block in NameTagger.blocks.finditer(text)]
        assert [name_tagger().tag_block(b) for b in blocks] == [names.tag_block(b) for b in blocks], text


def test_the_tagged_words_a_text_starts_with_are_its_prefixes_tags(reference, whole) -> None:
    """One walk of the trie finds what looking up each prefix finds, from the arrays and from the dicts."""
    for text in sentences():
        for start in range(len(text)):
            window = text[start : start + 12]
            expected = [
                (window[:end], reference.tags[window[:end]])
                for end in range(1, len(window) + 1)
                if window[:end] in reference.tags
            ]
            assert segmenter.tokenizer().tags_starting(window) == expected, window
            assert whole.tags_starting(window) == expected, window


def test_the_best_route_is_jiebas_calc_over_its_dag(reference, whole) -> None:
    """route_ends makes the choices of jieba's get_DAG and calc, on our sentences and on random
    runs of their characters (unknown words, single characters, words glued together)."""
    draw = random.Random(5)
    characters = sorted(set("".join(sentences())))
    texts = sentences() + ["".join(draw.choices(characters, k=draw.randint(1, 30))) for _ in range(300)]
    for tokenizer in (reference, segmenter.tokenizer(), whole):
        for text in texts:
            route: dict[int, tuple[float, int]] = {}
            tokenizer.calc(text, tokenizer.get_DAG(text), route)
            assert segmenter.route_ends(tokenizer, text) == [route[i][1] + 1 for i in range(len(text))], text


def test_jiebas_default_tagger_gets_the_shared_tags(reference) -> None:
    """Importing jieba.posseg without its default tagger reading the dictionary file leaves that
    tagger working: it reads the shared tags."""
    posseg = segmenter.posseg()
    assert posseg.dt.word_tag_tab.get("北京") == reference.tags["北京"] == "ns"
    assert posseg.dt.word_tag_tab.get("不是一个词", "x") == "x"


def test_the_dictionary_is_loaded_whole_after_long_inputs() -> None:
    dictionary = segmenter.prepared()
    tokenizer = segmenter.PreparedTokenizer(dictionary, segmenter.Frequencies(dictionary), dictionary.total)
    text = "".join(itertools.islice(itertools.cycle(sentences()), 200))
    before = list(tokenizer.cut(text[:1000]))
    assert not tokenizer.whole
    while not tokenizer.whole:
        list(tokenizer.cut(text))
    assert isinstance(tokenizer.FREQ, dict) and list(tokenizer.cut(text[:1000])) == before


def test_glossary_forms_are_added_as_jieba_adds_them(reference) -> None:
    forms = ("何立峰", "池瑶公主", "布林肯", "王毅", "芬太尼")
    added = jieba.Tokenizer()
    added.FREQ, added.total, added.initialized = dict(reference.FREQ), reference.total, True
    for form in forms:
        added.add_word(form)
    extended = boundaries.Dictionary(*boundaries.additions(forms))
    assert extended.tokenizer.total == added.total
    assert {form: extended.tokenizer.FREQ[form] for form in forms} == {form: added.FREQ[form] for form in forms}
    texts = sentences()[:60]
    expected = [list(added.cut(text, HMM=False)) for text in texts]
    assert [list(extended.tokenizer.cut(text, HMM=False)) for text in texts] == expected
    pairs = frozenset(w[i : i + 2] for w, f in added.FREQ.items() if f for i in range(len(w) - 1))
    probes = {text[i : i + 2] for text in texts for i in range(len(text) - 1)} | {"立峰", "瑶公"}
    assert {p for p in probes if p in extended.pairs} == {p for p in probes if p in pairs}
    extended.load_whole()
    assert isinstance(extended.pairs, frozenset) and extended.pairs == pairs
    assert [list(extended.tokenizer.cut(text, HMM=False)) for text in texts] == expected


def test_the_dictionary_is_loaded_whole_after_many_tag_lookups(monkeypatch) -> None:
    monkeypatch.setattr(segmenter, "WHOLE_AFTER_LOOKUPS", 10)
    dictionary = segmenter.prepared()
    tokenizer = segmenter.PreparedTokenizer(dictionary, segmenter.Frequencies(dictionary), dictionary.total)
    tags = tokenizer.tags
    found = [tags.get(word) for word in ("北京", "上海", "不是词") * 3]
    assert not tokenizer.whole
    found.append(tags.get("北京"))
    assert tokenizer.whole and isinstance(tokenizer.tags, dict) and tokenizer.tags.get("北京") == found[-1] == "ns"


def test_before_workers_fork_a_tokenizer_gets_the_dicts_it_used() -> None:
    """One that only answered tag lookups gets its tags, not the frequencies it has not segmented
    with; it loads them once it segments a long input."""
    dictionary = segmenter.prepared()

    def fresh() -> segmenter.PreparedTokenizer:
        return segmenter.PreparedTokenizer(dictionary, segmenter.Frequencies(dictionary), dictionary.total)

    tagging, segmenting, unused = fresh(), fresh(), fresh()
    assert tagging.tags.get("北京") == "ns"
    before = list(segmenting.cut("北京大学的学生"))
    segmenter.load_whole()
    assert isinstance(tagging.tags, dict) and isinstance(tagging.FREQ, segmenter.Frequencies) and not tagging.whole
    assert segmenting.whole and isinstance(segmenting.FREQ, dict) and list(segmenting.cut("北京大学的学生")) == before
    assert isinstance(unused.tags, segmenter.Tags) and not unused.whole
    text = "".join(itertools.islice(itertools.cycle(sentences()), 200))
    while not tagging.whole:
        list(tagging.cut(text))
    assert isinstance(tagging.FREQ, dict) and tagging.tags.get("北京") == "ns"


def test_the_hmm_tables_are_jieba_posseg_s() -> None:
    """jieba.posseg imported as usual (in a process of its own) has the tables read from the cache."""
    script = (
        "import jieba.posseg as p\nfrom mtaudit.glossary import segmenter\n"
        "print(segmenter._hmm_tables() == {'char_state_tab': p.char_state_tab_P, 'prob_start': p.start_P,"
        " 'prob_trans': p.trans_P, 'prob_emit': p.emit_P})"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8", check=True)
    assert done.stdout.strip() == "True"
    assert segmenter.posseg().emit_P is not None and "jieba.posseg.prob_emit" in sys.modules
