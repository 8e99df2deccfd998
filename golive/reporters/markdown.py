"""Markdown for a pull-request comment or a job summary (``$GITHUB_STEP_SUMMARY``).

``golive validate --format markdown`` renders ``templates/validate.md.j2``: the
verdict, a checklist table per tenant (✅ done, ❌ missing, — not_yet), the
blocking findings, the findings that do not block folded in a ``<details>``, and
the waivers in force with their expiry. ``golive status --format markdown``
renders ``templates/status.md.j2``: the checklist tables alone.

Every finding links to its file and line, ``tenants/acme-ortho/edi.yaml#L13``.
Such a relative link works where the page sits in the repository; a comment or a
job summary needs absolute links, so the environment variable ``GOLIVE_LINK_BASE``,
when set, is put in front of every link, e.g.
``GOLIVE_LINK_BASE=https://github.com/ORG/REPO/blob/$GITHUB_SHA/``.

Markdown has no autoescape of its own, so every ``{{ value }}`` in the templates
goes through :func:`md_escape` (the environment's ``finalize``) unless it is
:class:`~markupsafe.Markup` (the links, built here). Undefined names are errors.
Each list shows at most ``LIMIT`` findings, so that a report stays within the
size a comment may have; the rest are counted.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from markupsafe import Markup

from golive.core.checklist import CHECKLIST
from golive.core.findings import DONE, MISSING, NOT_YET, Finding, Result, TenantReport, WaiverReport
from golive.core.templates import environment
from golive.reporters.text import checked

if TYPE_CHECKING:
    from golive.reporters import Options

LINK_BASE_VARIABLE = "GOLIVE_LINK_BASE"
LIMIT = 100
STATE_LABELS = {DONE: "✅ done", MISSING: "❌ missing", NOT_YET: "— not_yet"}

def _url(text: str) -> str:
    return text.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def href(file: str, line: int) -> Markup:
    """The link to a line of a repo-relative file, after ``GOLIVE_LINK_BASE`` if set."""
    base = os.environ.get(LINK_BASE_VARIABLE, "").strip()
    if base and not base.endswith("/"):
        base += "/"
    return Markup(f"{_url(base)}{quote(file)}#L{line}")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _tenant(report: TenantReport) -> dict[str, Any]:
    bits = [report.phase or "phase unknown"]
    if report.status:
        bits.append(f"status {report.status}")
    if report.golive_date:
        bits.append(f"go-live {report.golive_date}")
    bits += [f"rolled back: {r}" for r in report.rolled_back]
    states = {key: report.checklist.get(key, MISSING) for key in CHECKLIST}
    done, due = report.progress
    bits.append(f"{done} of {due} checklist items done")
    return {
        "name": report.tenant,
        "about": " · ".join(bits),
        "rows": [(key, STATE_LABELS[states[key]], text) for key, text in CHECKLIST.items()],
        "evidence": [],   # golive status fills it in
    }


def _note(f: Finding) -> str:
    return ", ".join([f.severity.value, *f.standing])


def _waiver_state(w: WaiverReport) -> str:
    if not w.reviewed:
        return "waives nothing: arrived with other changes"
    if w.expired:
        return "expired"
    if w.pending:
        return "pending: its key is not demanded yet"
    return f"waives {_plural(w.matched, 'finding')}"


def _findings(found: Iterable[Finding]) -> dict[str, Any]:
    items = [{"f": f, "href": href(f.file, f.line), "note": _note(f)} for f in found]
    return {"shown": items[:LIMIT], "more": max(0, len(items) - LIMIT), "count": len(items)}


def render_validate(result: Result) -> str:
    """The markdown report of ``golive validate``."""
    summary = result.summary()
    waivers = [{"w": w, "href": href(w.file, w.line)} for w in result.waivers if w.active]
    proposed = [{"w": w, "href": href(w.file, w.line), "state": _waiver_state(w)}
                for w in result.waivers if w.changed]
    text = environment("markdown").get_template("validate.md.j2").render(
        blocking_count=_plural(summary["blocking"], "blocking finding") if result.blocks else "",
        summary=(f"{checked(result)}: {_plural(summary['errors'], 'error')}, "
                 f"{_plural(summary['warnings'], 'warning')}, {summary['blocking']} blocking."),
        tenants=[_tenant(r) for r in result.tenants],
        blocking=_findings(f for f in result.findings if f.blocking),
        others=_findings(f for f in result.findings if not f.blocking),
        waivers=waivers,
        proposed=proposed,
    )
    return text.rstrip("\n") + "\n"


def render_status(result: Result) -> str:
    """The markdown checklist of ``golive status``."""
    text = environment("markdown").get_template("status.md.j2").render(
        tenants=[{**_tenant(r), "evidence": [(e.checklist, e.evidence, e.proof) for e in r.evidence]}
                 for r in result.tenants],
    )
    return text.rstrip("\n") + "\n"


def findings(result: Result, out: TextIO, options: Options) -> None:
    out.write(render_validate(result))


def checklist(result: Result, out: TextIO, options: Options) -> None:
    out.write(render_status(result))
