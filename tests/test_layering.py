"""The package's imports run one way: the design's flow, written once below, read from the source.

A module may import its own layer and the layers below it, never a later one; nothing imports
another module's private names; no import cycle; function-local imports only of the heavy optional
dependencies they defer. The test reads the source with :mod:`ast`, so it sees every import,
including the ones inside functions and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "mtaudit"

#: Lowest first. Foundations every stage may use; then the stages in the order data moves through
#: them (inputs → corpus → [MT] → checks → scores → report → gate); the glossary is what the checks
#: read, so it sits just below them; the configuration reads the checks' and the gate's
#: declarations and hands typed values down, so it is wired at the top with the pipeline and CLI.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors",),
    (
        "version",
        "options",
        "registry",
        "encoding",
        "files",
        "xmlsafe",
        "yamlsafe",
        "cachedir",
        "packed",
        "progress",
        "english",
    ),
    ("segments", "findings", "stream"),
    ("tables",),
    ("result",),
    ("engine", "engine_ray"),
    ("corpus", "changed"),
    ("mt",),
    ("glossary",),
    ("checks",),
    ("metrics", "ter"),
    ("baseline",),
    ("report",),
    ("gate",),
    ("config", "compare"),
    ("pipeline",),
    ("cliparse",),
    ("cli", "__main__", "__init__"),
)
#: Imported inside functions so that start-up does not pay for them, each with the reason.
DEFERRED = {
    "torch": "the MT stack: seconds to import, needed only by the MT stage",
    "transformers": "the MT stack",
    "ctranslate2": "the MT stack",
    "huggingface_hub": "the MT stack",
    "httpx": "the MT stack (model downloads)",
    "ray": "--engine ray only",
    "pyarrow": "Parquet reports and Ray only",
    "wordfreq": "0.5 s and 40 MiB to import and read; mtaudit.english answers ASCII words without it",
    "pypinyin": "0.4 s and 55 MiB to import; mtaudit.glossary.pinyin_data imports it over prepared dictionaries",
    "yaml": "YAML glossaries (parsed once, then compiled into the cache) and documents' front matter only",
    "lxml": "XML formats and HTML/Markdown documents only: 4 MiB that a TSV audit does not need",
    "markdown_it": "Markdown documents only (62 modules)",
    "sacrebleu": "scores only (~30 ms and 8 MiB with its tabulate, lxml and portalocker imports): "
    "mtaudit.metrics imports it when a chunk has references; mtaudit.ter, which subclasses its TER, lazily",
    "snowballstemmer": "its 30 languages' stemmers (9 ms) only where a glossary name may be translated word for word "
    "(mtaudit.glossary.literal)",
    "ToJyutping": "its phrase trie (0.9 s, 72 MiB) only to prepare the packed table of single characters' Cantonese "
    "readings, once per cache (mtaudit.glossary.cantonese)",
    "tqdm": "progress bars, drawn on a terminal only: 5-9 ms and 1-2 MiB that a hook or CI run does not need",
    "importlib": "importlib.metadata (~10 ms with the email parser) only where a package's .dist-info folder "
    "does not give its version (mtaudit.cachedir.installed_version)",
    "sqlite3": "--mt-from files matched by id, and the MT cache: 1-2 MiB (its C library) that other runs do not need",
    "jieba": "jieba.posseg reads jieba's dictionary file when imported (0.3 s, 40 MiB): "
    "mtaudit.glossary.segmenter imports it with that read skipped; mtaudit.glossary.jiebaload imports jieba with "
    "jieba.finalseg's HMM tables (7-15 ms, 4 MiB, never used by mtaudit) left until first looked up",
}


def _modules() -> dict[str, Path]:
    """``mtaudit.x.y`` → its file."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _layer(module: str) -> int:
    """The layer of ``mtaudit.<top>...`` (the package itself is its ``__init__``)."""
    top = module.split(".")[1] if "." in module else "__init__"
    for rank, names in enumerate(LAYERS):
        if top in names:
            return rank
    raise AssertionError(f"{module} is in no layer: add it to LAYERS in {Path(__file__).name}")


def _imports(module: str) -> list[tuple[str, list[str], bool, int]]:
    """(imported module, names, inside a function, line) for every import in ``module``."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    in_function = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
        for node in ast.walk(function)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], id(node) in in_function, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.append((base, [alias.name for alias in node.names], id(node) in in_function, node.lineno))
    return found


def _internal(target: str, names: list[str]) -> list[str]:
    """The package modules an import reaches (``from mtaudit.x import y`` may name module ``x.y``)."""
    reached = [f"{target}.{name}" for name in names if f"{target}.{name}" in MODULES]
    return reached or ([target] if target in MODULES else [])


def _graph() -> dict[str, set[str]]:
    return {
        module: {
            other for target, names, _, _ in _imports(module) for other in _internal(target, names) if other != module
        }
        for module in MODULES
    }


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_runs_against_the_flow(module: str) -> None:
    against = [
        f"{other} (line {line})"
        for target, names, _, line in _imports(module)
        for other in _internal(target, names)
        if _layer(other) > _layer(module)
    ]
    assert not against, f"{module} (layer {_layer(module)}) imports a later layer: {against}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_another_modules_private_names(module: str) -> None:
    private = [
        f"{target}.{name} (line {line})"
        for target, names, _, line in _imports(module)
        if target.startswith("mtaudit") and target != module
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not private, f"{module} imports private names: {private}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_function_local_imports_only_defer_heavy_dependencies(module: str) -> None:
    local = [
        f"{target} (line {line})"
        for target, _, inside, line in _imports(module)
        if inside and target.split(".")[0] not in DEFERRED
    ]
    assert not local, f"{module} imports inside a function what it could import at the top: {local}"


def test_the_package_has_no_import_cycle() -> None:
    graph = _graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for other in sorted(graph[module]):
            if state.get(other) == 1:
                cycle = path[path.index(other) :] + [other]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if other not in state:
                visit(other, path + [other])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_the_layering_sees_imports() -> None:
    """The rules above would pass on a reader that finds nothing: it finds the known imports."""
    graph = _graph()
    assert "mtaudit.checks.base" in graph["mtaudit.checks.terms"]
    assert "mtaudit.result" in graph["mtaudit.report.base"]
    assert any(target == "torch" and inside for target, _, inside, _ in _imports("mtaudit.mt.model"))
    assert _layer("mtaudit.report.sarif") > _layer("mtaudit.checks.base") > _layer("mtaudit.corpus.tmx")
