"""jieba as mtaudit imports it (jieba.finalseg's HMM deferred) cuts as jieba does, HMM and all."""

from __future__ import annotations

import json
import subprocess
import sys

#: Our own sentence, with names jieba's dictionary lacks (its HMM makes words of them).
SENTENCE = "他说岸田文雄和卡马拉哈里斯在碧桂园会面，苏炳添跑得快。"
CUTS = (
    "import json, sys\n"
    "before = 'jieba.finalseg.prob_emit' in sys.modules\n"
    "cuts = [jieba.lcut(SENTENCE, HMM=True), jieba.lcut(SENTENCE, HMM=False)]\n"
    "jieba.suggest_freq(('岸田', '文雄'), tune=True)\n"
    "cuts.append(jieba.lcut(SENTENCE, HMM=True))\n"
    "print(json.dumps([before, cuts, sorted(jieba.finalseg.emit_P)]))\n"
)


def _run(imports: str) -> list:
    code = f"{imports}\nSENTENCE = {SENTENCE!r}\n{CUTS}"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_the_hmm_tables_wait_for_the_first_cut_that_needs_them_and_the_cuts_are_jiebas() -> None:
    deferred, ours, ours_states = _run("from mtaudit.glossary.jiebaload import jieba")
    loaded, theirs, their_states = _run("import jieba")
    assert not deferred and loaded
    assert ours == theirs and ours_states == their_states == ["B", "E", "M", "S"]


def test_a_submodule_of_the_deferred_module_imports_as_jiebas() -> None:
    code = (
        "import sys\nfrom mtaudit.glossary.jiebaload import jieba\n"
        "import jieba.finalseg.prob_emit as table\n"
        "real = sys.modules['jieba.finalseg']\n"
        "print(len(table.P), table.P is jieba.finalseg.emit_P, hasattr(jieba.finalseg, 'nothing'),"
        " sys.modules['jieba.finalseg'] is real)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["4", "True", "False", "True"]  # imported once
