"""Reporters by name: each writes a result to a stream in one format.

``VALIDATE_REPORTERS`` render the findings of ``golive validate``;
``STATUS_REPORTERS`` render the checklist of ``golive status``. The CLI's
``--format`` choices are the keys of these dicts. A reporter's module is
imported only when it is used, so start-up stays light.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol, TextIO

from golive.core.findings import Result


@dataclass(frozen=True)
class Options:
    verbose: bool = False
    color: bool = False


class Reporter(Protocol):
    def __call__(self, result: Result, out: TextIO, options: Options) -> None: ...


@dataclass(frozen=True)
class _Lazy:
    """``golive.reporters.<module>.<function>``, imported on first call."""

    module: str
    function: str

    def __call__(self, result: Result, out: TextIO, options: Options) -> None:
        module = importlib.import_module(f"golive.reporters.{self.module}")
        getattr(module, self.function)(result, out, options)


VALIDATE_REPORTERS: dict[str, Reporter] = {
    "text": _Lazy("text", "findings"),
    "json": _Lazy("json_report", "findings"),
    "github": _Lazy("github", "findings"),
    "sarif": _Lazy("sarif", "findings"),
    "junit": _Lazy("junit", "findings"),
    "markdown": _Lazy("markdown", "findings"),
}

STATUS_REPORTERS: dict[str, Reporter] = {
    "text": _Lazy("text", "checklist"),
    "json": _Lazy("json_report", "checklist"),
    "markdown": _Lazy("markdown", "checklist"),
    "html": _Lazy("html", "board"),
}
