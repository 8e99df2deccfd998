"""SARIF 2.1.0: one run of golive, for code-scanning dashboards and SARIF viewers.

The run's ``tool.driver`` is golive with its version and a descriptor for every
rule golive knows (``golive explain`` text: summary, runbook line, fix), so every
result's ``ruleId`` and ``ruleIndex`` point at one. A result is one finding:

- ``level`` is the finding's severity (``error`` or ``warning``);
- its location is the repo-relative file (``uriBaseId`` ``SRCROOT``, the root of
  the config repository) with the 1-based line and column; columns count Unicode
  code points (``columnKind``), as the YAML loader does;
- ``baselineState`` is ``unchanged`` for a finding the base revision already had
  (pull-request mode) and ``new`` otherwise;
- a waived finding carries an accepted ``external`` suppression whose
  justification is the waiver's reason, located at the waiver in waivers.yaml;
- ``properties`` keep what SARIF has no field for: tenant, checklist key, YAML
  path and whether the finding blocks.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from golive.core.findings import Finding, Result, Severity, WaiverReport
from golive.core.version import VERSION
from golive.engine import rule_catalogue
from golive.engine.waivers import covers_path
from golive.policies import registry

if TYPE_CHECKING:
    from golive.reporters import Options

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
ROOT_ID = "SRCROOT"
NO_REASON = "waived in waivers.yaml"

Json = dict[str, Any]


def _text(text: str) -> Json:
    return {"text": text}


def _name(rule_id: str) -> str:
    """``GL-PARTNER-CERT`` -> ``PartnerCert``: the identifier-like name SARIF asks for."""
    parts = rule_id.split("-")
    return "".join(p.capitalize() for p in (parts[1:] if parts[0] == "GL" else parts))


def _default_level(rule_id: str) -> str:
    policy = registry.POLICIES.get(rule_id)
    return (policy.SEVERITY if policy is not None else Severity.ERROR).value


def rule_descriptor(rule_id: str) -> Json:
    """What SARIF viewers show about a rule: ``golive explain`` in SARIF's fields."""
    try:
        doc = rule_catalogue.describe(rule_id)
    except KeyError:  # a rule this version cannot describe still gets a descriptor
        return {"id": rule_id, "name": _name(rule_id)}
    help_text = f"Runbook: {doc.runbook}\nFix: {doc.fix}"
    return {
        "id": doc.id,
        "name": _name(doc.id),
        "shortDescription": _text(doc.summary),
        "fullDescription": _text(f"{doc.summary}\n\n{doc.detail}" if doc.detail else doc.summary),
        "help": _text(help_text),
        "defaultConfiguration": {"level": _default_level(doc.id)},
        "properties": {"checklist": doc.checklist, "tags": [doc.checklist]},
    }


def waiver_for(result: Result, f: Finding) -> WaiverReport | None:
    """The waivers.yaml entry that waived ``f``, preferring one that is still in force."""
    candidates = [
        w for w in result.waivers
        if w.tenant == f.tenant and w.target in (f.rule, f.checklist) and covers_path(w.path, f.path)
    ]
    candidates.sort(key=lambda w: not w.active)
    return candidates[0] if candidates else None


def _location(uri: str, line: int, column: int | None = None) -> Json:
    region: Json = {"startLine": line}
    if column is not None:
        region["startColumn"] = column
    return {"physicalLocation": {
        "artifactLocation": {"uri": quote(uri), "uriBaseId": ROOT_ID},
        "region": region,
    }}


def _suppression(result: Result, f: Finding) -> Json:
    waiver = waiver_for(result, f)
    if waiver is None:
        return {"kind": "external", "status": "accepted", "justification": NO_REASON}
    return {
        "kind": "external",
        "status": "accepted",
        "justification": waiver.reason or NO_REASON,
        "location": _location(waiver.file, waiver.line),
        "properties": {"approvedBy": waiver.approved_by, "expires": waiver.expires},
    }


def _result(result: Result, f: Finding, index: dict[str, int]) -> Json:
    out: Json = {
        "ruleId": f.rule,
        "ruleIndex": index[f.rule],
        "level": f.severity.value,
        "message": _text(f"{f.message} ({f.standing[-1]})" if f.allowed_by else f.message),
        "locations": [_location(f.file, f.line, f.column)],
        "baselineState": "new" if f.new else "unchanged",
    }
    if f.waived:
        out["suppressions"] = [_suppression(result, f)]
    out["properties"] = {
        "tenant": f.tenant or None, "checklist": f.checklist, "yamlPath": f.path, "blocking": f.blocking,
    }
    if f.allowed_by:
        out["properties"]["allowedBy"] = f.allowed_by
        out["properties"]["standing"] = "; ".join(f.standing)
        if f.reverts_to:
            out["properties"]["revertsTo"] = f.reverts_to
    return out


def sarif_log(result: Result) -> Json:
    """The SARIF log of a run, as a JSON-ready dict."""
    rule_ids = rule_catalogue.all_rules()
    rule_ids += sorted({f.rule for f in result.findings} - set(rule_ids))
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    driver = {
        "name": "golive",
        "version": VERSION,
        "rules": [rule_descriptor(rule_id) for rule_id in rule_ids],
    }
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": driver},
            "originalUriBaseIds": {ROOT_ID: {"description": _text("The root of the config repository.")}},
            "columnKind": "unicodeCodePoints",
            "results": [_result(result, f, index) for f in result.findings],
        }],
    }


def findings(result: Result, out: TextIO, options: Options) -> None:
    json.dump(sarif_log(result), out, indent=2, ensure_ascii=False)
    out.write("\n")
