"""Schema errors as an ops engineer reads them: file YAML in, (line, column, message) out."""

from __future__ import annotations

from pathlib import Path

import pytest

from golive.core.yaml_loader import Document, load_bytes
from golive.engine.schemas import TENANT_FILES, Schemas

SCHEMAS = Schemas.from_dir(Path(__file__).resolve().parent.parent)

TENANT = """\
tenant: acme-ortho
name: Acme Orthopedics
status: active
phase: onboarding
timezone: America/Chicago
smoke_run_sla_hours: 24
onboarding_ticket: ONB-1
contacts:
  billing_lead: {name: Pat, email: pat@acme.example}
  billing_inbox: billing@acme.example
"""

ENVELOPE = """\
trading_partners:
  - id: availity
    name: Availity
    envelopes:
      - transaction: 837P
        usage_indicator: T
        isa: {sender_qualifier: ZZ, sender_id: ACME, receiver_qualifier: ZZ, receiver_id: "030240928"}
        gs: {sender_code: ACME, receiver_code: "030240928"}
"""

TABLE = [
    ("tenant.yaml", TENANT, []),
    ("tenant.yaml", TENANT.replace("timezone:", "time_zone:"),
     [(5, 1, "unknown key 'time_zone' in tenant.yaml — did you mean 'timezone'?")]),
    ("tenant.yaml", TENANT.replace("timezone: America/Chicago\n", ""),
     [(1, 1, "tenant.yaml is missing required key 'timezone' (Time zone)")]),
    ("tenant.yaml", TENANT.replace("status: active", "status: activ"),
     [(3, 1, "status must be onboarding, active or read_only, not 'activ'")]),
    ("tenant.yaml", TENANT.replace("phase: onboarding", "phase: live"),
     [(1, 1, "tenant.yaml is missing required key 'golive_date' (Go-live date): required once the "
             "tenant is flipped: phase live or bau")]),
    ("tenant.yaml", TENANT + "golive_date: 2026-02-30\n",
     [(11, 1, "golive_date must be a date written YYYY-MM-DD, not '2026-02-30'")]),
    ("tenant.yaml", TENANT.replace("24", "0"),
     [(6, 1, "smoke_run_sla_hours must be at least 1, not 0")]),
    ("edi.yaml", ENVELOPE, []),
    ("edi.yaml", ENVELOPE.replace("usage_indicator: T", "usage_indicator: X"),
     [(6, 9, "usage_indicator must be T or P, not 'X'")]),
    ("edi.yaml", ENVELOPE.replace('receiver_id: "030240928"', "receiver_id: 01234567"),
     [(7, 78, 'receiver_id: YAML reads 01234567 as a number, but it must be text (identifiers and '
              'codes keep every character): quote it, receiver_id: "01234567"')]),
    ("edi.yaml", ENVELOPE.replace("transaction: 837P", "transaction: 835"),
     [(5, 9, 'transaction: YAML reads 835 as a number, but it must be text (identifiers and codes '
              'keep every character): quote it, transaction: "835"')]),
    ("edi.yaml", ENVELOPE.replace("    name: Availity\n", "    name: Availity\n    nmae: x\n"),
     [(4, 5, "unknown key 'nmae' in trading_partners[0] — did you mean 'name'?")]),
    ("edi.yaml", "trading_partners: []\n",
     [(1, 1, "trading_partners must list at least 1 item(s)")]),
    # A value or key that looks like a secret is masked, the message otherwise the same.
    ("tenant.yaml", TENANT + "golive_date: 431-72-0815\n",
     [(11, 1, "golive_date must be a date written YYYY-MM-DD, not '***-**-0815' "
              "(masked: looks like an SSN)")]),
    ("edi.yaml", ENVELOPE.replace("usage_indicator: T", 'usage_indicator: "261084755"'),
     [(6, 9, "usage_indicator must be T or P, not '*****4755' (masked: looks like a bank routing number)")]),
    ("edi.yaml", ENVELOPE.replace("usage_indicator: T", "usage_indicator: 261084755"),
     [(6, 9, 'usage_indicator: YAML reads *****4755 as a number, but it must be text (identifiers and '
             'codes keep every character): quote it, usage_indicator: "*****4755" (masked: looks like '
             'a bank routing number)')]),
    ("edi.yaml", ENVELOPE.replace('receiver_id: "030240928"', "receiver_id: 261084755"),
     [(7, 78, 'receiver_id: YAML reads *****4755 as a number, but it must be text (identifiers and '
              'codes keep every character): quote it, receiver_id: "*****4755" (masked: looks like a '
              'bank routing number)')]),
    ("edi.yaml", ENVELOPE.replace("id: availity", "id: ghp_" + "Sy0" * 12),
     [(2, 5, "id '********' is not a valid Partner id (Short id of the trading partner: lowercase "
             "letters, digits and hyphens, starting with a letter; unique in the tenant, and what "
             "payers.yaml names in trading_partner) (masked: looks like a credential (GitHub Token))")]),
    ("tenant.yaml", TENANT + "'4001002003': x\n",
     [(11, 1, "unknown key <masked key: 10 digits> in tenant.yaml — allowed here: contacts, golive_date, "
              "name, onboarding_ticket, phase, rollbacks, smoke_run_sla_hours, status, tenant, timezone")]),
    ("tenant.yaml", TENANT.replace("status: active", 'status: "\\e[2J\\a"'),
     [(3, 1, "status must be onboarding, active or read_only, not '\\x1b[2J\\x07'")]),
]


@pytest.mark.parametrize(("file", "text", "expected"), TABLE, ids=[str(i) for i in range(len(TABLE))])
def test_schema_message(file: str, text: str, expected: list) -> None:
    doc = load_bytes(text.encode())
    assert isinstance(doc, Document)
    got = [(*doc.locate(path), message)
           for path, message in SCHEMAS.check(TENANT_FILES[file], file, doc)]
    assert sorted(got) == sorted(expected)
