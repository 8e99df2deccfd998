"""The JSON Schemas themselves: valid, compilable, documented, and agreed on.

Every schema must be a valid draft 2020-12 schema, compile with jsonschema-rs (the
fast gate), document every property for editor hovers, and give the same verdict
in python-jsonschema and jsonschema-rs on the tricky cases below.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
import yaml

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"

EXPECTED_NAMES = {
    "tenant",
    "edi",
    "payers",
    "fee-schedules",
    "modifier-rules",
    "notifications",
    "golive",
    "waivers",
    "modifier-rule-set",
}

SCHEMA_FILES = sorted(SCHEMA_DIR.glob("*.schema.json"))

# Keywords whose value is a map of name -> subschema.
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "dependentSchemas")
# Keywords whose value is data, not a subschema.
_DATA_KEYWORDS = ("enum", "const", "required", "dependentRequired", "examples", "default")

SHA = "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b"


def _load(name: str) -> dict[str, Any]:
    with (SCHEMA_DIR / f"{name}.schema.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _walk(node: Any, pointer: str = "") -> Iterator[tuple[str, Any, str | None]]:
    """Yield (pointer, subschema, keyword holding it) for every subschema."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{pointer}/{_escape(key)}"
            if key in _DATA_KEYWORDS:
                continue
            if key in _SCHEMA_MAPS and isinstance(value, dict):
                for name, sub in value.items():
                    at = f"{here}/{_escape(name)}"
                    yield at, sub, key
                    yield from _walk(sub, at)
            elif isinstance(value, dict):
                yield here, value, key
                yield from _walk(value, here)
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, dict):
                        yield f"{here}/{i}", item, key
                        yield from _walk(item, f"{here}/{i}")


def _ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


def test_schema_set_is_exactly_the_nine_files() -> None:
    names = {p.name.removesuffix(".schema.json") for p in SCHEMA_FILES}
    assert names == EXPECTED_NAMES


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=_ids(SCHEMA_FILES))
def test_valid_2020_12_schema(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    name = path.name.removesuffix(".schema.json")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://golive.example/schemas/{name}.schema.json"
    assert schema.get("title") and schema.get("description")


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=_ids(SCHEMA_FILES))
def test_compiles_with_jsonschema_rs(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema_rs.validator_for(schema)
    jsonschema_rs.validator_for(schema, validate_formats=True)


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=_ids(SCHEMA_FILES))
def test_every_property_has_title_and_description(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    missing = [
        pointer
        for pointer, sub, keyword in _walk(schema)
        if keyword == "properties"
        and not (
            isinstance(sub, dict)
            and isinstance(sub.get("title"), str)
            and sub["title"].strip()
            and isinstance(sub.get("description"), str)
            and sub["description"].strip()
        )
    ]
    assert not missing, f"{path.name}: properties without title/description: {missing}"


# What an editor's completion inserts for a scalar property with no default or example
# (yaml-language-server, as vscode-json-languageservice: the type's empty value).
_EDITOR_FILL = {"integer": 0, "number": 0, "boolean": False}


def _against(schema: dict[str, Any], sub: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """A validator for subschema ``sub``, its local ``$ref``s resolved within ``schema``."""
    return jsonschema.Draft202012Validator({**sub, "$defs": schema.get("$defs", {})},
                                           format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=_ids(SCHEMA_FILES))
def test_defaults_examples_and_editor_fills_satisfy_their_own_schema(path: Path) -> None:
    """Every ``default`` and ``examples`` value is valid where it stands, and so is what an
    editor's completion inserts for a number or a flag (a required ``smoke_run_sla_hours``
    with ``minimum: 1`` and no example would be completed as ``0``, which golive rejects)."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    problems = []
    for pointer, sub, _keyword in [("", schema, None), *_walk(schema)]:
        if not isinstance(sub, dict):
            continue
        offered = [*([sub["default"]] if "default" in sub else []), *sub.get("examples", [])]
        for value in offered:
            errors = [e.message for e in _against(schema, sub).iter_errors(value)]
            if errors:
                problems.append(f"{pointer}: {value!r}: {errors[0]}")
        fill = _EDITOR_FILL.get(sub.get("type"))  # type: ignore[arg-type]
        if not offered and "const" not in sub and "enum" not in sub and fill is not None \
                and not _against(schema, sub).is_valid(fill):
            problems.append(f"{pointer}: an editor would fill in {fill!r}; give it an example")
    assert not problems, f"{path.name}: " + "; ".join(problems)


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=_ids(SCHEMA_FILES))
def test_conventions(path: Path) -> None:
    """Closed objects, local refs only, portable patterns and formats, evidence + sha256."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    problems = []
    for pointer, sub, _keyword in [("", schema, None), *_walk(schema)]:
        if not isinstance(sub, dict):
            continue
        if sub.get("type") == "object" and sub.get("additionalProperties") is not False:
            problems.append(f"{pointer}: object without additionalProperties: false")
        ref = sub.get("$ref")
        if ref is not None and not ref.startswith("#/$defs/"):
            problems.append(f"{pointer}: non-local $ref {ref}")
        if "format" in sub and sub["format"] not in ("date", "date-time"):
            problems.append(f"{pointer}: format {sub['format']!r} is not portable")
        if "pattern" in sub:
            pattern = sub["pattern"]
            re.compile(pattern)
            for construct in ("(?<", "\\Z", "*+", "++", "?+"):
                if construct in pattern:
                    problems.append(f"{pointer}: non-portable regex construct {construct}")
        props = sub.get("properties", {})
        if "evidence" in props and not {"evidence", "sha256"} <= set(sub.get("required", [])):
            problems.append(f"{pointer}: evidence without required sha256")
    assert not problems, f"{path.name}: {problems}"


# ---------------------------------------------------------------------------
# Both validators agree on tricky instances.


class _StringDates(yaml.SafeLoader):
    """PyYAML's safe loader, except dates and timestamps stay strings."""


_StringDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _yaml(text: str) -> Any:
    return yaml.load(text, Loader=_StringDates)  # a SafeLoader subclass


TENANT_ONBOARDING = """
tenant: acme-ortho
name: Acme Orthopedics Group
status: onboarding
phase: onboarding
timezone: America/Chicago
smoke_run_sla_hours: 24
onboarding_ticket: ONB-1042
contacts:
  billing_lead: {name: Pat Rivera, email: pat.rivera@acme.example}
  billing_inbox: billing@acme.example
"""

EDI = """
trading_partners:
  - id: availity
    name: Availity
    certification:
      certified_on: 2026-11-10
      evidence: evidence/availity-certification.pdf
      sha256: %(sha)s
    envelopes:
      - transaction: 837P
        usage_indicator: T
        isa:
          sender_qualifier: ZZ
          sender_id: ACMEORTHO
          receiver_qualifier: "%(rq)s"
          receiver_id: %(rid)s
        gs:
          sender_code: ACMEORTHO
          receiver_code: "030240928"
"""

PAYERS = """
payers:
  - id: "87726"
    name: UnitedHealthcare
    trading_partner: availity
    panel: {effective_date: 2026-11-15, verified_by: Sam Ops, verified_on: 2026-11-16}
    enrollments: {edi: approved, era: approved, eft: confirmed}
"""

FEE_SCHEDULES = """
fee_schedules:
  - id: commercial-2026
    status: active
    effective_from: 2026-01-01
    effective_to: 2026-12-31
    payers: ["87726"]
"""

MODIFIER_RULES = """
active_version: 7
versions:
  - version: 7
    summary: Require XS on same-day distinct procedures
    file: rules/modifiers-v7.yaml
    sha256: <sha>
    approved_by: Dana Lee, coding lead
    approved_on: 2026-11-12
""".replace("<sha>", SHA)

RULE_SET = """
- code: "20610"
  require_any: ["RT", "LT", "50"]
  forbid: ["59"]
  note: Laterality required for joint injections
- code: J3301
"""

GOLIVE = """
e2e_test: {passed_on: 2026-11-18, evidence: evidence/e2e-report.pdf, sha256: <sha>}
uat_signoff:
  form: email
  signed_by: Pat Rivera <pat.rivera@acme.example>
  signed_on: 2026-11-20
  evidence: evidence/uat-signoff.eml
  sha256: <sha>
smoke_run:
  claim_id: SMOKE-20261201-01
  encounter_at: 2026-12-01T08:05:00-06:00
  submitted_at: 2026-12-01T08:20:00-06:00
  acknowledged_at: 2026-12-01T09:02:00-06:00
  remitted_at: 2026-12-01T16:40:00-06:00
  posted_at: 2026-12-01T16:55:00Z
  outcome: passed
  files:
    - {kind: "837", evidence: evidence/smoke/claim.837, sha256: <sha>}
    - {kind: 277CA, evidence: evidence/smoke/ack.277ca, sha256: <sha>}
hypercare:
  oncall_admin: {name: Alex Kim, email: alex.kim@platform.example, response_minutes: 60}
  standups:
    - {date: 2026-12-01, notes: Smoke run cleared; 212 claims out}
  metrics:
    - date: 2026-12-01
      claims_submitted: 212
      claims_acknowledged: 209
      claims_denied: 1
      eras_received: 40
      eras_auto_matched: 38
      auto_corrections_attempted: 15
      auto_corrections_succeeded: 11
      investigation: INC-5521
done:
  hypercare_closed_on: 2026-12-08
  retrospective: {held_on: 2026-12-09, evidence: evidence/retro.md, sha256: <sha>}
  onboarding_ticket_closed_on: 2026-12-09
  bau_oncall_rotation: true
  artifacts_archived: {archived_on: 2026-12-09, location: "s3://onboarding-archive/acme-ortho/"}
  handoff: {tenant_manual_sent_on: 2026-12-09, edi_manual_sent_on: 2026-12-09}
""".replace("<sha>", SHA)

WAIVER = """
waivers:
  - %s
    path: payers[3]
    reason: Humana EFT enrollment pending; paper checks until approved
    approved_by: Pat Rivera (billing lead)
    approved_on: 2026-11-28
    expires: 2026-12-31
"""


def _tenant(**changes: Any) -> dict[str, Any]:
    data = _yaml(TENANT_ONBOARDING)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def _edi(rid: str = '"030240928"', rq: str = "ZZ") -> Any:
    return _yaml(EDI % {"sha": SHA, "rid": rid, "rq": rq})


def _channel(kind: str, address: str) -> dict[str, Any]:
    return {
        "channels": [
            {"id": "c1", "type": kind, "address": address, "events": ["era.posted"]},
        ]
    }


def _waiver_without_target() -> Any:
    data = _yaml(WAIVER % "checklist: eft_enrollment")
    del data["waivers"][0]["checklist"]
    return data


def _golive(edit: Any = None) -> Any:
    data = _yaml(GOLIVE)
    if edit is not None:
        edit(data)
    return data


CASES: list[tuple[str, str, Any, bool]] = [
    # tenant.yaml: golive_date optional while onboarding, required once live or bau.
    ("tenant onboarding without golive_date", "tenant", _tenant(), True),
    ("tenant live without golive_date", "tenant", _tenant(phase="live", status="active"), False),
    ("tenant bau without golive_date", "tenant", _tenant(phase="bau", status="active"), False),
    (
        "tenant live with golive_date",
        "tenant",
        _tenant(phase="live", status="active", golive_date="2026-12-01"),
        True,
    ),
    ("tenant golive_date not a date", "tenant", _tenant(golive_date="2026-02-30"), False),
    ("tenant golive_date wrong shape", "tenant", _tenant(golive_date="12/01/2026"), False),
    ("tenant unknown key", "tenant", _tenant(golive_dat="2026-12-01"), False),
    ("tenant id with capitals", "tenant", _tenant(tenant="Acme-ortho"), False),
    ("tenant sla over a week", "tenant", _tenant(smoke_run_sla_hours=169), False),
    (
        "tenant inbox with display name",
        "tenant",
        _tenant(
            contacts={
                "billing_lead": {"name": "Pat", "email": "pat@acme.example"},
                "billing_inbox": "Billing <billing@acme.example>",
            }
        ),
        False,
    ),
    # edi.yaml: X12 ids are strings of the basic character set.
    ("edi quoted receiver_id", "edi", _edi(), True),
    ("edi receiver_id read as integer", "edi", _edi("01234567"), False),
    ("edi receiver_id as plain integer", "edi", _edi("30240928"), False),
    # Lower-case letters belong to the X12 extended character set, which ISA and GS ids may use.
    ("edi receiver_id lowercase", "edi", _edi("acme"), True),
    ("edi receiver_id with a basic-set special", "edi", _edi("\"ACME/WEST\""), True),
    ("edi receiver_id with separator", "edi", _edi('"AC*ME"'), False),
    ("edi receiver_id trailing space", "edi", _edi('"ACME "'), False),
    ("edi receiver_id inner space", "edi", _edi('"AC ME"'), True),
    ("edi receiver_id 15 chars", "edi", _edi('"ABCDEFGHIJKLMNO"'), True),
    ("edi receiver_id 16 chars", "edi", _edi('"ABCDEFGHIJKLMNOP"'), False),
    ("edi qualifier quoted 01", "edi", _edi(rq="01"), True),
    ("edi qualifier unknown", "edi", _edi(rq="99"), False),
    ("payers example", "payers", _yaml(PAYERS), True),
    ("fee schedules example", "fee-schedules", _yaml(FEE_SCHEDULES), True),
    (
        "fee schedule payer as integer",
        "fee-schedules",
        _yaml(FEE_SCHEDULES.replace('["87726"]', "[87726]")),
        False,
    ),
    # modifier-rules.yaml: file needs sha256 beside it.
    ("modifier rules example", "modifier-rules", _yaml(MODIFIER_RULES), True),
    (
        "modifier rules file without sha256",
        "modifier-rules",
        _yaml(MODIFIER_RULES.replace(f"    sha256: {SHA}\n", "")),
        False,
    ),
    ("rule set example", "modifier-rule-set", _yaml(RULE_SET), True),
    ("rule set 4-char code", "modifier-rule-set", [{"code": "2061"}], False),
    ("rule set mapping root", "modifier-rule-set", {"code": "20610"}, False),
    # notifications.yaml: the address must fit the channel type.
    ("email channel", "notifications", _channel("email", "billing@acme.example"), True),
    ("webhook https", "notifications", _channel("webhook", "https://hooks.acme.example/b"), True),
    ("webhook http", "notifications", _channel("webhook", "http://hooks.acme.example/b"), False),
    ("webhook given an email", "notifications", _channel("webhook", "billing@acme.example"), False),
    ("email given a url", "notifications", _channel("email", "https://hooks.acme.example"), False),
    # golive.yaml: evidence always with sha256; timestamps carry an offset.
    ("golive full example", "golive", _golive(), True),
    ("golive empty file", "golive", {}, True),
    (
        "e2e evidence without sha256",
        "golive",
        _golive(lambda d: d["e2e_test"].pop("sha256")),
        False,
    ),
    (
        "smoke file evidence without sha256",
        "golive",
        _golive(lambda d: d["smoke_run"]["files"][0].pop("sha256")),
        False,
    ),
    (
        "retrospective evidence without sha256",
        "golive",
        _golive(lambda d: d["done"]["retrospective"].pop("sha256")),
        False,
    ),
    (
        "uppercase sha256",
        "golive",
        _golive(lambda d: d["e2e_test"].update(sha256=SHA.upper())),
        False,
    ),
    (
        "timestamp without offset",
        "golive",
        _golive(lambda d: d["smoke_run"].update(posted_at="2026-12-01T16:55:00")),
        False,
    ),
    (
        "smoke file kind as integer",
        "golive",
        _golive(lambda d: d["smoke_run"]["files"][0].update(kind=837)),
        False,
    ),
    (
        "done with only some keys",
        "golive",
        _golive(lambda d: d.update(done={"bau_oncall_rotation": False})),
        True,
    ),
    (
        "negative metric",
        "golive",
        _golive(lambda d: d["hypercare"]["metrics"][0].update(claims_denied=-1)),
        False,
    ),
    # waivers.yaml: exactly one of checklist and rule.
    ("waiver by checklist", "waivers", _yaml(WAIVER % "checklist: eft_enrollment"), True),
    ("waiver by rule", "waivers", _yaml(WAIVER % "rule: GL-PARTNER-CERT"), True),
    (
        "waiver with both checklist and rule",
        "waivers",
        _yaml(WAIVER % "checklist: eft_enrollment\n    rule: GL-PARTNER-CERT"),
        False,
    ),
    ("waiver with neither", "waivers", _waiver_without_target(), False),
    ("waiver unknown checklist key", "waivers", _yaml(WAIVER % "checklist: eft"), False),
]


@pytest.mark.parametrize(
    ("schema_name", "instance", "expected"),
    [pytest.param(name, inst, exp, id=label) for label, name, inst, exp in CASES],
)
def test_validators_agree(schema_name: str, instance: Any, expected: bool) -> None:
    schema = _load(schema_name)
    python = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    rust = jsonschema_rs.validator_for(schema, validate_formats=True)
    python_ok = python.is_valid(instance)
    rust_ok = rust.is_valid(instance)
    assert python_ok == rust_ok, (
        f"validators disagree: python-jsonschema={python_ok}, jsonschema-rs={rust_ok}; "
        f"python errors: {[e.message for e in python.iter_errors(instance)]}"
    )
    assert python_ok is expected, [e.message for e in python.iter_errors(instance)]
