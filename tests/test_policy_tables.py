"""Each policy as a table: tenant YAML in, (file, line, column, message) out.

The files given replace those of a minimal live tenant; the policy runs alone, on
that data, so each row shows exactly what one policy says and where.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from golive.core.yaml_loader import Document, load_bytes
from golive.policies import registry as policies
from golive.policies.api import Tenant
from golive.policies.evidence import EvidenceChecker
from golive.policies.settings import Settings

TENANT = """\
tenant: acme-ortho
status: active
phase: live
golive_date: 2026-12-01
timezone: America/Chicago
contacts:
  billing_inbox: billing@acme.example
"""
EDI = """\
trading_partners:
  - id: availity
    certification: {certified_on: 2026-11-10}
    envelopes:
      - {transaction: 837P, usage_indicator: P}
"""
PAYERS = """\
payers:
  - id: "87726"
    name: UHC
    trading_partner: availity
    panel: {effective_date: 2026-11-15, verified_by: Sam, verified_on: 2026-11-16}
    enrollments: {edi: approved, era: approved, eft: confirmed}
"""
FEES = """\
fee_schedules:
  - {id: c-2026, status: active, effective_from: 2026-01-01, effective_to: 2026-12-31}
"""
RULES = """\
active_version: 7
versions:
  - {version: 7, summary: s, approved_by: Dana, approved_on: 2026-11-12}
"""
NOTES = """\
channels:
  - {id: inbox, type: email, address: billing@acme.example, events: [era.posted]}
"""
BASE = {"tenant.yaml": TENANT, "edi.yaml": EDI, "payers.yaml": PAYERS,
        "fee-schedules.yaml": FEES, "modifier-rules.yaml": RULES, "notifications.yaml": NOTES,
        "golive.yaml": "e2e_test: {passed_on: 2026-11-18}\n"
                       "uat_signoff: {form: email, signed_by: Pat, signed_on: 2026-11-20}\n"}


def run(rule: str, tmp_path: Path, **files: str) -> list[tuple[str, int, int, str]]:
    texts = dict(BASE)
    # Keyword names stand for file names: fee_schedules_yaml -> fee-schedules.yaml.
    texts.update({k.replace("_", "-").replace("-yaml", ".yaml"): v for k, v in files.items()})
    docs: dict[str, Document] = {}
    for name, text in texts.items():
        doc = load_bytes(textwrap.dedent(text).encode())
        assert isinstance(doc, Document), doc
        docs[name] = doc
    tenant = Tenant("acme-ortho", {n: d.data for n, d in docs.items()}, Settings(),
                    dt.date(2026, 11, 25), EvidenceChecker(tmp_path))
    return [(p.file, *docs[p.file].locate(p.path), p.message)
            for p in policies.get(rule).check(tenant)]


def test_base_tenant_is_clean(tmp_path: Path) -> None:
    for rule, policy in policies.POLICIES.items():
        if "live" in policy.PHASES:
            assert run(rule, tmp_path) == [], rule


TABLE = [
    ("GL-ENVELOPE-MODE", {"edi_yaml": EDI.replace("P}", "T}")},
     [("edi.yaml", 5, 29, "the 837P envelope to 'availity' is still in test mode (usage_indicator T); "
                          "set it to P for go-live")]),
    ("GL-PARTNER-CERT", {"edi_yaml": EDI.replace("    certification: {certified_on: 2026-11-10}\n", "")},
     [("edi.yaml", 2, 5, "trading partner 'availity' has no written test certification")]),
    ("GL-PARTNER-CERT", {"edi_yaml": EDI.replace("2026-11-10", "2026-12-10")},
     [("edi.yaml", 3, 21, "the certification of 'availity' is dated 2026-12-10, after the go-live date "
                          "2026-12-01; it must be in hand before")]),
    ("GL-E2E-TEST", {"golive_yaml": "{}\n"},
     [("golive.yaml", 1, 1, "no e2e_test: record the passed end-to-end test (2.11) with its report "
                            "as evidence")]),
    ("GL-UAT-SIGNOFF", {"golive_yaml": "uat_signoff: {form: email, signed_by: Pat, "
                                       "signed_on: 2026-12-02}\n"},
     [("golive.yaml", 1, 44, "the UAT sign-off is dated 2026-12-02, after the go-live date 2026-12-01; "
                             "it must be in hand before")]),
    ("GL-PAYER-PANEL", {"payers_yaml": PAYERS.replace(", verified_on: 2026-11-16", "")
                        .replace("2026-11-15", "2026-12-15")},
     [("payers.yaml", 5, 5, "panel membership with UHC (87726) is not verified: add verified_on"),
      ("payers.yaml", 5, 13, "the customer joins the panel of UHC (87726) on 2026-12-15, after the "
                             "go-live date 2026-12-01")]),
    ("GL-PAYER-ENROLLMENT", {"payers_yaml": PAYERS.replace("era: approved, eft: confirmed",
                                                         "era: pending, eft: pending")},
     [("payers.yaml", 6, 34, "ERA (835) enrollment with UHC (87726) is still pending"),
      ("payers.yaml", 6, 48, "EFT enrollment with UHC (87726) is still pending")]),
    ("GL-FEE-SCHEDULE", {"fee_schedules_yaml": FEES.replace("2026-12-31", "2026-11-30")},
     [("payers.yaml", 2, 5, "payer UHC (87726) has no active fee schedule in effect on 2026-12-01")]),
    ("GL-FEE-SCHEDULE", {"fee_schedules_yaml": FEES.replace("2026-12-31", "2025-12-31")},
     [("fee-schedules.yaml", 2, 62, "active fee schedule 'c-2026' ends (2025-12-31) before it starts "
                                    "(2026-01-01)"),
      ("payers.yaml", 2, 5, "payer UHC (87726) has no active fee schedule in effect on 2026-12-01")]),
    ("GL-MODIFIER-RULES", {"modifier_rules_yaml": RULES.replace("active_version: 7", "active_version: 8")},
     [("modifier-rules.yaml", 1, 1, "active_version 8 is not listed under versions")]),
    ("GL-MODIFIER-RULES", {"modifier_rules_yaml": RULES.replace(", approved_by: Dana", "")},
     [("modifier-rules.yaml", 3, 5, "active version 7 is not approved: add approved_by")]),
    ("GL-ERA-NOTIFY", {"notifications_yaml": NOTES.replace("era.posted", "claim.rejected")},
     [("notifications.yaml", 2, 61, "channel 'inbox' to the billing inbox billing@acme.example does not "
                                    "subscribe to era.posted")]),
    ("GL-ERA-NOTIFY", {"notifications_yaml": NOTES.replace("billing@", "ops@")},
     [("notifications.yaml", 1, 1, "no channel sends to the billing inbox billing@acme.example; add an "
                                   "email channel to it subscribed to era.posted")]),
    ("GL-TENANT-STATUS", {"tenant_yaml": TENANT.replace("status: active", "status: onboarding")},
     [("tenant.yaml", 2, 1, "tenant status is onboarding; it must be active to go live")]),
    ("GL-TENANT-ID", {"tenant_yaml": TENANT.replace("tenant: acme-ortho", "tenant: acme")},
     [("tenant.yaml", 1, 1, "tenant: 'acme' does not match its directory 'acme-ortho'")]),
    ("GL-CROSS-REF", {"payers_yaml": PAYERS.replace("trading_partner: availity", "trading_partner: waystar")},
     [("payers.yaml", 4, 5, "payer UHC (87726) names trading partner 'waystar', which edi.yaml does not "
                             "define (partners: availity)")]),
    ("GL-DUPLICATE-ID", {"edi_yaml": EDI + "      - {transaction: 837P, usage_indicator: T}\n"},
     [("edi.yaml", 6, 10, "an envelope of 'availity' for transaction '837P' appears twice (first at "
                          "trading_partners[0].envelopes[0])")]),
    ("GL-EVIDENCE-PATH", {"golive_yaml": "e2e_test: {passed_on: 2026-11-01, evidence: ../x.pdf}\n"},
     [("golive.yaml", 1, 35, "evidence path '../x.pdf' contains '..'; evidence must live inside the "
                             "tenant directory")]),
    ("GL-TIMEZONE", {"tenant_yaml": TENANT.replace("America/Chicago", "America/Chicgo")},
     [("tenant.yaml", 5, 1, "timezone 'America/Chicgo' is not an IANA time zone name "
                             "(e.g. America/Chicago)")]),
]


@pytest.mark.parametrize(("rule", "files", "expected"), TABLE,
                         ids=[f"{row[0]}-{i}" for i, row in enumerate(TABLE)])
def test_policy(rule: str, files: dict[str, str], expected: list, tmp_path: Path) -> None:
    assert run(rule, tmp_path, **files) == expected


def test_read_only_is_a_warning_not_an_error(tmp_path: Path) -> None:
    tenant = load_bytes(TENANT.replace("status: active", "status: read_only").encode())
    assert isinstance(tenant, Document)
    view = Tenant("acme-ortho", {"tenant.yaml": tenant.data}, Settings(), dt.date(2026, 11, 25),
                  EvidenceChecker(tmp_path))
    [problem] = policies.get("GL-TENANT-STATUS").check(view)
    assert problem.severity is not None and problem.severity.value == "warning"


def test_registry_rejects_unknown_ids() -> None:
    with pytest.raises(KeyError, match="unknown policy 'GL-NOPE'"):
        policies.get("GL-NOPE")
