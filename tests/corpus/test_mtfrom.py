"""Translations the user already has: the mt column of each input format, and --mt-from files
matched row for row into the mt_from column (by id, by line number, by position)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

import mtaudit
from mtaudit.corpus import load_corpus
from mtaudit.errors import InputError

SOURCES = ["高明部长说。", "林志颖来了。", "会议结束了。", "他们去了北京。"]
TARGETS = ["Minister Kao Ming said.", "Lin Zhiqing came.", "The meeting ended.", "They went to Beijing."]
OTHER = ["Minister Gao Ming said.", "Lin Zhiying came.", "The meeting is over.", "They went to Beijing."]
THIRD = ["Gao Ming, the minister, said.", "Lin Zhiying has come.", "The meeting closed.", "They left for Beijing."]


def tsv(
    path: Path, targets: list[str], ids: list[str] | None = None, sources: list[str] = SOURCES, extra: str = ""
) -> Path:
    head = ("id\t" if ids else "") + "source\ttarget" + ("\tmt" if extra else "")
    rows = [
        ("" if ids is None else f"{ids[i]}\t") + f"{s}\t{t}" + (f"\t{extra}" if extra else "")
        for i, (s, t) in enumerate(zip(sources, targets, strict=True))
    ]
    path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    return path


def xliff12(path: Path, units: list[tuple[str, str, str]], alt: dict[str, str] | None = None) -> Path:
    body = "".join(
        f'<trans-unit id="{uid}"><source>{s}</source><target>{t}</target>{(alt or {}).get(uid, "")}</trans-unit>'
        for uid, s, t in units
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        f'<file original="doc" source-language="zh" target-language="en"><body>{body}</body></file></xliff>',
        encoding="utf-8",
    )
    return path


def mt_from_column(result: mtaudit.AuditResult) -> list[list[str | None]]:
    return result.segments["mt_from"].tolist()


Audit = Callable[..., mtaudit.AuditResult]


@pytest.fixture
def audit(glossary_file: Path) -> Audit:
    """Audit INPUT with --mt-from files: name triangulation alone, our small glossary, hints of a
    single other translation shown (they are below the default reporting line)."""

    def run(input: Path | pd.DataFrame, *mt_from: Path, **kwargs) -> mtaudit.AuditResult:
        return mtaudit.audit(
            input,
            mt=False,
            checks=["name_mismatch"],
            mt_from=list(mt_from),
            glossaries=[glossary_file],
            **{"min_confidence": 0.4, **kwargs},
        )

    return run


# --- the mt column of each format ------------------------------------------------------------


def test_xliff12_takes_the_first_alt_trans_of_the_same_source(tmp_path: Path) -> None:
    alt = {
        "a": '<alt-trans alttranstype="rejected"><target>Rejected one.</target></alt-trans>'
        '<alt-trans match-quality="80"><source>高明部长昨天说。</source><target>Of another sentence.</target></alt-trans>'
        '<alt-trans><target xml:lang="fr">Le ministre.</target></alt-trans>'
        '<alt-trans origin="engine-b"><source>高明部长说。</source><target xml:lang="en-GB">Minister Gao Ming said.</target></alt-trans>'
        "<alt-trans><target>Second proposal.</target></alt-trans>",
        "b": '<alt-trans><target>Lin Zhiying <g id="1">came</g>.</target></alt-trans>',
    }
    path = xliff12(
        tmp_path / "a.xlf",
        [("a", SOURCES[0], TARGETS[0]), ("b", SOURCES[1], TARGETS[1]), ("c", SOURCES[2], TARGETS[2])],
        alt,
    )
    assert load_corpus(path)["mt"].tolist() == ["Minister Gao Ming said.", "Lin Zhiying came.", None]


def test_xliff2_takes_the_translation_candidate_of_the_segment(tmp_path: Path) -> None:
    path = tmp_path / "b.xlf"
    path.write_text(
        '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" '
        'xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0" srcLang="zh" trgLang="en"><file id="f">'
        '<unit id="u1"><mtc:matches><mtc:match ref="#s2"><source>林志颖来了。</source><target>Lin Zhiying came.</target></mtc:match>'
        '<mtc:match ref="#s1"><target>Minister Gao Ming said.</target></mtc:match></mtc:matches>'
        f'<segment id="s1"><source>{SOURCES[0]}</source><target>{TARGETS[0]}</target></segment>'
        f'<segment id="s2"><source>{SOURCES[1]}</source><target>{TARGETS[1]}</target></segment></unit>'
        f'<unit id="u2"><segment><source>{SOURCES[2]}</source><target>{TARGETS[2]}</target></segment></unit>'
        "</file></xliff>",
        encoding="utf-8",
    )
    table = load_corpus(path)
    assert table["seg_id"].tolist() == ["u1:s1", "u1:s2", "u2"]
    assert table["mt"].tolist() == ["Minister Gao Ming said.", "Lin Zhiying came.", None]


def test_tsv_and_jsonl_keep_their_mt_column(tmp_path: Path) -> None:
    assert (
        load_corpus(tsv(tmp_path / "c.tsv", TARGETS, extra="An engine said so."))["mt"].tolist()
        == ["An engine said so."] * 4
    )
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text(
        "\n".join(
            json.dumps({"source": s, "target": t, "mt": o}, ensure_ascii=False)
            for s, t, o in zip(SOURCES, TARGETS, OTHER, strict=True)
        )
        + "\n",
        encoding="utf-8",
    )
    assert load_corpus(jsonl)["mt"].tolist() == OTHER


def test_the_mt_column_is_a_voice(tmp_path: Path, glossary_file: Path) -> None:
    path = xliff12(
        tmp_path / "a.xlf",
        [("a", SOURCES[0], TARGETS[0])],
        {"a": "<alt-trans><target>Minister Gao Ming said.</target></alt-trans>"},
    )
    (finding,) = mtaudit.audit(
        path, mt=False, checks=["name_mismatch"], glossaries=[glossary_file], min_confidence=0.4
    ).findings.to_dict("records")
    assert (finding["found"], finding["suggestion"], finding["evidence"]) == ("Kao", "Gao", ["MT has 'Gao'"])


# --- --mt-from: reading every format ---------------------------------------------------------


def write_formats(folder: Path, targets: list[str]) -> dict[str, Path]:
    """The same four units in every format that can be a --mt-from file."""
    ids = [f"u{i}" for i in range(1, 5)]
    files = {"tsv-ids": tsv(folder / "ids.tsv", targets, ids), "tsv": tsv(folder / "plain.tsv", targets)}
    csv = folder / "c.csv"
    csv.write_text(
        "source,target\n" + "".join(f"{s},{t}\n" for s, t in zip(SOURCES, targets, strict=True)), encoding="utf-8"
    )
    files["csv"] = csv
    jsonl = folder / "c.jsonl"
    jsonl.write_text(
        "".join(
            json.dumps({"id": i, "source": s, "target": t}, ensure_ascii=False) + "\n"
            for i, s, t in zip(ids, SOURCES, targets, strict=True)
        ),
        encoding="utf-8",
    )
    files["jsonl"] = jsonl
    files["xliff"] = xliff12(folder / "c.xlf", list(zip(ids, SOURCES, targets, strict=True)))
    tmx = folder / "c.tmx"
    tmx.write_text(
        '<tmx version="1.4"><header srclang="zh-CN"/><body>'
        + "".join(
            f'<tu tuid="{i}"><tuv xml:lang="zh-CN"><seg>{s}</seg></tuv><tuv xml:lang="en"><seg>{t}</seg></tuv></tu>'
            for i, s, t in zip(ids, SOURCES, targets, strict=True)
        )
        + "</body></tmx>",
        encoding="utf-8",
    )
    files["tmx"] = tmx
    po = folder / "c.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        + "".join(f'msgid "{s}"\nmsgstr "{t}"\n\n' for s, t in zip(SOURCES, targets, strict=True)),
        encoding="utf-8",
    )
    files["po"] = po
    plain = folder / "c.en"
    plain.write_text("\n".join(targets) + "\n", encoding="utf-8")
    files["plain"] = plain
    return files


@pytest.mark.parametrize("kind", ["tsv-ids", "tsv", "csv", "jsonl", "xliff", "tmx", "po", "plain"])
def test_every_format_can_be_a_mt_from_file(tmp_path: Path, audit: Audit, kind: str) -> None:
    (tmp_path / "other").mkdir()
    other = write_formats(tmp_path / "other", OTHER)[kind]
    for input in (
        tsv(tmp_path / "in.tsv", TARGETS),
        tsv(tmp_path / "in-ids.tsv", TARGETS, [f"u{i}" for i in range(1, 5)]),
    ):
        result = audit(input, other)
        assert mt_from_column(result) == [[text] for text in OTHER], (kind, input.name)
        assert [(f["found"], f["suggestion"]) for f in result.findings.to_dict("records")] == [
            ("Kao", "Gao"),
            ("Zhiqing", "Zhiying"),
        ]


def test_files_are_voices_in_the_order_given(tmp_path: Path, audit: Audit) -> None:
    result = audit(tsv(tmp_path / "in.tsv", TARGETS), tsv(tmp_path / "b.tsv", OTHER), tsv(tmp_path / "c.tsv", THIRD))
    assert mt_from_column(result) == [[b, c] for b, c in zip(OTHER, THIRD, strict=True)]
    assert result.summary["mt_from"] == [
        {"file": str(tmp_path / "b.tsv"), "matched_by": "position", "translated": 4, "differing_source": 0},
        {"file": str(tmp_path / "c.tsv"), "matched_by": "position", "translated": 4, "differing_source": 0},
    ]
    kao = result.findings.to_dict("records")[0]
    assert kao["found"] == "Kao" and kao["severity"] == "warning" and "b.tsv, c.tsv" in kao["message"]


# --- matching rows --------------------------------------------------------------------------


def test_by_id_in_any_order_with_none_for_a_missing_row(tmp_path: Path, audit: Audit) -> None:
    input = tsv(tmp_path / "in.tsv", TARGETS, ["u1", "u2", "u3", "u4"])
    order = [3, 0, 1]  # u4, u1, u2: u3 is missing
    other = tsv(
        tmp_path / "b.tsv", [OTHER[i] for i in order], [f"u{i + 1}" for i in order], [SOURCES[i] for i in order]
    )
    result = audit(input, other)
    assert mt_from_column(result) == [[OTHER[0]], [OTHER[1]], [None], [OTHER[3]]]
    assert result.summary["mt_from"][0]["matched_by"] == "id"
    assert any("1 segment(s) have no row with their id" in n for n in result.summary["notices"])


def test_by_document_and_id_when_both_files_name_documents(tmp_path: Path, audit: Audit) -> None:
    def two_documents(path: Path, targets: list[str]) -> Path:
        rows = [f"{doc}\t{seg}\t{s}\t{t}" for doc, seg, s, t in zip("aabb", "1212", SOURCES, targets, strict=True)]
        path.write_text("doc_id\tid\tsource\ttarget\n" + "\n".join(rows) + "\n", encoding="utf-8")
        return path

    input = two_documents(tmp_path / "in.tsv", TARGETS)
    other = two_documents(tmp_path / "b.tsv", OTHER)
    # ids repeat across documents: (doc_id, seg_id) tells them apart
    result = audit(input, other)
    assert mt_from_column(result) == [[text] for text in OTHER] and result.summary["mt_from"][0]["matched_by"] == "id"


def test_by_line_number_between_a_line_pair_and_a_plain_file(tmp_path: Path, glossary_file: Path) -> None:
    zh, en, other = tmp_path / "c.zh", tmp_path / "c.en", tmp_path / "other.txt"
    zh.write_text(f"{SOURCES[0]}\n\n{SOURCES[1]}\n", encoding="utf-8")
    en.write_text(f"{TARGETS[0]}\n\n{TARGETS[1]}\n", encoding="utf-8")
    other.write_text(f"{OTHER[0]}\n\n{OTHER[1]}\n", encoding="utf-8")
    result = mtaudit.audit(zh, en, mt=False, checks=["name_mismatch"], mt_from=[other], glossaries=[glossary_file])
    assert result.segments["seg_id"].tolist() == ["1", "3"]
    assert mt_from_column(result) == [[OTHER[0]], [OTHER[1]]]
    assert result.summary["mt_from"][0]["matched_by"] == "line"


def test_a_plain_file_gives_one_row_per_line_blank_lines_too(tmp_path: Path, audit: Audit) -> None:
    other = tmp_path / "other.en"
    other.write_text(f"{OTHER[0]}\n\n{OTHER[2]}\n{OTHER[3]}\n\n", encoding="utf-8")  # an engine left line 2 empty
    assert mt_from_column(audit(tsv(tmp_path / "in.tsv", TARGETS), other)) == [
        [OTHER[0]],
        [None],
        [OTHER[2]],
        [OTHER[3]],
    ]


def test_streamed_in_chunks_as_read_whole(tmp_path: Path, audit: Audit) -> None:
    input = tsv(tmp_path / "in.tsv", TARGETS * 5, sources=SOURCES * 5)
    by_position = tsv(tmp_path / "b.tsv", OTHER * 5, sources=SOURCES * 5)
    by_id = tsv(tmp_path / "c.tsv", THIRD * 5, [str(i) for i in range(1, 21)], SOURCES * 5)
    whole = audit(input, by_position, by_id, chunk_rows=None)
    chunked = audit(input, by_position, by_id, chunk_rows=3)
    assert (
        mt_from_column(chunked) == mt_from_column(whole) == [[b, c] for b, c in zip(OTHER * 5, THIRD * 5, strict=True)]
    )
    assert chunked.findings.to_dict("records") == whole.findings.to_dict("records")


def test_a_table_in_memory(tmp_path: Path, audit: Audit) -> None:
    table = pd.DataFrame({"seg_id": ["u1", "u2", "u3", "u4"], "source": SOURCES, "target": TARGETS})
    other = tsv(tmp_path / "b.tsv", OTHER, ["u1", "u2", "u3", "u4"])
    assert mt_from_column(audit(table, other)) == [[text] for text in OTHER]


# --- refusals ---------------------------------------------------------------------------------


def test_a_file_of_another_corpus_is_refused_naming_file_and_line(tmp_path: Path, audit: Audit) -> None:
    other = tsv(tmp_path / "b.tsv", OTHER, sources=["甲。", "乙。", "丙。", "丁。"])
    with pytest.raises(InputError) as refused:
        audit(tsv(tmp_path / "in.tsv", TARGETS), other)
    assert str(refused.value).startswith(f"{other}:2: its source differs from that of INPUT's segment 1")


def test_rows_out_of_step_are_refused(tmp_path: Path, audit: Audit) -> None:
    shifted = tsv(tmp_path / "b.tsv", OTHER[1:] + OTHER[:1], sources=SOURCES[1:] + SOURCES[:1])
    with pytest.raises(InputError, match="its source differs"):
        audit(tsv(tmp_path / "in.tsv", TARGETS), shifted)


def test_a_source_edited_since_is_left_out_with_a_notice(tmp_path: Path, audit: Audit) -> None:
    sources = SOURCES * 2
    edited = [*sources[:5], "林志颖今天来了。", *sources[6:]]
    result = audit(
        tsv(tmp_path / "in.tsv", TARGETS * 2, sources=sources), tsv(tmp_path / "b.tsv", OTHER * 2, sources=edited)
    )
    assert mt_from_column(result)[5] == [None] and mt_from_column(result)[1] == [OTHER[1]]
    assert result.summary["mt_from"][0]["differing_source"] == 1
    assert any("1 row(s) translate a different source" in n for n in result.summary["notices"])


@pytest.mark.parametrize(
    "lines, message",
    [
        (OTHER[:3], "ends after line 3, but INPUT has more segments"),
        (OTHER + ["One more."], "has more segments than INPUT"),
    ],
)
def test_a_plain_file_of_another_length_is_refused(
    tmp_path: Path, audit: Audit, lines: list[str], message: str
) -> None:
    other = tmp_path / "other.en"
    other.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        audit(tsv(tmp_path / "in.tsv", TARGETS), other)


def test_documents_and_missing_files_are_refused(tmp_path: Path, audit: Audit) -> None:
    document = tmp_path / "other.md"
    document.write_text("---\ntitle: A\n---\n\nMinister Gao Ming said. Lin Zhiying came.\n", encoding="utf-8")
    input = tsv(tmp_path / "in.tsv", TARGETS)
    with pytest.raises(InputError, match="not a document"):
        audit(input, document)
    with pytest.raises(InputError, match="--mt-from file not found"):
        audit(input, tmp_path / "nowhere.tsv")
    chinese = tmp_path / "other.txt"
    chinese.write_text("\n".join(SOURCES) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="this line is Chinese"):
        audit(input, chinese)


def test_changed_only_needs_ids(tmp_path: Path) -> None:
    from mtaudit.corpus.mtfrom import MtFrom

    input = tsv(tmp_path / "in.tsv", TARGETS, ["u1", "u2", "u3", "u4"])
    with pytest.raises(InputError, match="--changed-only audits only some rows"):
        MtFrom.open([tsv(tmp_path / "b.tsv", OTHER)], input, None, changed_since="HEAD")
    assert MtFrom.open([tsv(tmp_path / "c.tsv", OTHER, ["u1", "u2", "u3", "u4"])], input, None, "HEAD").modes() == [
        "id"
    ]


# --- the CLI and the report -------------------------------------------------------------------


def test_cli_mt_from_and_the_json_report(cli, tmp_path: Path, glossary_file: Path) -> None:
    input = tsv(tmp_path / "in.tsv", TARGETS)
    report = tmp_path / "r.json"
    result = cli(
        "audit",
        input,
        "--no-mt",
        "-g",
        glossary_file,
        "--mt-from",
        tsv(tmp_path / "b.tsv", OTHER),
        "--mt-from",
        tsv(tmp_path / "c.tsv", THIRD),
        "-o",
        report,
    )
    assert result.returncode == 0, result.stderr  # name_mismatch is never an error: the gate passes
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [s["mt_from"] for s in data["segments"]] == [[b, c] for b, c in zip(OTHER, THIRD, strict=True)]
    assert [s["source"] for s in data["segments"]] == SOURCES
    kao = next(f for f in data["findings"] if f["found"] == "Kao")
    assert kao["kind"] == "name_mismatch" and kao["suggestion"] == "Gao" and kao["severity"] == "warning"
    assert kao["evidence"] == ["b.tsv has 'Gao'", "c.tsv has 'Gao'"]
    assert [entry["matched_by"] for entry in data["summary"]["mt_from"]] == ["position", "position"]
    assert mtaudit.load_report(report).segments["mt_from"].tolist() == [
        [b, c] for b, c in zip(OTHER, THIRD, strict=True)
    ]


def test_cli_refuses_another_corpus_with_exit_2_and_no_report(cli, tmp_path: Path, glossary_file: Path) -> None:
    other = tsv(tmp_path / "b.tsv", OTHER, sources=["甲。", "乙。", "丙。", "丁。"])
    report = tmp_path / "r.json"
    result = cli(
        "audit", tsv(tmp_path / "in.tsv", TARGETS), "--no-mt", "-g", glossary_file, "--mt-from", other, "-o", report
    )
    assert result.returncode == 2 and not report.exists()
    assert result.stderr.strip().splitlines() == [
        f"mtaudit: error: {other}:2: its source differs from that of INPUT's segment 1 ('甲。' vs '高明部长说。'): "
        "--mt-from must translate the same sources"
    ]
