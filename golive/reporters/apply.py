"""Writing plans and applies: text for people, JSON for machines, markdown for PRs (state, drift and
history: :mod:`golive.reporters.store`).

JSON values keep their types: ``modifier_rules_version`` is a number, an absent
value is ``null``. The markdown plan (a pull-request comment) renders
``templates/plan.md.j2`` with every value escaped and undefined names as errors.

Every tenant id, field, value, author and target shown here comes from the
target or from tenant files, and passes :mod:`golive.core.redact` on its way out
(masked, control characters escaped), in every format.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from golive.apply import Applied
from golive.apply.planning import Held, Plan, short
from golive.core.findings import Finding
from golive.core.redact import optional
from golive.core.redact import text as shown_text
from golive.core.templates import environment
from golive.targets import (
    BREAK_GLASS,
    Change,
)

NONE = "(none)"


def typed(field: str, value: str | None) -> str | int | None:
    """A value for JSON: the modifier version as a number, anything else as masked text."""
    if field == "modifier_rules_version" and value is not None and value.isdigit():
        return int(value)
    return optional(value)


def shown(value: str | None) -> str:
    """A value as text output shows it: masked and escaped, ``(none)`` for an absent one."""
    return NONE if value is None else shown_text(value)


def counted(n: int, word: str) -> str:
    """``1 change``, ``3 changes``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def dump(data: object, out: TextIO) -> None:
    """``data`` as indented JSON, non-ASCII as written, and a newline."""
    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _finding_lines(findings: Sequence[Finding], indent: str = "  ") -> list[str]:
    return [f"{indent}{f.file}:{f.line}:{f.column}: {f.severity} {f.message} [{f.rule}]" for f in findings]


UNMANAGED_FIX = "in the target, not in git: golive apply --prune removes it, or add it to git"


def _change_line(c: Change) -> str:
    glass = " (break-glass)" if c.kind == BREAK_GLASS else ""
    return f"  {shown(c.field)}: {shown(c.old)} → {shown(c.new)}{glass}"


def _tenant_lines(plan: Plan) -> list[str]:
    """Per tenant, in order: its changes; held, with why and its findings; unmanaged, with the fix."""
    by_tenant: dict[str, list[Change]] = {}
    for c in plan.changes:
        by_tenant.setdefault(c.tenant, []).append(c)
    held = {h.tenant: h for h in plan.held}
    unmanaged = set(plan.unmanaged)
    lines = []
    for tenant in sorted(by_tenant.keys() | held.keys() | unmanaged):
        changes = by_tenant.get(tenant, [])
        if tenant in held:
            h = held[tenant]
            lines.append(f"{shown(tenant)}: held at {short(h.revision)}: {h.reason}")
            if h.break_glass and not changes:
                lines.append("  status: already read_only (break-glass)")
            lines.extend(_change_line(c) for c in changes)
            lines.extend(_finding_lines(h.found, "    "))
        elif tenant in unmanaged:
            pruned = plan.prune and changes
            lines.append(f"{shown(tenant)}: unmanaged, " + (
                "removed (--prune)" if pruned else UNMANAGED_FIX))
            lines.extend(_change_line(c) for c in changes)
        else:
            new = changes[0].field == "status" and changes[0].old is None   # status sorts first
            lines.append(f"{shown(tenant)} (new)" if new else shown(tenant))
            lines.extend(_change_line(c) for c in changes)
    return lines


def summary(plan: Plan) -> str:
    parts = [f"{counted(len(plan.changes), 'change')} in {counted(len(plan.tenants), 'tenant')}"
             if plan.changes else "no changes"]
    if plan.held:
        parts.append(f"{counted(len(plan.held), 'tenant')} held")
    if plan.unmanaged and not plan.prune:
        parts.append(f"{counted(len(plan.unmanaged), 'tenant')} unmanaged")
    return "; ".join(parts)


def _held_dict(h: Held) -> dict[str, object]:
    return {"tenant": shown(h.tenant), "revision": optional(h.revision), "findings": h.findings,
            "first_rule": h.rule, "break_glass": h.break_glass}


# -- plan ---------------------------------------------------------------------
def plan_text(plan: Plan, out: TextIO) -> None:
    out.write(f"plan for {shown(plan.target)}: {short(plan.applied)} → {short(plan.revision)}\n")
    refusal = plan.refusal()
    if refusal:
        out.write(f"apply would refuse: {refusal}\n")
        out.writelines(line + "\n" for line in _finding_lines([f for f in plan.blocking if not f.tenant]))
        return
    for line in _tenant_lines(plan):
        out.write(line + "\n")
    if plan.noop and not plan.held:
        out.write(f"no changes: the target already holds {short(plan.revision)}\n")
    else:
        out.write(f"{summary(plan)}\n")


def plan_dict(plan: Plan) -> dict[str, object]:
    return {
        "target": shown(plan.target),
        "revision": plan.revision,
        "applied": optional(plan.applied),
        "ancestry": plan.ancestry,
        "refused": plan.refusal(),
        "changes": [{"tenant": shown(c.tenant), "field": shown(c.field),
                     "from": typed(c.field, c.old), "to": typed(c.field, c.new), "kind": c.kind}
                    for c in plan.changes],
        "held": [_held_dict(h) for h in plan.held],
        "unmanaged": [shown(t) for t in plan.unmanaged],
        "prune": plan.prune,
        "blocking": [f.as_dict() for f in plan.blocking],
        "summary": {"changes": len(plan.changes), "tenants": len(plan.tenants), "held": len(plan.held),
                    "checked": plan.checked},
    }


def plan_json(plan: Plan, out: TextIO) -> None:
    dump(plan_dict(plan), out)


def plan_markdown(plan: Plan, out: TextIO) -> None:
    changes = [{"tenant": shown(c.tenant), "field": shown(c.field), "old": shown(c.old),
                "new": shown(c.new), "glass": c.kind == BREAK_GLASS} for c in plan.changes]
    held = [{"tenant": shown(h.tenant), "revision": short(h.revision), "reason": shown(h.reason),
             "glass": h.break_glass,
             "findings": h.found[:5]} for h in plan.held]
    out.write(environment("markdown").get_template("plan.md.j2").render(
        plan=plan, target=shown(plan.target), changes=changes, held=held,
        unmanaged=[shown(t) for t in plan.unmanaged], summary=summary(plan),
        refusal=plan.refusal(), short=short))



# -- apply --------------------------------------------------------------------
def _mismatch_lines(done: Applied) -> list[str]:
    return [f"  {shown(m.tenant)} {shown(m.field)}: wrote {shown(m.old)}, found {shown(m.new)}"
            for m in done.mismatches]


def applied_text(done: Applied, out: TextIO) -> None:
    plan = done.plan
    target = shown(plan.target)
    if done.refused:
        out.write(f"refused: {done.refused}; nothing was changed in {target}\n")
        out.writelines(line + "\n" for line in _finding_lines([f for f in plan.blocking if not f.tenant]))
        return
    if not done.written:
        out.write(f"no changes: {target} already holds {short(plan.revision)}\n")
    else:
        forced = f" (forced over {short(plan.applied)})" if done.forced else ""
        out.write(f"applied {short(plan.revision)} to {target}{forced}: {summary(plan)}\n")
    for line in _tenant_lines(plan):
        out.write(line + "\n")
    if done.mismatches:
        out.write(f"verification failed: {counted(len(done.mismatches), 'value')} read back "
                  "differ from what was written\n")
        out.writelines(line + "\n" for line in _mismatch_lines(done))
    if plan.held:
        out.write(f"held: {', '.join(shown(h.tenant) for h in plan.held)}: fix their findings "
                  "(golive validate) and merge; the other tenants are applied\n")


def applied_json(done: Applied, out: TextIO) -> None:
    dump({**plan_dict(done.plan), "refused": done.refused, "written": done.written,
           "forced": done.forced, "ok": done.ok,
           "mismatches": [{"tenant": shown(m.tenant), "field": shown(m.field),
                           "wrote": typed(m.field, m.old), "found": typed(m.field, m.new)}
                          for m in done.mismatches]}, out)


def applied_markdown(done: Applied, out: TextIO) -> None:
    """The job summary of an apply, and the body of the issue that lists held tenants."""
    plan = done.plan
    held = [{"tenant": shown(h.tenant), "revision": short(h.revision), "reason": shown(h.reason),
             "glass": h.break_glass,
             "findings": h.found[:5]} for h in plan.held]
    mismatches = [{"tenant": shown(m.tenant), "field": shown(m.field), "wrote": shown(m.old),
                   "found": shown(m.new)} for m in done.mismatches]
    out.write(environment("markdown").get_template("applied.md.j2").render(
        done=done, plan=plan, target=shown(plan.target), held=held, mismatches=mismatches,
        unmanaged=[] if plan.prune else [shown(t) for t in plan.unmanaged],
        refused=optional(done.refused), summary=summary(plan), short=short))
