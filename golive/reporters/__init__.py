"""Reporters by name: each writes a result to a stream in one format.

``VALIDATE_REPORTERS`` render the findings of ``golive validate``;
``STATUS_REPORTERS`` render the checklist of ``golive status``. The CLI's
``--format`` choices are the keys of these dicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, TextIO

from golive._findings import Result
from golive.reporters import json_report, text


@dataclass(frozen=True)
class Options:
    verbose: bool = False
    color: bool = False


class Reporter(Protocol):
    def __call__(self, result: Result, out: TextIO, options: Options) -> None: ...


VALIDATE_REPORTERS: dict[str, Reporter] = {
    "text": text.findings,
    "json": json_report.findings,
}

STATUS_REPORTERS: dict[str, Reporter] = {
    "text": text.checklist,
    "json": json_report.checklist,
}
