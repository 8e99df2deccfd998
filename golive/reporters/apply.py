"""Writing plans, applies, state, drift and history: text for people, JSON for machines, markdown for PRs.

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

from golive.apply import Applied, Difference
from golive.apply.planning import Plan, short
from golive.core.redact import optional
from golive.core.redact import text as shown_text
from golive.core.templates import environment
from golive.targets import TENANT_FIELDS, AuditEntry, StoreView, split_envelope_field

NONE = "(none)"


def typed(field: str, value: str | None) -> str | int | None:
    """A value for JSON: the modifier version as a number, anything else as masked text."""
    if field == "modifier_rules_version" and value is not None and value.isdigit():
        return int(value)
    return optional(value)


def _shown(value: str | None) -> str:
    return NONE if value is None else shown_text(value)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _dump(data: object, out: TextIO) -> None:
    json.dump(data, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _finding_lines(plan: Plan) -> list[str]:
    return [f"  {f.file}:{f.line}:{f.column}: {f.severity} {f.message} [{f.rule}]" for f in plan.blocking]


def _change_lines(plan: Plan) -> list[str]:
    lines, tenant = [], None
    for c in plan.changes:
        if c.tenant != tenant:
            tenant = c.tenant
            new = c.field == "status" and c.old is None   # status sorts first and every tenant has one
            lines.append(f"{_shown(tenant)} (new)" if new else _shown(tenant))
        lines.append(f"  {_shown(c.field)}: {_shown(c.old)} → {_shown(c.new)}")
    lines.extend(f"{_shown(t)}: no longer in git; left as is" for t in plan.left_as_is)
    return lines


def summary(plan: Plan) -> str:
    if not plan.changes:
        return "no changes"
    return f"{_count(len(plan.changes), 'change')} in {_count(len(plan.tenants), 'tenant')}"


# -- plan ---------------------------------------------------------------------
def plan_text(plan: Plan, out: TextIO) -> None:
    out.write(f"plan for {_shown(plan.target)}: {short(plan.applied)} → {short(plan.revision)}\n")
    for line in _change_lines(plan):
        out.write(line + "\n")
    refusal = plan.refusal()
    if refusal:
        out.write(f"apply would refuse: {refusal}\n")
        out.writelines(line + "\n" for line in _finding_lines(plan))
    if plan.noop:
        out.write(f"no changes: the target already holds {short(plan.revision)}\n")
    else:
        out.write(f"{summary(plan)}\n")


def plan_dict(plan: Plan) -> dict[str, object]:
    return {
        "target": _shown(plan.target),
        "revision": plan.revision,
        "applied": optional(plan.applied),
        "ancestry": plan.ancestry,
        "refused": plan.refusal(),
        "changes": [{"tenant": _shown(c.tenant), "field": _shown(c.field),
                     "from": typed(c.field, c.old), "to": typed(c.field, c.new)} for c in plan.changes],
        "left_as_is": [_shown(t) for t in plan.left_as_is],
        "blocking": [f.as_dict() for f in plan.blocking],
        "summary": {"changes": len(plan.changes), "tenants": len(plan.tenants), "checked": plan.checked},
    }


def plan_json(plan: Plan, out: TextIO) -> None:
    _dump(plan_dict(plan), out)


def plan_markdown(plan: Plan, out: TextIO) -> None:
    changes = [{"tenant": _shown(c.tenant), "field": _shown(c.field), "old": _shown(c.old),
                "new": _shown(c.new)} for c in plan.changes]
    out.write(environment("markdown").get_template("plan.md.j2").render(
        plan=plan, target=_shown(plan.target), changes=changes,
        left_as_is=[_shown(t) for t in plan.left_as_is], summary=summary(plan),
        refusal=plan.refusal(), short=short))



# -- apply --------------------------------------------------------------------
def applied_text(done: Applied, out: TextIO) -> None:
    plan = done.plan
    target = _shown(plan.target)
    if done.refused:
        out.write(f"refused: {done.refused}; nothing was changed in {target}\n")
        out.writelines(line + "\n" for line in _finding_lines(plan))
    elif not done.written:
        out.write(f"no changes: {target} already holds {short(plan.revision)}\n")
    else:
        forced = f" (forced over {short(plan.applied)})" if done.forced else ""
        what = summary(plan) if plan.changes else "no values changed"
        out.write(f"applied {short(plan.revision)} to {target}{forced}: {what}\n")
        for line in _change_lines(plan):
            out.write(line + "\n")


def applied_json(done: Applied, out: TextIO) -> None:
    _dump({**plan_dict(done.plan), "refused": done.refused, "written": done.written,
           "forced": done.forced}, out)



# -- state --------------------------------------------------------------------
def _envelopes(fields: dict[str, str]) -> dict[str, str]:
    return {_shown("/".join(key)): _shown(fields[name]) for name in sorted(fields)
            if (key := split_envelope_field(name)) is not None}


def state_dict(view: StoreView) -> dict[str, object]:
    """The contract's shape: revision, and per tenant status, phase, version and envelopes."""
    tenants: dict[str, object] = {}
    for tenant in sorted(view.live):
        fields = view.live[tenant]
        entry: dict[str, object] = {name: typed(name, fields.get(name)) for name in TENANT_FIELDS}
        entry["envelopes"] = _envelopes(fields)
        tenants[_shown(tenant)] = entry
    return {"revision": optional(view.revision), "tenants": tenants}


def state_json(view: StoreView, out: TextIO) -> None:
    _dump(state_dict(view), out)


def state_text(view: StoreView, out: TextIO) -> None:
    out.write(f"revision {_shown(view.revision)}\n")
    for tenant in sorted(view.live):
        fields = view.live[tenant]
        envelopes = " ".join(f"{k}={v}" for k, v in _envelopes(fields).items())
        out.write(f"{_shown(tenant)}: status {_shown(fields.get('status'))}, "
                  f"phase {_shown(fields.get('phase'))}, "
                  f"modifier rules version {_shown(fields.get('modifier_rules_version'))}\n"
                  f"  envelopes: {envelopes or NONE}\n")



# -- drift --------------------------------------------------------------------
def drift_text(found: Sequence[Difference], revision: str | None, target: str, out: TextIO) -> None:
    if not found:
        out.write(f"no drift: {_shown(target)} holds what was last applied ({short(revision)})\n")
        return
    for d in found:
        out.write(f"{_shown(d.tenant)} {_shown(d.field)}: applied {_shown(d.applied)}, "
                  f"found {_shown(d.found)}\n")
    out.write(f"{_count(len(found), 'difference')} from what was last applied ({short(revision)}) "
              f"in {_shown(target)}\n")


def drift_json(found: Sequence[Difference], revision: str | None, target: str, out: TextIO) -> None:
    _dump({"target": _shown(target), "revision": optional(revision), "drift": [
        {"tenant": _shown(d.tenant), "field": _shown(d.field), "applied": typed(d.field, d.applied),
         "found": typed(d.field, d.found)} for d in found]}, out)



# -- history ------------------------------------------------------------------
def history_text(entries: Sequence[AuditEntry], out: TextIO) -> None:
    if not entries:
        out.write("no history: no apply has changed anything yet\n")
    for e in entries:
        forced = " (forced)" if e.forced else ""
        out.write(f"{_shown(e.at)} {_shown(short(e.commit))} {_shown(e.author)} {_shown(e.tenant)} "
                  f"{_shown(e.field)}: {_shown(e.old)} → {_shown(e.new)}{forced}\n")


def history_json(entries: Sequence[AuditEntry], out: TextIO) -> None:
    _dump({"history": [
        {"id": e.id, "commit": _shown(e.commit), "author": _shown(e.author), "time": _shown(e.at),
         "tenant": _shown(e.tenant), "field": _shown(e.field), "from": typed(e.field, e.old),
         "to": typed(e.field, e.new), "forced": e.forced}
        for e in entries]}, out)


