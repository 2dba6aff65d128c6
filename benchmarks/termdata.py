"""Synthetic evaluation sets for the terminology engine, built from a glossary.

Bilingual templates (written for this project) get a glossary name in each language; the
English side is then kept correct, has the name garbled the way MT systems garble names
(pinyin of a transliteration, letter edits, Wade–Giles for Chinese names) or dropped.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from mtaudit.glossary.model import Entry, Glossary
from mtaudit.glossary.romanize import pinyin_syllables, wade_giles_syllables

# (Chinese, English) with {n} the name slot; the English side is a faithful human translation.
TEMPLATES = [
    (
        "{n}周二在记者会上回答了有关贸易谈判的问题。",
        "{n} answered questions about the trade talks at a press conference on Tuesday.",
    ),
    ("据报道，{n}将于下个月访问东京和首尔。", "{n} will visit Tokyo and Seoul next month, according to reports."),
    ("分析人士认为，{n}的表态释放了缓和信号。", "Analysts said the remarks by {n} signalled an easing of tensions."),
    ("{n}在声明中呼吁各方保持克制。", "In a statement, {n} called on all parties to exercise restraint."),
    ("周四，{n}与欧洲官员举行了视频会议。", "On Thursday, {n} held a video conference with European officials."),
    ("外界关注{n}在峰会上的立场。", "Observers are watching the position {n} takes at the summit."),
    ("{n}表示，双方将继续保持沟通。", "{n} said the two sides would stay in communication."),
    ("这份报告由{n}于周五发布。", "The report was released by {n} on Friday."),
    ("记者在会场外等候{n}。", "Reporters waited for {n} outside the venue."),
    ("{n}拒绝就此事发表评论。", "{n} declined to comment on the matter."),
    ("今年春天，{n}曾两次访问非洲。", "This spring, {n} visited Africa twice."),
    ("{n}的发言人周三证实了这一消息。", "A spokesperson for {n} confirmed the news on Wednesday."),
    ("会议结束后，{n}没有回答记者的提问。", "After the meeting, {n} did not take questions from reporters."),
    ("{n}警告说，通胀风险仍然很高。", "{n} warned that inflation risks remain high."),
    ("多位议员对{n}的计划提出了批评。", "Several lawmakers criticised the plan put forward by {n}."),
    ("{n}此前曾多次表达类似观点。", "{n} has expressed similar views several times before."),
    ("消息人士称，{n}正在考虑新的制裁措施。", "Sources said {n} was considering new sanctions."),
    ("{n}在社交媒体上发布了一段视频。", "{n} posted a video on social media."),
    ("{n}将在日内瓦出席联合国会议。", "{n} will attend a United Nations meeting in Geneva."),
    ("周一，{n}在伦敦发表演讲。", "On Monday, {n} gave a speech in London."),
]
FILLERS = ["the official", "he", "the minister", "the organisation"]
# Proper nouns that are not in the glossary, added to clean English text: target-only scans must
# leave them alone although some are close in spelling to glossary names.
OTHER_NAMES = [
    "Kowalczyk",
    "Nakamura",
    "Oyelaran",
    "Hakimi",
    "Lindqvist",
    "Moreau",
    "Castellanos",
    "Abernathy",
    "Szymanski",
    "Tiwari",
    "Okafor",
    "Rasmussen",
    "Petrovic",
    "Halvorsen",
    "Delacroix",
    "Yamamoto",
    "Bianchi",
    "Lefebvre",
    "Kuznetsov",
    "Gallagher",
    "Ramirez",
    "Gutierrez",
    "Schneider",
    "Novak",
    "Horvat",
    "Kovacs",
    "Papadopoulos",
    "Yilmaz",
    "Haddad",
    "Mansour",
    "Mukherjee",
    "Banerjee",
    "Menon",
    "Nguyen",
    "Pham",
    "Santos",
    "Oliveira",
    "Dlamini",
    "Ndlovu",
    "Mensah",
    "Owusu",
    "Zhang Wei",
    "Li Na",
    "Liu Yang",
    "Chen Jing",
    "Huang Min",
    "Zhou Tao",
    "Wu Lei",
    "Xu Ming",
    "Sun Li",
    "Ma Jun",
    "Hu Bin",
    "Guo Feng",
    "Gao Yan",
    "Lin Hui",
    "Luo Qiang",
    "Tang Xiaoming",
]
OTHER_PLACES = [
    "Tbilisi",
    "Yerevan",
    "Bratislava",
    "Ljubljana",
    "Tallinn",
    "Vilnius",
    "Windhoek",
    "Lusaka",
    "Kigali",
    "Dushanbe",
    "Bishkek",
    "Vientiane",
    "Mandalay",
    "Cebu",
    "Surabaya",
    "Penang",
    "Kuching",
    "Guiyang",
    "Lanzhou",
    "Hohhot",
]
EXTRA_SENTENCES = [
    "{a} of the regional office also attended.",
    "The meeting in {p} was chaired by {a}.",
    "{a} and {b} are expected to travel to {p} later this year.",
    "A statement from {p} quoted {a} as saying the plan was sound.",
]


def _extra_sentence(rng: random.Random) -> str:
    a, b = rng.sample(OTHER_NAMES, 2)
    return rng.choice(EXTRA_SENTENCES).format(a=a, b=b, p=rng.choice(OTHER_PLACES))


@dataclass
class Case:
    source: str
    target: str
    entry: Entry
    garble: str | None = None  # the wrong text put in place of the name
    method: str = "clean"


def _names(glossary: Glossary) -> list[Entry]:
    return [e for e in glossary if e.type in ("person", "org", "place") and len(e.sources[0]) >= 2]


def clean_cases(glossary: Glossary, count: int, seed: int = 1) -> list[Case]:
    rng = random.Random(seed)
    entries = _names(glossary)
    cases = []
    for _ in range(count):
        entry = rng.choice(entries)
        zh, en = rng.choice(TEMPLATES)
        rendering = rng.choice(entry.accepted)
        en_text = en.replace("{n}", rendering)
        en_text = en_text[0].upper() + en_text[1:] + " " + _extra_sentence(rng)
        cases.append(Case(zh.replace("{n}", rng.choice(entry.sources)), en_text, entry))
    return cases


_VOWELS = "aeiou"
_SWAPS = {
    "b": "p",
    "p": "b",
    "d": "t",
    "t": "d",
    "g": "k",
    "k": "g",
    "l": "r",
    "r": "l",
    "n": "m",
    "m": "n",
    "v": "f",
    "f": "v",
    "s": "z",
    "z": "s",
    "c": "k",
}


def _edit(word: str, rng: random.Random) -> str:
    chars = list(word)
    i = rng.randrange(1, len(chars)) if len(chars) > 1 else 0
    low = chars[i].lower()
    if low in _VOWELS:
        chars[i] = rng.choice([v for v in _VOWELS if v != low])
    elif low in _SWAPS:
        chars[i] = _SWAPS[low]
    else:
        chars.insert(i, rng.choice(_VOWELS))
    if len(chars) > 5 and rng.random() < 0.5:
        del chars[rng.randrange(2, len(chars) - 1)]
    return "".join(chars)


def garble(entry: Entry, source_form: str, rng: random.Random, method: str) -> str | None:
    """A wrong rendering of ``entry`` in the style of MT errors, or None when the method does not apply."""
    from wordfreq import zipf_frequency

    person = entry.type == "person"
    if method == "pinyin":
        syllables = pinyin_syllables(source_form, person)
        if not syllables:
            return None
        if person and len(syllables) > 2:
            text = f"{syllables[0].capitalize()} {''.join(syllables[1:]).capitalize()}"
        else:
            text = rng.choice([" ".join(s.capitalize() for s in syllables), "".join(syllables).capitalize()])
    elif method == "wade":
        syllables = wade_giles_syllables(source_form)
        if not person or len(syllables) < 2:
            return None
        text = f"{syllables[0].capitalize()} {'-'.join(syllables[1:]).capitalize()}"
    else:
        words = entry.target.split()
        longest = max(range(len(words)), key=lambda k: len(words[k]))
        if len(words[longest]) < 4:
            return None
        words[longest] = _edit(words[longest], rng)
        text = " ".join(words)
    if text.lower() in {a.lower() for a in entry.accepted} or any(zipf_frequency(w, "en") >= 3.5 for w in text.split()):
        return None
    return text


def garbled_cases(glossary: Glossary, count: int, seed: int = 2) -> list[Case]:
    rng = random.Random(seed)
    entries = _names(glossary)
    cases: list[Case] = []
    while len(cases) < count:
        entry = rng.choice(entries)
        zh, en = rng.choice(TEMPLATES)
        form = rng.choice(entry.sources)
        method = rng.choice(["pinyin", "edit", "edit", "wade", "drop"])
        if method == "drop":
            wrong = rng.choice(FILLERS)
            text = en.replace("{n}", wrong)
            cases.append(Case(zh.replace("{n}", form), text[0].upper() + text[1:], entry, None, "drop"))
            continue
        wrong = garble(entry, form, rng, method)
        if wrong is None:
            continue
        text = en.replace("{n}", wrong)
        cases.append(Case(zh.replace("{n}", form), text[0].upper() + text[1:], entry, wrong, method))
    return cases
