"""Writing plans, applies, state, drift and history: text for people, JSON for machines, markdown for PRs.

JSON values keep their types: ``modifier_rules_version`` is a number, an absent
value is ``null``. The markdown plan (a pull-request comment) renders
``templates/plan.md.j2`` with every value escaped and undefined names as errors.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from golive._templates import environment
from golive.apply import Applied, Difference
from golive.apply._plan import Plan, short
from golive.targets import TENANT_FIELDS, AuditEntry, StoreView, split_envelope_field

NONE = "(none)"


def typed(field: str, value: str | None) -> str | int | None:
    if field == "modifier_rules_version" and value is not None and value.isdigit():
        return int(value)
    return value


def _shown(value: str | None) -> str:
    return NONE if value is None else value


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
            lines.append(f"{tenant} (new)" if new else tenant)
        lines.append(f"  {c.field}: {_shown(c.old)} → {_shown(c.new)}")
    lines.extend(f"{t}: no longer in git; left as is" for t in plan.left_as_is)
    return lines


def summary(plan: Plan) -> str:
    if not plan.changes:
        return "no changes"
    return f"{_count(len(plan.changes), 'change')} in {_count(len(plan.tenants), 'tenant')}"


# -- plan ---------------------------------------------------------------------
def plan_text(plan: Plan, out: TextIO) -> None:
    out.write(f"plan for {plan.target}: {short(plan.applied)} → {short(plan.revision)}\n")
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
        "target": plan.target,
        "revision": plan.revision,
        "applied": plan.applied,
        "ancestry": plan.ancestry,
        "refused": plan.refusal(),
        "changes": [{"tenant": c.tenant, "field": c.field, "from": typed(c.field, c.old),
                     "to": typed(c.field, c.new)} for c in plan.changes],
        "left_as_is": list(plan.left_as_is),
        "blocking": [f.as_dict() for f in plan.blocking],
        "summary": {"changes": len(plan.changes), "tenants": len(plan.tenants), "checked": plan.checked},
    }


def plan_json(plan: Plan, out: TextIO) -> None:
    _dump(plan_dict(plan), out)


def plan_markdown(plan: Plan, out: TextIO) -> None:
    out.write(environment("markdown").get_template("plan.md.j2").render(
        plan=plan, summary=summary(plan), refusal=plan.refusal(), short=short, none=NONE))


PLAN_FORMATS = {"text": plan_text, "json": plan_json, "markdown": plan_markdown}


# -- apply --------------------------------------------------------------------
def applied_text(done: Applied, out: TextIO) -> None:
    plan = done.plan
    if done.refused:
        out.write(f"refused: {done.refused}; nothing was changed in {plan.target}\n")
        out.writelines(line + "\n" for line in _finding_lines(plan))
    elif not done.written:
        out.write(f"no changes: {plan.target} already holds {short(plan.revision)}\n")
    else:
        forced = f" (forced over {short(plan.applied)})" if done.forced else ""
        what = summary(plan) if plan.changes else "no values changed"
        out.write(f"applied {short(plan.revision)} to {plan.target}{forced}: {what}\n")
        for line in _change_lines(plan):
            out.write(line + "\n")


def applied_json(done: Applied, out: TextIO) -> None:
    _dump({**plan_dict(done.plan), "refused": done.refused, "written": done.written,
           "forced": done.forced}, out)


APPLY_FORMATS = {"text": applied_text, "json": applied_json}


# -- state --------------------------------------------------------------------
def _envelopes(fields: dict[str, str]) -> dict[str, str]:
    return {"/".join(key): fields[name] for name in sorted(fields)
            if (key := split_envelope_field(name)) is not None}


def state_dict(view: StoreView) -> dict[str, object]:
    """The contract's shape: revision, and per tenant status, phase, version and envelopes."""
    tenants: dict[str, object] = {}
    for tenant in sorted(view.live):
        fields = view.live[tenant]
        entry: dict[str, object] = {name: typed(name, fields.get(name)) for name in TENANT_FIELDS}
        entry["envelopes"] = _envelopes(fields)
        tenants[tenant] = entry
    return {"revision": view.revision, "tenants": tenants}


def state_json(view: StoreView, out: TextIO) -> None:
    _dump(state_dict(view), out)


def state_text(view: StoreView, out: TextIO) -> None:
    out.write(f"revision {view.revision or NONE}\n")
    for tenant in sorted(view.live):
        fields = view.live[tenant]
        envelopes = " ".join(f"{k}={v}" for k, v in _envelopes(fields).items())
        out.write(f"{tenant}: status {_shown(fields.get('status'))}, phase {_shown(fields.get('phase'))}, "
                  f"modifier rules version {_shown(fields.get('modifier_rules_version'))}\n"
                  f"  envelopes: {envelopes or NONE}\n")


STATE_FORMATS = {"text": state_text, "json": state_json}


# -- drift --------------------------------------------------------------------
def drift_text(found: Sequence[Difference], revision: str | None, target: str, out: TextIO) -> None:
    if not found:
        out.write(f"no drift: {target} holds what was last applied ({short(revision)})\n")
        return
    for d in found:
        out.write(f"{d.tenant} {d.field}: applied {_shown(d.applied)}, found {_shown(d.found)}\n")
    out.write(f"{_count(len(found), 'difference')} from what was last applied ({short(revision)}) "
              f"in {target}\n")


def drift_json(found: Sequence[Difference], revision: str | None, target: str, out: TextIO) -> None:
    _dump({"target": target, "revision": revision, "drift": [
        {"tenant": d.tenant, "field": d.field, "applied": typed(d.field, d.applied),
         "found": typed(d.field, d.found)} for d in found]}, out)


DRIFT_FORMATS = {"text": drift_text, "json": drift_json}


# -- history ------------------------------------------------------------------
def history_text(entries: Sequence[AuditEntry], out: TextIO) -> None:
    if not entries:
        out.write("no history: no apply has changed anything yet\n")
    for e in entries:
        forced = " (forced)" if e.forced else ""
        out.write(f"{e.at} {short(e.commit)} {e.author} {e.tenant} {e.field}: "
                  f"{_shown(e.old)} → {_shown(e.new)}{forced}\n")


def history_json(entries: Sequence[AuditEntry], out: TextIO) -> None:
    _dump({"history": [
        {"id": e.id, "commit": e.commit, "author": e.author, "time": e.at, "tenant": e.tenant,
         "field": e.field, "from": typed(e.field, e.old), "to": typed(e.field, e.new), "forced": e.forced}
        for e in entries]}, out)


HISTORY_FORMATS = {"text": history_text, "json": history_json}

