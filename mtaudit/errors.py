"""One error tree for every stage; only the CLI turns these into a message and exit code 2."""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_USAGE = 2


class MtauditError(Exception):
    """An error the user can fix; carries the file and line where known."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputError(MtauditError):
    """An input file is missing, unreadable, malformed or hostile."""


class GlossaryError(MtauditError):
    """A glossary file is malformed."""


class ConfigError(MtauditError):
    """A configuration file or option is invalid."""


class OutputError(MtauditError):
    """A report or another output cannot be written, or would destroy an input."""


class ModelUnavailableError(MtauditError):
    """The reference MT model cannot be loaded."""
