"""Errors for unusable input.

A ``SpecgenError`` means specgen cannot work with what it was given (a missing file, invalid
YAML, a ``$ref`` that resolves nowhere). It is never used for findings: a finding is data
(see ``specgen.findings``). The CLI turns every ``SpecgenError`` into one line,
``specgen: error: FILE[:POINTER]: message``, and exit code 2.
"""

from __future__ import annotations


class SpecgenError(Exception):
    """Input specgen cannot use, with where it is: a file and a JSON pointer into it."""

    code = "input.invalid"

    def __init__(self, message: str, *, file: str | None = None, pointer: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.pointer = pointer

    @property
    def location(self) -> str:
        """``FILE[:POINTER]``, or an empty string when the error has no file."""
        if self.file is None:
            return ""
        if self.pointer is None:
            return self.file
        return f"{self.file}:{self.pointer or '/'}"

    def __str__(self) -> str:
        where = self.location
        return f"{where}: {self.message}" if where else self.message


class SourceError(SpecgenError):
    """The input cannot be read or parsed: missing, too big, binary, not YAML/JSON."""

    code = "input.unreadable"


class RefError(SpecgenError):
    """A ``$ref`` is unresolvable, cyclic, or remote without permission."""

    code = "input.ref"


class SpecError(SpecgenError):
    """The document parses but is not an OpenAPI/Swagger document specgen can model."""

    code = "input.spec"


class UsageError(SpecgenError):
    """The command line itself is wrong (the CLI maps it to exit 2 like bad input)."""

    code = "usage"
