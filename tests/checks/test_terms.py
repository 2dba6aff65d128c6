"""The terminology check on segment tables we build here."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import mtaudit


def _audit(rows: list[tuple[str, str]], glossary: Path, doc_ids: list[str] | None = None) -> pd.DataFrame:
    table = pd.DataFrame(
        {
            "doc_id": doc_ids or ["d"] * len(rows),
            "seg_id": [str(i) for i in range(1, len(rows) + 1)],
            "source": [s for s, _ in rows],
            "target": [t for _, t in rows],
        }
    )
    return mtaudit.audit(table, glossaries=[glossary]).findings


def test_correct_renderings_give_no_findings(glossary_file: Path) -> None:
    findings = _audit(
        [
            ("拜登会见了耶伦。", "Biden met Janet Yellen."),
            ("拜登的讲话。", "Biden's speech."),
            ("葉倫表示。", "Yellen said."),
        ],
        glossary_file,
    )
    assert findings.empty


def test_forbidden_rendering_names_the_entry_and_span(glossary_file: Path) -> None:
    target = "The Bayeng administration said so."
    findings = _audit([("拜登政府这样说。", target)], glossary_file)
    (f,) = findings.to_dict("records")
    assert (f["kind"], f["expected"], f["found"], f["source_term"]) == ("forbidden", "Biden", "Bayeng", "拜登")
    assert target[slice(*f["target_span"])] == "Bayeng"


def test_misrendering_is_located_without_a_forbidden_list(glossary_file: Path) -> None:
    target = "Commerce Secretary Lei Mengduo announced a new group."
    (f,) = _audit([("商务部长雷蒙多宣布成立新小组。", target)], glossary_file).to_dict("records")
    assert f["kind"] == "misrendered" and f["found"] == "Lei Mengduo" and f["suggestion"] == "Raimondo"
    assert target[slice(*f["target_span"])] == "Lei Mengduo"


def test_dropped_name_is_missing(glossary_file: Path) -> None:
    (f,) = _audit([("拜登在白宫发表讲话。", "The president spoke at the White House.")], glossary_file).to_dict(
        "records"
    )
    assert f["kind"] == "missing" and f["found"] is None and f["expected"] == "Biden"


def test_case_sensitive_names_but_not_terms(glossary_file: Path) -> None:
    findings = _audit([("拜登说。", "biden said."), ("芬太尼危机。", "The Fentanyl crisis.")], glossary_file)
    assert list(findings.entry_id) == ["biden"]


def test_longest_source_entry_wins(glossary_file: Path) -> None:
    findings = _audit([("池瑶公主来了。", "Princess Chiyao arrived.")], glossary_file)
    assert findings.empty


def test_short_form_only_after_a_full_mention(glossary_file: Path) -> None:
    ok = _audit([("习近平发表讲话。", "Xi Jinping gave a speech."), ("习近平说。", "Xi said.")], glossary_file)
    assert ok.empty
    bad = _audit([("习近平说。", "Xi said.")], glossary_file)
    assert list(bad.kind) == ["missing"]


def test_one_occurrence_cannot_satisfy_two_entries(tmp_path: Path) -> None:
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "entries:\n"
        "  - {id: us, source: [美国], target: US, type: place}\n"
        "  - {id: us-side, source: [美方], target: US, type: place}\n",
        encoding="utf-8",
    )
    findings = _audit([("美国和美方", "the US side")], glossary)
    assert list(findings.kind) == ["missing"] and list(findings.entry_id) == ["us-side"]


def test_inconsistent_accepted_renderings_in_a_document(tmp_path: Path) -> None:
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "entries:\n  - {id: lavrov, source: [拉夫罗夫], target: Sergei Lavrov,"
        " variants: [Sergey Lavrov, Lavrov], type: person}\n",
        encoding="utf-8",
    )
    findings = _audit(
        [
            ("拉夫罗夫说。", "Sergei Lavrov said."),
            ("拉夫罗夫说。", "Sergei Lavrov said."),
            ("拉夫罗夫说。", "Sergey Lavrov said."),
            ("拉夫罗夫说。", "Lavrov said."),
        ],
        glossary,
    )
    (f,) = findings.to_dict("records")
    assert f["kind"] == "inconsistent" and f["seg_id"] == "3" and f["found"] == "Sergey Lavrov"


@pytest.mark.parametrize(
    ("scope", "flagged"),
    [
        ("segment", []),  # one rendering per segment here
        ("document", [("a", "2", "Sergey Lavrov", "Sergei Lavrov")]),
        ("corpus", [("a", "1", "Sergei Lavrov", "Sergey Lavrov"), ("a", "3", "Sergei Lavrov", "Sergey Lavrov")]),
    ],
)
def test_inconsistent_renderings_are_judged_within_the_scope(tmp_path: Path, scope: str, flagged: list) -> None:
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "entries:\n  - {id: lavrov, source: [拉夫罗夫], target: Sergei Lavrov, variants: [Sergey Lavrov], type: person}\n",
        encoding="utf-8",
    )
    targets = ["Sergei Lavrov said.", "Sergey Lavrov said.", "Sergei Lavrov said.", "Sergey Lavrov said."] + [
        "Sergey Lavrov said."
    ]
    table = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b", "b"],
            "seg_id": ["1", "2", "3", "1", "2"],
            "source": ["拉夫罗夫说。"] * 5,
            "target": targets,
        }
    )
    findings = mtaudit.audit(table, glossaries=[glossary], options={"consistency_scope": scope}).findings
    assert list(zip(findings.doc_id, findings.seg_id, findings.found, findings.expected, strict=True)) == flagged


@pytest.mark.parametrize("target", ["Biden met Yellen", "BIDEN MET YELLEN"])
def test_findings_carry_every_schema_key(glossary_file: Path, target: str) -> None:
    findings = _audit([("拜登会见了耶伦。", target), ("拜登说。", "He said.")], glossary_file)
    assert list(findings.columns)[:11] == [
        "doc_id",
        "seg_id",
        "kind",
        "severity",
        "entry_id",
        "source_term",
        "expected",
        "found",
        "target_span",
        "suggestion",
        "message",
    ]
    assert len(findings) == 1


def test_traditional_and_full_width_sources_match(glossary_file: Path) -> None:
    findings = _audit(
        [
            ("美國財長葉倫（Yellen）表示。", "Treasury Secretary Yellen said."),
            ("ＡＢＣ報導，葉倫說。", "ABC reported that Yurun said."),
        ],
        glossary_file,
    )
    assert list(zip(findings.seg_id, findings.kind, strict=True)) == [("2", "misrendered")]
    assert findings.found.iloc[0] == "Yurun"


def test_a_term_straddling_a_word_boundary_is_not_a_hit(tmp_path: Path) -> None:
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "entries:\n  - {id: wang-yi, source: [王毅], target: Wang Yi, type: person}\n", encoding="utf-8"
    )
    assert _audit([("国王毅然决定出兵。", "The king resolutely decided to send troops.")], glossary).empty
    assert list(_audit([("外长王毅表示。", "The foreign minister said.")], glossary).kind) == ["missing"]


def test_a_term_opening_a_compound_word_is_a_hit(tmp_path: Path) -> None:
    """重庆火锅 is one word in jieba's dictionary, Chongqing hotpot: the place opens it. A term opening
    a longer name of the dictionary (遵义会议, the Zunyi Conference) is no hit: the name checks read it."""
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "entries:\n"
        "  - {id: cq, source: [重庆], target: Chongqing, type: place}\n"
        "  - {id: zy, source: [遵义], target: Zunyi, type: place}\n",
        encoding="utf-8",
    )
    findings = _audit(
        [
            ("重庆火锅在海外很受欢迎。", "Zhongqing hotpot is popular overseas."),
            ("重庆火锅在海外很受欢迎。", "Chongqing hotpot is popular overseas."),
            ("遵义会议纪念馆开放了。", "The Zunyi Conference Memorial Hall has opened."),
        ],
        glossary,
    )
    assert list(zip(findings.seg_id, findings.kind, findings.found, strict=True)) == [("1", "misrendered", "Zhongqing")]


def test_a_place_rendered_as_another_place_even_in_a_longer_name(tmp_path: Path) -> None:
    """ "Xuzhou Industrial Park" for 苏州工业园区 names another city, which no longer name excuses."""
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "entries:\n"
        "  - {id: sz, source: [苏州], target: Suzhou, type: place}\n"
        "  - {id: xz, source: [徐州], target: Xuzhou, type: place}\n"
        "  - {id: xm, source: [厦门], target: Xiamen, type: place}\n"
        '  - {id: xa, source: [西安], target: "Xi\'an", type: place}\n',
        encoding="utf-8",
    )
    findings = _audit(
        [
            ("苏州工业园区引进外资项目。", "Xuzhou Industrial Park attracted foreign projects."),
            ("厦门鼓浪屿的钢琴博物馆将闭馆。", "The piano museum on Xi'an's Gulangyu will close."),
            ("他从徐州去了苏州。", "He went from Xuzhou to Suzhou."),
        ],
        glossary,
    )
    assert list(zip(findings.seg_id, findings.kind, findings.found, findings.severity, strict=True)) == [
        ("1", "misrendered", "Xuzhou", "error"),
        ("2", "misrendered", "Xi'an", "error"),
    ]


def test_hyphenated_given_names_only_where_the_glossary_allows(tmp_path: Path) -> None:
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "entries:\n"
        "  - {id: he, source: [何立峰], target: He Lifeng, type: person, hyphenation: true}\n"
        "  - {id: wang, source: [王小洪], target: Wang Xiaohong, type: person}\n",
        encoding="utf-8",
    )
    findings = _audit(
        [
            ("何立峰说。", "He Li-feng said."),
            ("何立峰说。", "He Li feng said."),
            ("王小洪说。", "Wang Xiao-hong said."),
        ],
        glossary,
        doc_ids=["a", "b", "c"],
    )
    assert list(zip(findings.seg_id, findings.kind, strict=True)) == [("3", "misrendered")]
    within_one_document = _audit([("何立峰说。", "He Li-feng said."), ("何立峰说。", "He Li feng said.")], glossary)
    assert list(within_one_document.kind) == ["inconsistent"]


def test_a_person_of_the_glossary_as_the_surname_of_another_full_name(tmp_path: Path) -> None:
    """简·奥斯汀 is Jane Austen, not the glossary's Austin: the dotted full name is another person's,
    so what renders it there is at most a hint (below the reporting line)."""
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "entries:\n  - {id: austin, source: [奥斯汀], target: Austin, variants: [Lloyd Austin], type: person}\n",
        encoding="utf-8",
    )
    rows = [
        ("简·奥斯汀的小说。", "Jane Austen's novels."),
        ("防长奥斯汀访华。", "Defense Secretary Austen visited."),
        ("论坛 奥斯汀发表讲话", "Forum: Austen speaks"),  # a space is no dot
    ]
    findings = _audit(rows, glossary, doc_ids=["a", "b", "c"])
    assert list(zip(findings.seg_id, findings.severity, strict=True)) == [("2", "error"), ("3", "error")]


@pytest.mark.parametrize(
    ("target", "found"),
    [
        ("Prime Minister Funio Kishida visited.", ["Funio Kishida"]),
        ("Prime Minister Kishida Wenxiong visited.", ["Kishida Wenxiong"]),  # the given name in pinyin
        ("Prime Minister Kishida visited.", []),
        ("Prime Minister Fumio Kishida visited.", []),
    ],
)
def test_a_surname_with_another_given_name(tmp_path: Path, target: str, found: list[str]) -> None:
    """The source names 岸田文雄 in full: "Kishida" is accepted, but not beside a given name not his."""
    glossary = tmp_path / "g.yaml"
    glossary.write_text(
        "entries:\n  - {id: kishida, source: [岸田文雄, 岸田], target: Kishida,"
        " variants: [Fumio Kishida, Kishida Fumio], type: person}\n",
        encoding="utf-8",
    )
    findings = _audit([("日本首相岸田文雄访问美国。", target)], glossary)
    assert list(findings.found) == found
    assert set(findings.kind) <= {"misrendered"}


def _target_only(targets: list[str], glossary: Path) -> pd.DataFrame:
    return _audit([("", t) for t in targets], glossary)


@pytest.mark.parametrize(
    "target, found, expected",
    [
        ("The Bayeng government imposed tariffs.", "Bayeng", "Biden"),  # a known wrong form
        ("Treasury Secretary Yeluns visited Beijing.", "Yeluns", "Yellen"),  # pinyin of the Chinese form
        ("Commerce Secretary Raimonda spoke.", "Raimonda", "Raimondo"),  # a letter garbled
        ("The Lei Mengduo plan was unveiled.", "Lei Mengduo", "Raimondo"),  # pinyin of a foreign name
    ],
)
def test_target_only_locates_near_misses(glossary_file: Path, target: str, found: str, expected: str) -> None:
    (f,) = _target_only([target], glossary_file).to_dict("records")
    assert (f["found"], f["expected"], f["source_term"]) == (found, expected, None)
    assert target[slice(*f["target_span"])] == found


def test_target_only_leaves_ordinary_words_and_correct_names_alone(glossary_file: Path) -> None:
    clean = [
        "Biden flew to Beijing via the Bay Area.",
        "Young people met Janet Yellen in Chicago.",
        "Yesterday, Raimondo and Xi Jinping's aides talked.",
        "The Bidens visited Young Harris College.",
    ]
    assert _target_only(clean, glossary_file).empty


def _glossary_of(tmp_path: Path, lines: str) -> Path:
    glossary = tmp_path / "g.yaml"
    glossary.write_text("entries:\n" + lines, encoding="utf-8")
    return glossary


TSMC = "  - {id: tsmc, source: [台积电], target: TSMC, type: org}\n  - {id: sa, source: [南非], target: South Africa, type: place}\n"


@pytest.mark.parametrize(
    "target, found",
    [
        # the third mention of the name translated word for word (台 Taiwan, 积 accumulate, 电 electricity)
        (
            "Intel looked down on TSMC and refused to invest in TSMC or Taiwan's electricity accumulation.",
            "Taiwan's electricity accumulation",
        ),
        ("Intel looked down on TSMC and refused to invest in TSMC or in it.", None),  # a pronoun: fine
    ],
)
def test_a_repeated_name_translated_word_for_word(tmp_path: Path, target: str, found: str | None) -> None:
    findings = _audit([("英特尔看不起台积电，拒绝投资台积电和台积电。", target)], _glossary_of(tmp_path, TSMC))
    assert list(findings.found) == ([found] if found else [])
    if found:
        assert list(findings.kind) == ["misrendered"] and list(findings.expected) == ["TSMC"]


def test_a_name_translated_word_for_word_is_located(tmp_path: Path) -> None:
    (f,) = _audit(
        [("台积电公布了财报。", "Taiwan Electricity Accumulation published its results.")], _glossary_of(tmp_path, TSMC)
    ).to_dict("records")
    assert (f["kind"], f["found"]) == ("misrendered", "Taiwan Electricity Accumulation")


def test_a_rendering_that_translates_the_characters_is_no_literal_one(tmp_path: Path) -> None:
    """South Africa is 南 south + 非 Africa: each mention's rendering is the accepted one."""
    findings = _audit([("南非和南非人", "South Africa and South Africans")], _glossary_of(tmp_path, TSMC))
    assert findings.empty


def test_a_name_left_in_chinese_is_located(tmp_path: Path) -> None:
    (f,) = _audit([("台积电发布公告。", "台积电 issued an announcement.")], _glossary_of(tmp_path, TSMC)).to_dict(
        "records"
    )
    assert (f["kind"], f["found"], f["target_span"]) == ("misrendered", "台积电", [0, 3])


def test_target_only_leaves_the_pinyin_of_a_two_character_foreign_name_alone(tmp_path: Path) -> None:
    """塞西 is Sisi, but "Saixi" is as likely another name (赛西, a laboratory); a garble is not."""
    glossary = _glossary_of(tmp_path, "  - {id: sisi, source: [塞西], target: Sisi, type: person}\n")
    assert _target_only(["Experts of the Saixi Laboratory tested the screens."], glossary).empty
    (f,) = _target_only(["President Saixis of Egypt said so."], glossary).to_dict("records")
    assert (f["found"], f["expected"]) == ("Saixis", "Sisi")


def test_target_only_locates_a_garbled_name_with_accents(tmp_path: Path) -> None:
    """Accented Latin letters are no other script: "Estée Laudel" is a garble like any other."""
    glossary = _glossary_of(tmp_path, "  - {id: estee-lauder, source: [雅诗兰黛], target: Estée Lauder, type: org}\n")
    (f,) = _target_only(["She bought a cream by Estée Laudel."], glossary).to_dict("records")
    assert (f["found"], f["expected"]) == ("Estée Laudel", "Estée Lauder")


def test_target_only_leaves_a_chinese_given_name_alone(tmp_path: Path) -> None:
    """ "Baiwei" is 百威's pinyin (Budweiser), but after a surname it is a reporter's given name (柏威)."""
    glossary = _glossary_of(tmp_path, "  - {id: budweiser, source: [百威啤酒, 百威], target: Budweiser, type: org}\n")
    assert _target_only(["Reporter Gong Baiwei filed the story."], glossary).empty
    (f,) = _target_only(["He ordered two bottles of Baiwei at the bar."], glossary).to_dict("records")
    assert (f["found"], f["expected"]) == ("Baiwei", "Budweiser")


SEC = "  - {id: sec, source: [美国证监会], target: Securities and Exchange Commission, variants: [SEC], type: org}\n"


@pytest.mark.parametrize(
    "target, found",
    [
        ("On Monday the US Securities Regulatory Commission approved the fund.", "Securities"),  # the name in part
        ("On Monday the American regulator approved the fund.", None),
    ],
)
def test_an_organisation_named_in_part_is_located(tmp_path: Path, target: str, found: str | None) -> None:
    (f,) = _audit([("美国证监会周一批准了该基金。", target)], _glossary_of(tmp_path, SEC)).to_dict("records")
    assert (f["kind"], f["found"]) == (("misrendered", found) if found else ("missing", None))


@pytest.mark.parametrize(
    "source, target, found",
    [
        ("亲中共媒体这样说。", "Pro communist media said so.", "communist"),
        ("中共媒体这样说。", "Chinese media said so.", None),
    ],
)
def test_a_place_word_is_no_part_of_a_name(tmp_path: Path, source: str, target: str, found: str | None) -> None:
    """ "Chinese" is in the Communist Party of China's name, but in too many others to locate it."""
    glossary = _glossary_of(tmp_path, "  - {id: cpc, source: [中共], target: Communist Party of China, type: org}\n")
    (f,) = _audit([(source, target)], glossary).to_dict("records")
    assert f["found"] == found


def test_a_possessive_ending_is_left_out_of_a_rendering() -> None:
    from mtaudit.checks.analysis import without_possessive

    cases = {"Biden's": "Biden", "Bidens'": "Biden", "Biden’s": "Biden", "Bidens’": "Biden", "Boss's": "Boss"}
    cases |= {"Biden": "Biden", "'s": "", "s": "s", "": "", "Xi's's": "Xi's", "’": "’"}
    assert {text: without_possessive(text) for text in cases} == cases


def test_a_later_terms_rendering_is_not_taken_for_a_dropped_one(tmp_path: Path) -> None:
    """The newspaper dropped, "Hunan" is still the province's, further on: not the paper's misrendering."""
    glossary = _glossary_of(
        tmp_path,
        "  - {id: hunan-daily, source: [湖南日报], target: Hunan Daily, type: org}\n"
        "  - {id: hunan, source: [湖南], target: Hunan, type: place}\n",
    )
    rows = [
        (
            "湖南日报讯 省委书记对湖南的发展作出指示。",
            "The provincial party secretary gave instructions on the development of Hunan.",
        )
    ]
    (f,) = _audit(rows, glossary).to_dict("records")
    assert (f["kind"], f["source_term"], f["found"]) == ("missing", "湖南日报", None)


CPC = "  - {id: cpc, source: [中共], target: Communist Party of China, variants: [CPC], type: org}\n"


def test_a_term_after_qin_written_pro_something_is_located(tmp_path: Path) -> None:
    """亲中共媒体 is "pro-CPC media": "pro-Chinese" stands for the party and misrenders it."""
    (f,) = _audit([("亲中共媒体报道了此事。", "Pro-Chinese media reported it.")], _glossary_of(tmp_path, CPC)).to_dict(
        "records"
    )
    assert (f["kind"], f["found"]) == ("misrendered", "Pro-Chinese")
    assert _audit([("亲中共媒体报道了此事。", "Pro-CPC media reported it.")], _glossary_of(tmp_path, CPC)).empty


EASYHOME = "  - {id: easyhome, source: [居然之家], target: Easyhome, variants: [Easy Home], type: org}\n"


def test_an_organisation_named_in_part_in_a_heading_is_located_anywhere(tmp_path: Path) -> None:
    """A heading's word order says little: "Home" of "Easy Home" stands for 居然之家 at its end."""
    (f,) = _audit([("高铁居然之家", "Home of the high-speed railway")], _glossary_of(tmp_path, EASYHOME)).to_dict(
        "records"
    )
    assert (f["kind"], f["found"]) == ("misrendered", "Home")


@pytest.mark.parametrize(
    ("target", "found"),
    [
        ("Sina Finamce reported the figures.", ["Sina Finamce"]),  # "Sina", a variant, opens a garble
        ("Sina Finance reported the figures.", []),
        ("Sina reported the figures.", []),  # the short form alone
        ("Sina Finances reported the figures.", []),  # English words: wording
    ],
)
def test_a_short_form_opening_a_garble_of_the_full_name(target: str, found: list[str]) -> None:
    findings = mtaudit.audit(
        pd.DataFrame({"source": ["新浪财经公布了数据。"], "target": [target]}), checks=["terms"]
    ).findings
    assert list(findings.found) == found
