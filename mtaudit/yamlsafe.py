"""Parse YAML (glossaries, document front matter) safely and quickly.

Only plain data is built (a safe loader), with libyaml when it is installed: it parses a megabyte
in milliseconds where the pure-Python parser takes a second, and it refuses nesting deeper than a
thousand levels at once (the pure-Python one would recurse until Python's limit). Aliases
(``*name``) can be refused: a few lines of nested aliases stand for a billion strings (the YAML
"billion laughs"), which any code that walks the data then expands. Every failure is the caller's
error class naming the file and line. PyYAML is imported at the first document parsed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from mtaudit.errors import MtauditError


class _AliasFound(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def load_yaml(
    text: str,
    path: str | Path,
    error: type[MtauditError],
    *,
    lines: bool = False,
    aliases: bool = True,
    first_line: int = 1,
    what: str = "invalid YAML",
) -> Any:
    """The data of one YAML document. ``lines``: each mapping gets its line as ``__line__`` and
    its keys' lines as ``__lines__``; ``aliases=False``: a document using an alias is refused;
    ``first_line``: the line of the file the text starts on (front matter), for the line an error
    names, which begins with ``what``."""
    import yaml  # deferred (see tests/test_layering.py): YAML glossaries and front matter only

    loader = _loader()(text)
    loader.lines, loader.aliases = lines, aliases
    offset = first_line - 1
    try:
        return loader.get_single_data()
    except _AliasFound as found:
        raise error(
            "YAML aliases (*name) are not accepted here: write the values out (an alias can stand for "
            "billions of values)",
            path,
            found.line + offset,
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        # libyaml puts an error at the end of the text on the line after it: the last line is meant
        line = min(mark.line, text.rstrip("\n").count("\n")) + 1 + offset if mark else None
        raise error(f"{what}: {getattr(exc, 'problem', None) or exc}", path, line) from None
    except RecursionError:
        raise error(f"{what}: nested too deeply", path, first_line) from None
    finally:
        loader.dispose()


@lru_cache(maxsize=1)
def _loader() -> Any:
    """The loader class: libyaml's safe loader where there is one, recording lines and refusing
    aliases when asked to."""
    import yaml  # deferred (see tests/test_layering.py)

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        lines = False
        aliases = True

        def construct_document(self, node: yaml.Node) -> Any:
            if not self.aliases:
                _refuse_aliases(node, yaml)
            return super().construct_document(node)

        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            mapping = super().construct_mapping(node, deep=deep)
            if self.lines:
                mapping["__line__"] = node.start_mark.line + 1
                mapping["__lines__"] = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
            return mapping

    return Loader


def _refuse_aliases(root: Any, yaml: Any) -> None:
    """Walk the node graph once: a node reached twice is one an alias points at."""
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            raise _AliasFound(node.start_mark.line + 1)
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            pending.extend(item for pair in node.value for item in pair)
