"""Every rule id golive can report, with what it checks and how to fix it (``golive explain``)."""

from __future__ import annotations

from dataclasses import dataclass

from golive.policies import registry


@dataclass(frozen=True)
class RuleDoc:
    id: str
    checklist: str
    summary: str
    runbook: str
    fix: str
    detail: str = ""


_FILE_RULE = "Files are UTF-8 YAML 1.1 as PyYAML reads it, one document each."

# Rules of reading and schema-checking files, which come before any policy.
FILE_RULES: dict[str, RuleDoc] = {r.id: r for r in (
    RuleDoc("GL-YAML-SYNTAX", "schema", "The file is not valid YAML (or uses a YAML tag).",
            _FILE_RULE, "Fix the indentation, colons or quotes at the line shown."),
    RuleDoc("GL-YAML-DUPLICATE-KEY", "schema",
            "A mapping has the same key twice; YAML would silently keep the last one.",
            _FILE_RULE, "Remove or rename one of the two keys."),
    RuleDoc("GL-YAML-ANCHOR", "schema",
            "Anchors, aliases and merge keys are not allowed (and an alias bomb is refused).",
            "Files are one document each, no anchors/aliases.",
            "Write each value out in full."),
    RuleDoc("GL-YAML-MULTI-DOC", "schema", "The file holds more than one YAML document.",
            _FILE_RULE, "Remove the second '---' and what follows it, or merge it in."),
    RuleDoc("GL-YAML-ENCODING", "schema", "The file's bytes are not UTF-8.",
            "Files are UTF-8.", "Save the file as UTF-8."),
    RuleDoc("GL-YAML-TAB", "schema", "A line is indented with a tab.",
            _FILE_RULE, "Indent with spaces only."),
    RuleDoc("GL-YAML-TOO-LARGE", "schema",
            "The file is larger than loader.max_file_bytes in policies/settings.yaml.",
            _FILE_RULE, "Keep tenant files small; bulk data belongs elsewhere."),
    RuleDoc("GL-YAML-EMPTY", "schema", "The file is empty (or only comments).",
            _FILE_RULE, "Give it its content, or delete it if it is optional."),
    RuleDoc("GL-FILE-MISSING", "schema", "A required tenant file is missing.",
            "One directory per tenant: tenants/<tenant-id>/.",
            "Add the file (`golive new` scaffolds a tenant with all of them)."),
    RuleDoc("GL-FILE-UNKNOWN", "schema",
            "A YAML file in the tenant directory is not one golive reads (usually a typo).",
            "One directory per tenant: tenants/<tenant-id>/.",
            "Rename it to the tenant file it was meant to be, or move it under evidence/."),
    RuleDoc("GL-FILE-UNREADABLE", "schema", "A tenant file cannot be read.",
            _FILE_RULE, "Check the file's permissions."),
    RuleDoc("GL-FILE-NOT-REGULAR", "integrity",
            "An entry under tenants/ is not a regular file: a symlink (to anything, dangling or "
            "looping), a FIFO, a socket, a device, or a nested git repository (a submodule).",
            "One directory per tenant: tenants/<tenant-id>/, holding regular files committed in git.",
            "Replace it with a regular file committed in git (for a directory: the directory "
            "itself, with its files committed in this repository).",
            "golive never follows, opens or walks into such an entry, in the work tree or at a "
            "revision: what a symlink reads depends on the machine, a FIFO or /dev/zero never "
            "ends, and a nested repository's files are in no clone. Anything that reads through "
            "it (an evidence path, a rule set) proves nothing."),
    RuleDoc("GL-DATE-RANGE", "schema",
            "A date or timestamp is past 9998-12-31, the last date golive can count business "
            "days from (hyper-care and the definition of done count them from golive_date).",
            "Dates are YYYY-MM-DD; timestamps are ISO 8601 with a UTC offset.",
            "Write the real date (9999-12-31 is almost always a placeholder or a typo).",
            "The file is then not used, like a file that does not match its schema, so no "
            "rule computes with a date at the end of the calendar."),
    RuleDoc("GL-SCHEMA", "schema", "The file does not match its JSON Schema in schemas/.",
            "The JSON Schemas in schemas/ are the machine-readable form of the format.",
            "Follow the message; an editor with yaml-language-server shows the schema's "
            "description of every key."),
)}


_WAIVER = "A waived finding is still reported and does not block; waivers expire and are removed when stale."
_TRANSITION = "Transitions are checked against the base revision of a pull request."

# Rules of waivers and of pull-request mode, which judge changes rather than one revision.
CHANGE_RULES: dict[str, RuleDoc] = {r.id: r for r in (
    RuleDoc("GL-WAIVER-EXPIRED", "integrity",
            "A waiver in waivers.yaml is past its expires date (against --as-of) and waives nothing.",
            _WAIVER, "Close the gap it covered and delete the waiver, or renew it: a new approval "
            "(approved_by, approved_on) and a later expires date."),
    RuleDoc("GL-WAIVER-UNUSED", "integrity",
            "A waiver in waivers.yaml matches no finding: the gap is closed, or its path is wrong.",
            _WAIVER, "Delete the waiver; if the gap is still open, fix its checklist/rule or path "
            "(the path is a finding's path field, e.g. payers[3])."),
    RuleDoc("GL-WAIVER-UNREVIEWED", "integrity",
            "A waiver is added or changed in the same pull request as other changes to its tenant, "
            "so it waives nothing.",
            _WAIVER + " A waiver is reviewed on its own: it counts once the base has it, or in a pull "
            "request that changes nothing else of the tenant.",
            "Move the waiver to a pull request that changes only waivers.yaml (the code owners review "
            "it); once it has merged, make the change it waives."),
    RuleDoc("GL-TRANSITION-PHASE", "integrity",
            "phase skips a step (onboarding -> bau in one pull request) or moves back "
            "(live -> onboarding, bau -> live).",
            _TRANSITION + " phase moves only forward, one step at a time (onboarding -> live -> bau).",
            "Flip to live first (golive flip) and move to bau in a later pull request once "
            "hyper-care is closed. To stop a live tenant set status: read_only; to undo a flip, "
            "revert its merge (git revert -m 1), which the gate accepts as a pure revert."),
    RuleDoc("GL-TRANSITION-EVIDENCE", "integrity",
            "Signed evidence (uat_signoff, e2e_test, a partner certification) was edited in place "
            "after the tenant went live.",
            _TRANSITION + " After live, signed evidence changes only by a revert of the commit that "
            "added it.", "Restore the signed record; to replace it, revert the commit that added it "
            "and add the new one in its own pull request."),
    RuleDoc("GL-TRANSITION-APPEND-ONLY", "hypercare",
            "A hyper-care metrics or standups row that the base revision had was changed or removed.",
            _TRANSITION + " hypercare.metrics and standups are append-only.",
            "Restore the row as it was and add a new row (with an investigation) for corrections."),
    RuleDoc("GL-TRANSITION-ROLLBACKS", "integrity",
            "A rollback record (tenant.yaml rollbacks) that the base revision had was changed or removed, "
            "or one the pull request adds does not describe a change it makes.",
            _TRANSITION + " Rollback records are append-only: a rollback is a recorded state, and an "
            "open record may only gain resolved_on (golive rollback TENANT --resolve). A record added "
            "must name fields that this pull request moves from its 'from' to its 'to', on a tenant "
            "live at the base, so no record can excuse a change that was never made.",
            "Restore the record as it was; record a correction as a new record, and close an open one "
            "by adding resolved_on. Add a record together with the change it records (golive rollback "
            "writes both)."),
    RuleDoc("GL-TRANSITION-REMOVED", "integrity",
            "A tenant that is live or bau at the base has its directory deleted.",
            _TRANSITION + " A live tenant's files are the record of its go-live.",
            "Keep the tenant's files; to stop it on the platform, set status: read_only (break-glass). "
            "A tenant that never went live may be deleted."),
    RuleDoc("GL-CHECKS-CHANGED", "schema",
            "The pull request changes what judges or guards tenants: schemas/, policies/, golive's "
            "code or pyproject.toml, .github/, CODEOWNERS or a .gitattributes file. Tenants are "
            "judged by the base's checks, and a maintainer must review the change.",
            "A pull request cannot weaken the checks that judge it.",
            "Have a maintainer review the schema or policy change; it takes effect once merged."),
    RuleDoc("GL-CHECKS-INVALID", "schema",
            "A schema or policy setting changed by the pull request is broken: not valid JSON "
            "Schema 2020-12, not loadable, or deleted while golive needs it.",
            "A pull request cannot weaken the checks that judge it.",
            "Fix the file named in the message; golive check-loads every changed schema and "
            "policies/settings.yaml."),
    RuleDoc("GL-CHECKS-IMPACT", "integrity",
            "Checked by the checks this pull request proposes, a tenant gets a blocking finding it "
            "does not have today: merged as it is, the change would break main.",
            "A pull request cannot weaken the checks that judge it, and must not break main.",
            "Fix the tenants named in the message in the same pull request, or change the checks "
            "(a threshold, a schema, a policy) so they keep passing."),
    RuleDoc("GL-GITATTRIBUTES", "integrity",
            "A .gitattributes change sets an attribute that makes git change file bytes on checkout "
            "or export (export-subst, export-ignore, filter, ident, eol, text, "
            "working-tree-encoding) on tenants/, schemas/ or policies/.",
            "golive reads a revision's files as git stores them; what is applied is what was judged.",
            "Remove the attribute for those paths (or unset it there, e.g. 'tenants/** -text')."),
)}


def describe(rule_id: str) -> RuleDoc:
    """The documentation of a rule; KeyError for an unknown id."""
    key = rule_id.upper()
    if key in FILE_RULES:
        return FILE_RULES[key]
    if key in CHANGE_RULES:
        return CHANGE_RULES[key]
    policy = registry.get(key)
    doc = (policy.__doc__ or "").strip()
    summary, _, detail = doc.partition("\n")
    return RuleDoc(policy.ID, policy.CHECKLIST, summary, policy.RUNBOOK, policy.FIX,
                   detail.strip())


def all_rules() -> list[str]:
    return [*FILE_RULES, *CHANGE_RULES, *registry.POLICIES]


def rules_of(checklist_key: str) -> list[RuleDoc]:
    """The documentation of every rule that reports under ``checklist_key``, in catalogue order."""
    return [doc for doc in map(describe, all_rules()) if doc.checklist == checklist_key]
