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
Errors come first, then warnings, then notices, each in the order the findings were
found. A last plain line repeats the summary for whoever reads the job log.

GitHub shows at most ten annotations of each level per step (actions/toolkit,
docs/problem-matchers.md, "Limitations") and drops the rest without a word. So when
a level has more than ten findings, the first nine are annotations and the tenth
says how many more there are and that the job summary (the markdown format) lists
every one; the ones past the limit are still printed, as plain log lines
``FILE:LINE:COL: LEVEL RULE: MESSAGE``, so the log loses nothing either.

Values are escaped as the runner expects: ``%``, CR and LF in the message, and also
``:`` and ``,`` in the properties, become ``%XX``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from golive.core.findings import Finding, Result, Severity
from golive.reporters.text import checked

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


# Annotations of one level GitHub shows per step.
ANNOTATIONS_PER_LEVEL = 10
_LEVELS = ("error", "warning", "notice")


def _plain(f: Finding) -> str:
    """A finding past the annotation limit, as a log line the runner does not interpret."""
    line = f"{f.file}:{f.line}:{f.column}: {_level(f)} {f.rule}: {f.message}{_why_not_blocking(f)}"
    return line.replace("\r", " ").replace("\n", " ")


def findings(result: Result, out: TextIO, options: Options) -> None:
    by_level: dict[str, list[Finding]] = {level: [] for level in _LEVELS}
    for f in result.findings:
        by_level[_level(f)].append(f)
    for level, found in by_level.items():
        if len(found) <= ANNOTATIONS_PER_LEVEL:
            out.writelines(command(f) + "\n" for f in found)
            continue
        shown, rest = found[:ANNOTATIONS_PER_LEVEL - 1], found[ANNOTATIONS_PER_LEVEL - 1:]
        out.writelines(command(f) + "\n" for f in shown)
        title = escape_property(f"golive: {len(rest)} more")
        out.write(f"::{level} title={title}::" + escape_data(
            f"{len(rest)} more {level}s not shown as annotations (GitHub shows "
            f"{ANNOTATIONS_PER_LEVEL} per step): the job summary lists every finding, and this "
            f"log has them below") + "\n")
        out.writelines(_plain(f) + "\n" for f in rest)
    s = result.summary()
    verdict = "blocked" if result.blocks else "not checked" if result.crashes else "ok"
    out.write(
        f"golive: {checked(result)}: {_plural(s['errors'], 'error')}, "
        f"{_plural(s['warnings'], 'warning')}, {s['blocking']} blocking — {verdict}\n"
    )
