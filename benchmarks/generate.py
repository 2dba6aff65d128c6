"""Synthetic corpora and glossaries at chosen sizes, deterministic by seed, for the scale benchmarks.

A glossary of N entries is the first N of one seeded sequence, so a small glossary is a prefix of
a large one and a corpus built from the first 1,000 entries has the same glossary hits whichever
size is loaded: time against glossary size then measures the engine, not a different workload.
Sentences are templates (written for this project) with one or two names and a seeded tail of
ordinary words, so nearly every segment is distinct; targets render the names correctly, garble
them (a letter edit or a known wrong form) or drop them.

    python -m benchmarks.generate --segments 200000 --entries 10000   # writes benchmarks/out/
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path

import yaml

OUT = Path(__file__).parent / "out"

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范"
)
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉斌宇浩凯健俊帆帅旭宁峰晨瑶琪璐欣怡嘉"
_FOREIGN = "阿埃艾奥巴拜班贝本比波伯布达丹德迪杜顿恩菲弗福盖格哈赫基吉加卡凯坎科克肯库拉莱兰朗劳雷里利卢鲁伦洛玛迈曼蒙米莫穆纳尼努诺帕佩皮普奇萨塞桑森斯索塔泰特图瓦维沃乌西希亚扬伊尤约泽扎"
_ONSETS = ["b", "ch", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "sh", "t", "v", "w", "y", "z"]
_RIMES = ["a", "ai", "an", "ang", "e", "ei", "en", "i", "ian", "in", "o", "ou", "u", "un", "ar", "el", "ov", "ton"]

# (Chinese, English) with {a} and {b} name slots; the English is a faithful translation.
TEMPLATES = [
    (
        "{a}周二在记者会上回答了有关贸易谈判的问题",
        "{a} answered questions about the trade talks at a press conference on Tuesday",
    ),
    ("据报道，{a}将于下个月与{b}在东京会面", "{a} will meet {b} in Tokyo next month, according to reports"),
    ("分析人士认为，{a}的表态释放了缓和信号", "Analysts said the remarks by {a} signalled an easing of tensions"),
    ("{a}在声明中呼吁各方保持克制", "In a statement, {a} called on all parties to exercise restraint"),
    ("周四，{a}与{b}举行了视频会议", "On Thursday, {a} held a video conference with {b}"),
    ("外界关注{a}在峰会上的立场", "Observers are watching the position {a} takes at the summit"),
    ("{a}表示，双方将继续保持沟通", "{a} said the two sides would stay in communication"),
    ("这份报告由{a}于周五发布", "The report was released by {a} on Friday"),
    ("{a}拒绝就此事发表评论", "{a} declined to comment on the matter"),
    ("{a}的发言人周三证实了{b}的说法", "A spokesperson for {a} confirmed the account given by {b} on Wednesday"),
    ("会议结束后，{a}没有回答记者的提问", "After the meeting, {a} did not take questions from reporters"),
    ("多位议员对{a}的计划提出了批评", "Several lawmakers criticised the plan put forward by {a}"),
    ("市场今天小幅上涨，成交量有所放大", "Markets rose slightly today on higher volume"),
    ("天气预报说本周末将有大雨", "The forecast says heavy rain is due this weekend"),
]
# Ordinary clauses appended in seeded combinations, so segments are (nearly) all distinct.
TAILS = [
    ("相关部门表示", "officials said"),
    ("经济数据显示", "economic data showed"),
    ("会议持续了两个小时", "the meeting lasted two hours"),
    ("双方同意继续合作", "both sides agreed to keep working together"),
    ("消息公布后股市上涨", "stocks rose after the news"),
    ("这一决定引起广泛关注", "the decision drew wide attention"),
    ("专家建议加强监管", "experts urged tighter regulation"),
    ("政府将发布更多细节", "the government will publish more details"),
    ("当地居民表示欢迎", "local residents welcomed it"),
    ("这是今年第三次会谈", "it was the third round of talks this year"),
    ("谈判将在下周继续", "talks resume next week"),
    ("报告还提到了能源问题", "the report also mentioned energy"),
    ("记者在现场进行了采访", "reporters interviewed people on site"),
]


def _unique(rng: random.Random, make, seen: set[str]) -> str:
    while True:
        text = make(rng)
        if text not in seen:
            seen.add(text)
            return text


def _chinese_name(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return "".join(rng.choice(_FOREIGN) for _ in range(rng.choice((3, 3, 4, 5))))


def _english_name(rng: random.Random) -> str:
    words = rng.choice((1, 2, 2))
    return " ".join(
        "".join(rng.choice(_ONSETS) + rng.choice(_RIMES) for _ in range(rng.choice((2, 3)))).capitalize()
        for _ in range(words)
    )


def glossary_entries(count: int, seed: int = 7) -> list[dict]:
    """The first ``count`` entries of the seeded sequence (a prefix of any longer one)."""
    rng = random.Random(seed)
    sources: set[str] = set()
    targets: set[str] = set()
    entries = []
    for i in range(count):
        source = _unique(rng, _chinese_name, sources)
        target = _unique(rng, _english_name, targets)
        entry = {"id": f"e{i}", "source": [source], "target": target, "type": "person"}
        if rng.random() < 0.2:
            entry["variants"] = [rng.choice(["Mr ", "Ms ", "Dr "]) + target]
        if rng.random() < 0.3:
            entry["forbidden"] = [_garble(target, rng)]
        entries.append(entry)
    return entries


def _garble(name: str, rng: random.Random) -> str:
    """A letter edit in the longest word, the way MT systems garble names."""
    words = name.split()
    k = max(range(len(words)), key=lambda i: len(words[i]))
    chars = list(words[k])
    i = rng.randrange(1, len(chars))
    chars[i] = rng.choice([c for c in "aeiouklmnrt" if c != chars[i]])
    words[k] = "".join(chars)
    return " ".join(words)


def segment_rows(count: int, entries: list[dict], seed: int = 11, doc_size: int = 50) -> list[dict]:
    """``count`` bilingual rows with names from ``entries``: 90% rendered, 6% garbled, 4% dropped."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        zh, en = rng.choice(TEMPLATES)
        names = {slot: rng.choice(entries) for slot in ("a", "b")}
        for slot, entry in names.items():
            roll = rng.random()
            rendering = rng.choice([entry["target"], *entry.get("variants", [])])
            if roll < 0.06:
                rendering = rng.choice(entry.get("forbidden") or [_garble(entry["target"], rng)])
            elif roll < 0.10:
                rendering = rng.choice(["the official", "he", "she"])
            zh = zh.replace("{" + slot + "}", entry["source"][0])
            en = en.replace("{" + slot + "}", rendering)
        for _ in range(rng.choice((1, 2, 3))):
            tail_zh, tail_en = rng.choice(TAILS)
            zh, en = f"{zh}，{tail_zh}", f"{en}; {tail_en}"
        zh, en = f"{zh}，第{rng.randrange(1, 10_000)}号。", f"{en}, number {rng.randrange(1, 10_000)}."
        rows.append(
            {
                "doc_id": f"doc{n // doc_size:06d}",
                "id": str(n % doc_size + 1),
                "source": zh,
                "target": en[0].upper() + en[1:],
            }
        )
    return rows


def write_glossary(path: Path, entries: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "source", "target", "variants", "forbidden", "type"])
            for e in entries:
                writer.writerow(
                    [
                        e["id"],
                        "|".join(e["source"]),
                        e["target"],
                        "|".join(e.get("variants", [])),
                        "|".join(e.get("forbidden", [])),
                        e["type"],
                    ]
                )
    else:
        path.write_text(
            yaml.safe_dump({"entries": entries}, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8"
        )
    return path


def write_corpus(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        if path.suffix == ".jsonl":
            handle.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        else:
            writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            writer.writerow(["doc_id", "id", "source", "target"])
            writer.writerows([r["doc_id"], r["id"], r["source"], r["target"]] for r in rows)
    return path


def glossary_file(entries: int, fmt: str = "yaml", seed: int = 7) -> Path:
    """``benchmarks/out/glossary-<entries>-s<seed>.<fmt>``, written once and reused."""
    path = OUT / f"glossary-{entries}-s{seed}.{fmt}"
    return path if path.exists() else write_glossary(path, glossary_entries(entries, seed))


def corpus_file(segments: int, fmt: str = "tsv", seed: int = 11, name_pool: int = 1000) -> Path:
    """``benchmarks/out/corpus-<segments>-s<seed>.<fmt>``, names from the first ``name_pool`` entries."""
    path = OUT / f"corpus-{segments}-s{seed}.{fmt}"
    if not path.exists():
        write_corpus(path, segment_rows(segments, glossary_entries(name_pool), seed))
    return path


def traditional_corpus_file(segments: int, seed: int = 11, name_pool: int = 1000) -> Path:
    """The corpus of :func:`corpus_file` with its sources in traditional script (OpenCC ``s2t``), as a
    Taiwan or Hong Kong text writes them: every check then folds what it reads to simplified."""
    path = OUT / f"corpus-{segments}-s{seed}-traditional.tsv"
    if not path.exists():
        import opencc

        convert = opencc.OpenCC("s2t").convert
        rows = segment_rows(segments, glossary_entries(name_pool), seed)
        write_corpus(path, [{**row, "source": convert(row["source"])} for row in rows])
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=1_000)
    parser.add_argument("--corpus-format", choices=("tsv", "jsonl"), default="tsv")
    parser.add_argument("--glossary-format", choices=("yaml", "csv"), default="yaml")
    parser.add_argument("--seed", type=int, default=11, help="corpus seed (the glossary sequence is fixed)")
    args = parser.parse_args(argv)
    print(glossary_file(args.entries, args.glossary_format))
    print(corpus_file(args.segments, args.corpus_format, args.seed))


if __name__ == "__main__":
    main()
