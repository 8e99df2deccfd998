"""GitHub Actions workflow commands: one annotation per finding, on its file and line.

Each finding becomes one line ``::LEVEL file=F,line=L,col=C,title=RULE KEY::MESSAGE``,
which the runner turns into an annotation on the pull request's diff. The level says
whether the finding blocks:

- ``::error``: a blocking finding (an error that is new and not waived);
- ``::warning``: a warning, and an error the base revision already had (pull-request
  mode, ``new`` false), which is worth seeing but is not this change's doing; its
  message ends with ``(already on the base revision; does not block)``;
- ``::notice``: a waived finding, an approved gap rather than a problem; its message
  ends with ``(waived in waivers.yaml; does not block)``.

So the annotations marked as errors are exactly the findings counted in ``blocking``.
A last plain line repeats the summary for whoever reads the job log. (GitHub shows
only the first few annotations of each level on a pull request; the markdown
format, written to the job summary, lists every finding.)

Values are escaped as the runner expects: ``%``, CR and LF in the message, and also
``:`` and ``,`` in the properties, become ``%XX``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from golive.core.findings import Finding, Result, Severity

if TYPE_CHECKING:
    from golive.reporters import Options

_DATA = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_PROPERTY = {**_DATA, ":": "%3A", ",": "%2C"}


def escape_data(text: str) -> str:
    """The message of a workflow command, escaped."""
    return "".join(_DATA.get(c, c) for c in text)


def escape_property(text: str) -> str:
    """A property value (``file=``, ``title=``) of a workflow command, escaped."""
    return "".join(_PROPERTY.get(c, c) for c in text)


def _level(f: Finding) -> str:
    if f.waived:
        return "notice"
    return "error" if f.blocking else "warning"


def _why_not_blocking(f: Finding) -> str:
    reasons = ["waived in waivers.yaml" if r == "waived" else r for r in f.standing]
    if reasons and f.severity is Severity.ERROR:
        reasons.append("does not block")
    return f" ({'; '.join(reasons)})" if reasons else ""


def command(f: Finding) -> str:
    """The workflow command for one finding."""
    props = {
        "file": f.file,
        "line": str(f.line),
        "col": str(f.column),
        "title": f"{f.rule} {f.checklist}",
    }
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props.items())
    return f"::{_level(f)} {rendered}::{escape_data(f.message + _why_not_blocking(f))}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def findings(result: Result, out: TextIO, options: Options) -> None:
    for f in result.findings:
        out.write(command(f) + "\n")
    s = result.summary()
    verdict = "blocked" if result.blocks else "ok"
    out.write(
        f"golive: {_plural(s['tenants'], 'tenant')} checked: {_plural(s['errors'], 'error')}, "
        f"{_plural(s['warnings'], 'warning')}, {s['blocking']} blocking — {verdict}\n"
    )
