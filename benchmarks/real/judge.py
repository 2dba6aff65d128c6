"""Write what is still to be judged, with its sentences, for a person to read.

    python -m benchmarks.real.judge findings --out /tmp/judge [--parts 3]
    python -m benchmarks.real.judge names --out /tmp/judge --groups 0:150 [--parts 3]

Each part is a Markdown file to read and a TSV with the keys filled in and the verdict columns
empty; filled TSVs are merged into ``labels/`` with ``python -m benchmarks.real.judge merge``.
The packets hold the development set's sentences: write them outside the repository.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from benchmarks.real import candidates, precision, recall
from benchmarks.real.data import DevSet
from benchmarks.real.run import audit_all


def _write_tsv(path: Path, columns: list[str], rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, delimiter="\t", lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def _context(dev: DevSet, line: int) -> list[str]:
    return [
        f"- source: {dev.source[line - 1]}",
        f"- reference A: {dev.references['A'][line - 1]}",
        f"- reference B: {dev.references['B'][line - 1]}",
    ]


def finding_packets(dev: DevSet, out: Path, parts: int) -> None:
    findings, _ = audit_all(dev)
    unjudged, _ = precision.report(findings, precision.load_labels())
    rows = unjudged.sort_values(["line", "system", "kind"]).to_dict("records")
    for part in range(parts):
        mine = rows[part::parts]
        text = [f"# Findings to judge, part {part + 1} of {parts} ({len(mine)})", ""]
        for number, row in enumerate(mine, 1):
            target = dev.outputs[row["system"]][row["line"] - 1]
            text += [
                f"## {number}. {row['mode']} · {row['system']} · line {row['line']} · {row['kind']} "
                f"({row['severity']}, confidence {row['confidence']})",
                f"- source term: {row['source_term'] or '—'} · found: {row['found'] or '—'} · "
                f"expected: {row['expected']} · suggestion: {row['suggestion']}",
                f"- message: {row['message']}",
                *_context(dev, row["line"]),
                f"- OUTPUT: {target}",
                "",
            ]
        (out / f"findings-{part + 1}.md").write_text("\n".join(text), encoding="utf-8")
        _write_tsv(out / f"findings-{part + 1}.tsv", precision.LABEL_COLUMNS, mine)


def name_packets(dev: DevSet, out: Path, start: int, stop: int, parts: int) -> None:
    ordered = list(enumerate(candidates.groups(dev)))[start:stop]
    done = recall.load_labels()
    for part in range(parts):
        mine = ordered[part::parts]
        text = [f"# Name-error candidates, part {part + 1} of {parts} (groups {start}–{stop - 1})", ""]
        rows = []
        for position, group in mine:
            systems = [s for s in group.systems if (s, str(group.line), group.name) not in done]
            if not systems:
                continue
            text += [
                f"## group {position} · line {group.line} · reference name: {group.name}",
                *_context(dev, group.line),
            ]
            for system in systems:
                text.append(f"- OUTPUT {system}: {dev.outputs[system][group.line - 1]}")
                rows.append({"group": position, "system": system, "line": group.line, "candidate": group.name})
            text.append("")
        (out / f"names-{part + 1}.md").write_text("\n".join(text), encoding="utf-8")
        _write_tsv(out / f"names-{part + 1}.tsv", recall.LABEL_COLUMNS, rows)


def merge(files: list[Path]) -> None:
    """Add filled TSVs to the label files (a later verdict for the same key replaces an earlier one)."""
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        if path.name.startswith("findings"):
            labels = {precision.key_of(r): r for r in precision.load_labels().values()}
            labels.update({precision.key_of(r): r for r in rows if r.get("label")})
            ordered = sorted(
                labels.values(),
                key=lambda r: (r["mode"], r["system"], int(r["line"]), r["kind"], r["source_term"], r["found"]),
            )
            _write_tsv(precision.LABELS, precision.LABEL_COLUMNS, ordered)
        else:
            labels = {recall.key_of(r): r for r in recall.load_labels().values()}
            labels.update({recall.key_of(r): r for r in rows if r.get("verdict")})
            ordered = sorted(labels.values(), key=lambda r: (int(r["group"]), r["system"]))
            _write_tsv(recall.LABELS, recall.LABEL_COLUMNS, ordered)
        print(f"merged {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("findings", "names", "merge"))
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--parts", type=int, default=1)
    parser.add_argument("--groups", default="0:100", help="START:STOP of the candidate groups' order")
    args = parser.parse_args()
    if args.what == "merge":
        merge(args.files)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    dev = DevSet.load()
    if args.what == "findings":
        finding_packets(dev, args.out, args.parts)
    else:
        start, stop = (int(x) for x in args.groups.split(":"))
        name_packets(dev, args.out, start, stop, args.parts)


if __name__ == "__main__":
    main()
