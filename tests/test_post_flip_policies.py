"""The post-flip policies (smoke run, hyper-care, definition of done) as a table.

Each row starts from a copy of an example tenant (acme-ortho: live since Tue
2026-11-17, hyper-care complete; riverbend-cardio: bau, live since Tue 2026-10-06,
done complete), rewrites YAML in its golive.yaml, tenant.yaml or the policy
settings, runs ``golive.validate`` as of a date, and lists every finding:
(rule, line, severity, part of the message).

An edit replaces text (or a pattern) that occurs exactly once; ``drop`` removes
top-level sections of golive.yaml; ``x12`` edits one of riverbend's smoke-run X12
files and records its new sha256 in golive.yaml, so the file is parsed. Lines
are those of the edited file; an edit that keeps the line count keeps the
example's own line numbers (``cat -n tenants/<id>/golive.yaml``): riverbend's
smoke-run files are lines 29 (837), 30 (277CA) and 31 (835).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import golive
from golive.core.business_days import business_days, is_business_day
from golive.core.findings import Finding
from tests.conftest import make_repo

ACME, RIVERBEND = "acme-ortho", "riverbend-cardio"
SMOKE, HYPERCARE, DONE, EVIDENCE_PATH = "GL-SMOKE-RUN", "GL-HYPERCARE", "GL-DONE", "GL-EVIDENCE-PATH"
ERROR, WARNING = "error", "warning"
BAU_DAY = "2026-11-25"  # any date: nothing in phase bau looks at today

Edit = tuple[str | re.Pattern[str], str]

# Riverbend's metrics row for Tue 2026-10-13, business day 5 (the row is line 76).
RB_DAY5 = "      claims_submitted: 215\n      claims_acknowledged: 213\n      claims_denied: 2\n"
RB_DENIAL_4_5 = "      claims_submitted: 200\n      claims_acknowledged: 198\n      claims_denied: 9\n"
# Acme's metrics rows for business days 3 to 5 (lines 53-77).
ACME_ROWS_DAYS_3_TO_5 = re.compile(r"    - date: 2026-11-19\n.*auto_corrections_succeeded: 17\n", re.S)
ACME_HELD = ("  outcome: passed", "  outcome: held")

# Riverbend's smoke-run files: an X12 edit names one of these.
CLAIM, ACK, ERA = "evidence/smoke/claim.837", "evidence/smoke/ack.277ca", "evidence/smoke/era.835"
OUT_OF_TENANT = f'  files:\n    - {{kind: "835", evidence: ../acme-ortho/era.835, sha256: {"ab" * 32}}}\n'
ISA_837 = "*ZZ*RBC20591       *ZZ*15202          *"
ISA_INBOUND = "*ZZ*15202          *ZZ*RBC20591       *"
# The service lines of the smoke claim, up to the date of service.
LINE_1, LINE_2 = "SV1*HC:99213*100*UN*1***1~\nDTP*472*D8*", "SV1*HC:93000*50*UN*1***1~\nDTP*472*D8*"


@dataclass(frozen=True)
class Case:
    id: str
    base: str
    as_of: str
    golive: tuple[Edit, ...] = ()
    drop: tuple[str, ...] = ()                     # top-level sections removed from golive.yaml
    tenant: tuple[Edit, ...] = ()
    settings: tuple[Edit, ...] = ()
    files: dict[str, bytes] = field(default_factory=dict)  # written into the tenant directory
    x12: tuple[tuple[str, tuple[Edit, ...]], ...] = ()     # (smoke-run file, its edits)
    expect: tuple[tuple[str, int, str, str], ...] = ()


CASES = [
    # --- smoke run ------------------------------------------------------------------------
    Case("smoke-held-bau", RIVERBEND, BAU_DAY, golive=(("  outcome: passed", "  outcome: held"),),
         expect=((SMOKE, 27, ERROR, "claim SMOKE-20261006-01 is held, not passed"),)),
    Case("smoke-held-live-before-golive-date", ACME, "2026-11-16", golive=(ACME_HELD,)),
    Case("smoke-held-live-on-golive-date", ACME, "2026-11-17", golive=(ACME_HELD,)),
    Case("smoke-held-live-after-golive-date", ACME, "2026-11-18", golive=(ACME_HELD,),
         expect=((SMOKE, 25, WARNING, "is held, not passed"),)),
    Case("smoke-missing-bau", RIVERBEND, BAU_DAY, drop=("smoke_run",),
         expect=((SMOKE, 4, ERROR, "no smoke_run"),)),
    Case("smoke-missing-live-after-golive-date", ACME, BAU_DAY, drop=("smoke_run",),
         expect=((SMOKE, 4, WARNING, "no smoke_run"),)),
    Case("smoke-remitted-before-acknowledged", RIVERBEND, BAU_DAY,
         golive=(("remitted_at: 2026-10-07T06:15:00-04:00", "remitted_at: 2026-10-06T08:30:00-04:00"),),
         expect=((SMOKE, 25, ERROR, "remitted_at 2026-10-06T08:30:00-04:00 is before acknowledged_at "
                                    "2026-10-06T08:47:00-04:00"),
                 # ... and the 835's own dates are those of the next morning
                 (SMOKE, 31, ERROR, "evidence/smoke/era.835 line 1 (ISA): ISA09 dates the 835 "
                                    "2026-10-07 06:15, 21h45m from remitted_at"))),
    Case("smoke-encounter-after-submission", RIVERBEND, BAU_DAY,
         golive=(("encounter_at: 2026-10-06T07:50", "encounter_at: 2026-10-06T08:50"),),
         expect=((SMOKE, 23, ERROR, "submitted_at 2026-10-06T08:10:00-04:00 is before encounter_at"),)),
    # 07:10 at -05:00 is 08:10 at -04:00: after the 07:50 encounter, though it reads earlier.
    Case("smoke-offsets-compare-as-instants", RIVERBEND, BAU_DAY,
         golive=(("submitted_at: 2026-10-06T08:10:00-04:00", "submitted_at: 2026-10-06T07:10:00-05:00"),)),
    Case("smoke-sla-overrun", RIVERBEND, BAU_DAY,
         tenant=(("smoke_run_sla_hours: 48", "smoke_run_sla_hours: 12"),),
         expect=((SMOKE, 26, ERROR, "took 22h52m from submitted to posted, over the customer's SLA "
                                    "of 12h"),)),
    Case("smoke-sla-overrun-live-warns", ACME, BAU_DAY,
         tenant=(("smoke_run_sla_hours: 24", "smoke_run_sla_hours: 6"),),
         expect=((SMOKE, 24, WARNING, "took 7h01m"),)),
    # A path out of the tenant directory is the integrity policy's finding too; the 837
    # matches its hash and is clean; the 277CA does not match its hash (and is not
    # parsed); the 835 is missing.
    Case("smoke-files", RIVERBEND, BAU_DAY,
         golive=(("  files:\n", OUT_OF_TENANT),
                 (re.compile(r"ack\.277ca, sha256: [0-9a-f]{64}"), f"ack.277ca, sha256: {'ab' * 32}"),
                 ("evidence: evidence/smoke/era.835", "evidence: evidence/smoke/remit.835")),
         expect=((SMOKE, 29, ERROR, "'../acme-ortho/era.835' contains '..', so it proves nothing"),
                 (EVIDENCE_PATH, 29, ERROR, "contains '..'"),
                 (SMOKE, 31, ERROR, "the smoke run's 277CA file: the sha256 recorded does not match "
                                    "'evidence/smoke/ack.277ca'"),
                 (SMOKE, 32, ERROR, "835 file: 'evidence/smoke/remit.835' does not exist"),
                 (SMOKE, 32, ERROR, "a second 835 file (files[0] is the first)"))),
    # --- smoke run: the X12 files (tests/bad/smoke-* has ISA15 T, a 277CA rejection, an
    # 835 denial or without the claim, and a file failing validation) -------------------
    Case("smoke-835-envelope-swapped", RIVERBEND, BAU_DAY,
         x12=((ERA, ((ISA_INBOUND, ISA_837),)),),
         expect=((SMOKE, 31, ERROR, "evidence/smoke/era.835 line 1 (ISA): ISA sender ZZ/RBC20591 and "
                                    "receiver ZZ/15202 are swapped against the 835 envelope with "
                                    "cgs-medicare in edi.yaml (ZZ/15202 to ZZ/RBC20591)"),)),
    Case("smoke-837-envelope-unknown", RIVERBEND, BAU_DAY,
         x12=((CLAIM, ((ISA_837, ISA_837.replace("RBC20591", "RBC20599")),)),),
         expect=((SMOKE, 29, ERROR, "evidence/smoke/claim.837 line 1 (ISA): ISA sender ZZ/RBC20599 and "
                                    "receiver ZZ/15202 match no 837P or 837I envelope in edi.yaml "
                                    "(availity: ZZ/RIVERBENDCV to 01/030240928; cgs-medicare: "
                                    "ZZ/RBC20591 to ZZ/15202)"),)),
    Case("smoke-file-listed-under-another-kind", RIVERBEND, BAU_DAY,
         golive=(("{kind: 277CA, evidence: evidence/smoke/ack.277ca",
                  '{kind: "835", evidence: evidence/smoke/ack.277ca'),),
         expect=((SMOKE, 30, ERROR, "evidence/smoke/ack.277ca line 3 (ST): it holds 277 (005010X214), "
                                    "not the 835 that `kind` says"),
                 (SMOKE, 31, ERROR, "a second 835 file (files[1] is the first)"))),
    Case("smoke-837-claim-id-absent", RIVERBEND, BAU_DAY,
         x12=((CLAIM, (("CLM*SMOKE-20261006-01*", "CLM*SMOKE-20261006-02*"),)),),
         expect=((SMOKE, 29, ERROR, "evidence/smoke/claim.837 line 21 (CLM): claim SMOKE-20261006-01 "
                                    "(smoke_run.claim_id) is not in this 837: no CLM01 carries it (it "
                                    "has: SMOKE-20261006-02)"),)),
    Case("smoke-277ca-claim-id-absent", RIVERBEND, BAU_DAY,
         x12=((ACK, (("TRN*2*SMOKE-20261006-01~", "TRN*2*SMOKE-20261006-02~"),)),),
         expect=((SMOKE, 30, ERROR, "evidence/smoke/ack.277ca line 24 (TRN): claim SMOKE-20261006-01 "
                                    "(smoke_run.claim_id) is not in this 277CA: no claim-level TRN02 "
                                    "(loop 2200D) carries it"),)),
    Case("smoke-277ca-neither-accepted-nor-rejected", RIVERBEND, BAU_DAY,
         x12=((ACK, (("STC*A2:20*", "STC*A0:16*"),)),),
         expect=((SMOKE, 30, ERROR, "evidence/smoke/ack.277ca line 25 (STC): the 277CA does not accept "
                                    "claim SMOKE-20261006-01: its STC categories are A0"),)),
    Case("smoke-835-not-x12", RIVERBEND, BAU_DAY,
         x12=((ERA, ((re.compile(r"\AISA.*\Z", re.S), "Remittance for SMOKE-20261006-01: paid\n"),)),),
         expect=((SMOKE, 31, ERROR, "evidence/smoke/era.835: cannot be read as X12: it does not begin "
                                    "with an ISA segment (it begins with 'Remittance for SMOKE-202')"),)),
    Case("smoke-837-two-validation-problems", RIVERBEND, BAU_DAY,
         x12=((CLAIM, ((f"{LINE_1}20261006", f"{LINE_1}20261032"),
                       (f"{LINE_2}20261006", f"{LINE_2}20261399"))),),
         expect=((SMOKE, 29, ERROR, "evidence/smoke/claim.837 line 25 (DTP): fails 005010X222A1 "
                                    "validation: Data element \"Service Date\" (DTP03) contains an invalid "
                                    "date (20261032) (and 1 more problem, at line 28)"),)),
    Case("smoke-837-test-usage-live-warns", RIVERBEND, BAU_DAY,
         tenant=(("phase: bau ", "phase: live"),),
         x12=((CLAIM, (("*P*:~", "*T*:~"),)),),
         expect=((SMOKE, 29, WARNING, "evidence/smoke/claim.837 line 1 (ISA): ISA15 is 'T'"),)),
    # --- hyper-care -----------------------------------------------------------------------
    Case("denial-4.5-percent-without-investigation", RIVERBEND, BAU_DAY,
         golive=((RB_DAY5, RB_DENIAL_4_5),),
         expect=((HYPERCARE, 76, ERROR, "2026-10-13: denial rate 4.5% (9/200) is above the 1% "
                                        "threshold"),)),
    Case("denial-4.5-percent-with-investigation", RIVERBEND, BAU_DAY,
         golive=((RB_DAY5, RB_DENIAL_4_5 + "      investigation: INC-6120\n"),)),
    Case("denial-4.5-percent-live-warns", ACME, BAU_DAY,
         golive=(("      claims_submitted: 331\n      claims_acknowledged: 327\n      claims_denied: 3\n",
                  "      claims_submitted: 200\n      claims_acknowledged: 198\n      claims_denied: 9\n"),),
         expect=((HYPERCARE, 70, WARNING, "denial rate 4.5%"),)),
    Case("acknowledgement-98-and-denial-1-percent-are-no-breach", RIVERBEND, BAU_DAY,
         golive=((RB_DAY5, RB_DAY5.replace("215", "200").replace("213", "196")),)),
    Case("era-auto-match-at-90-percent-is-a-breach", RIVERBEND, BAU_DAY,
         golive=(("eras_received: 44\n      eras_auto_matched: 42",
                  "eras_received: 40\n      eras_auto_matched: 36"),),
         expect=((HYPERCARE, 76, ERROR, "ERA auto-match rate 90.0% (36/40) is at or below the 90% "
                                        "threshold"),)),
    Case("acknowledgement-and-auto-correction-breaches", RIVERBEND, BAU_DAY,
         golive=(("claims_acknowledged: 213", "claims_acknowledged: 200"),
                 ("auto_corrections_succeeded: 10", "auto_corrections_succeeded: 8")),
         expect=((HYPERCARE, 76, ERROR, "acknowledgement rate 93.0% (200/215) is below the 98%"),
                 (HYPERCARE, 76, ERROR, "auto-correction success rate 57.1% (8/14) is at or below "
                                        "the 60%"))),
    Case("zero-denominators-are-no-breach", RIVERBEND, BAU_DAY,
         golive=((RB_DAY5, "      claims_submitted: 0\n      claims_acknowledged: 0\n"
                           "      claims_denied: 0\n"),
                 ("eras_received: 44\n      eras_auto_matched: 42",
                  "eras_received: 0\n      eras_auto_matched: 0"))),
    # A standup on Columbus Day does not stand in for the one due on day 5.
    Case("missing-standup-day", RIVERBEND, BAU_DAY,
         golive=(("- {date: 2026-10-13, notes: Back", "- {date: 2026-10-12, notes: Back"),),
         expect=((HYPERCARE, 37, ERROR, "no standup for Tue 2026-10-13, business day 5"),)),
    Case("missing-metrics-days-live-not-due-yet", ACME, "2026-11-18",
         golive=((ACME_ROWS_DAYS_3_TO_5, ""),)),
    Case("missing-metrics-days-live-up-to-as-of", ACME, "2026-11-19",
         golive=((ACME_ROWS_DAYS_3_TO_5, ""),),
         expect=((HYPERCARE, 36, WARNING, "no metrics row for Thu 2026-11-19, business day 3"),)),
    Case("missing-metrics-days-live-over-a-weekend", ACME, "2026-11-23",
         golive=((ACME_ROWS_DAYS_3_TO_5, ""),),
         expect=((HYPERCARE, 36, WARNING, "Thu 2026-11-19, business day 3"),
                 (HYPERCARE, 36, WARNING, "Fri 2026-11-20, business day 4"),
                 (HYPERCARE, 36, WARNING, "Mon 2026-11-23, business day 5"))),
    Case("response-minutes-90-bau", RIVERBEND, BAU_DAY,
         golive=(("response_minutes: 60", "response_minutes: 90"),),
         expect=((HYPERCARE, 34, ERROR, "responds within 90 minutes; escalations need a response "
                                        "within 60"),)),
    Case("response-minutes-90-live", ACME, BAU_DAY,
         golive=(("response_minutes: 60", "response_minutes: 90"),),
         expect=((HYPERCARE, 28, WARNING, "responds within 90 minutes"),)),
    Case("hypercare-missing-bau", RIVERBEND, BAU_DAY, drop=("hypercare",),
         expect=((HYPERCARE, 4, ERROR, "each of business days 1–5 (2026-10-06 to 2026-10-13)"),)),
    Case("hypercare-missing-live-day-2", ACME, "2026-11-18", drop=("hypercare",),
         expect=((HYPERCARE, 4, WARNING, "each of business days 1–2 (2026-11-17 to 2026-11-18)"),)),
    Case("hypercare-missing-live-before-golive-date", ACME, "2026-11-16", drop=("hypercare",)),
    Case("six-business-days-by-setting", RIVERBEND, BAU_DAY,
         settings=(("  business_days: 5", "  business_days: 6"),),
         expect=((HYPERCARE, 37, ERROR, "no standup for Wed 2026-10-14, business day 6"),
                 (HYPERCARE, 43, ERROR, "no metrics row for Wed 2026-10-14, business day 6"))),
    Case("denial-ceiling-by-setting", RIVERBEND, BAU_DAY,
         golive=((RB_DAY5, RB_DENIAL_4_5),),
         settings=(("denial_rate_at_most: 0.01", "denial_rate_at_most: 0.05"),)),
    # --- definition of done ---------------------------------------------------------------
    # Mon 2026-10-12 is Columbus Day: counting weekdays alone would make it day 5.
    Case("closed-after-4th-business-day-across-a-holiday", RIVERBEND, BAU_DAY,
         golive=(("hypercare_closed_on: 2026-10-14", "hypercare_closed_on: 2026-10-12"),),
         expect=((DONE, 86, ERROR, "closed on Mon 2026-10-12, after 4 of its 5 business days; it runs "
                                   "to Tue 2026-10-13"),)),
    Case("closed-on-5th-business-day", RIVERBEND, BAU_DAY,
         golive=(("hypercare_closed_on: 2026-10-14", "hypercare_closed_on: 2026-10-13"),)),
    Case("bau-oncall-rotation-false", RIVERBEND, BAU_DAY,
         golive=(("bau_oncall_rotation: true", "bau_oncall_rotation: false"),),
         expect=((DONE, 89, ERROR, "not in the BAU on-call rotation"),)),
    Case("done-missing-a-key", RIVERBEND, BAU_DAY,
         golive=(("  handoff: {tenant_manual_sent_on: 2026-10-14, edi_manual_sent_on: 2026-10-14}\n", ""),),
         expect=((DONE, 85, ERROR, "done has no handoff"),)),
    Case("done-missing-two-keys", RIVERBEND, BAU_DAY,
         golive=(("  onboarding_ticket_closed_on: 2026-10-16\n", ""),
                 (re.compile(r"  artifacts_archived: .*\n"), "")),
         expect=((DONE, 85, ERROR, "done has no onboarding_ticket_closed_on"),
                 (DONE, 85, ERROR, "done has no artifacts_archived"))),
    Case("done-missing-bau", RIVERBEND, BAU_DAY, drop=("done",),
         expect=((DONE, 4, ERROR, "no done"),)),
    Case("retrospective-notes-changed", RIVERBEND, BAU_DAY,
         files={"evidence/retrospective.md": b"# Retrospective\n\nRewritten afterwards.\n"},
         expect=((DONE, 87, ERROR, "does not match"),)),
    Case("retrospective-notes-missing", RIVERBEND, BAU_DAY,
         golive=(("evidence: evidence/retrospective.md", "evidence: evidence/retro.md"),),
         expect=((DONE, 87, ERROR, "'evidence/retro.md' does not exist"),)),
]


def _edit(text: str, edits: tuple[Edit, ...]) -> str:
    for old, new in edits:
        pattern = old if isinstance(old, re.Pattern) else re.compile(re.escape(old))
        text, count = pattern.subn(new.replace("\\", "\\\\"), text)
        assert count == 1, f"{pattern.pattern!r} occurs {count} times"
    return text


def _rewrite(path: Path, edits: tuple[Edit, ...], drop: tuple[str, ...] = ()) -> None:
    text = _edit(path.read_text(encoding="utf-8"), edits)
    for key in drop:
        text, count = re.subn(rf"^{key}:.*\n(?:[ \t].*\n|\n)*", "", text, flags=re.M)
        assert count == 1, key
    path.write_text(text, encoding="utf-8")


def _validate(tmp_path: Path, case: Case) -> list[Finding]:
    repo = make_repo(tmp_path / "repo", (case.base,))
    tenant = repo / "tenants" / case.base
    _rewrite(tenant / "golive.yaml", case.golive, case.drop)
    _rewrite(tenant / "tenant.yaml", case.tenant)
    _rewrite(repo / "policies" / "settings.yaml", case.settings)
    for rel, data in case.files.items():
        (tenant / rel).parent.mkdir(parents=True, exist_ok=True)
        (tenant / rel).write_bytes(data)
    for rel, edits in case.x12:
        old = (tenant / rel).read_bytes()
        new = _edit(old.decode("ascii"), edits).encode("ascii")
        (tenant / rel).write_bytes(new)
        sha256 = (hashlib.sha256(old).hexdigest(), hashlib.sha256(new).hexdigest())
        _rewrite(tenant / "golive.yaml", (sha256,))
    return list(golive.validate(repo, as_of=dt.date.fromisoformat(case.as_of)).findings)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_post_flip_policy(case: Case, tmp_path: Path) -> None:
    findings = _validate(tmp_path, case)
    got = sorted((f.rule, f.line, f.severity.value) for f in findings)
    assert got == sorted(e[:3] for e in case.expect), [f.message for f in findings]
    unmatched = list(findings)
    for rule, line, severity, words in case.expect:
        match = next((f for f in unmatched if (f.rule, f.line, f.severity.value) == (rule, line, severity)
                      and words in f.message), None)
        assert match is not None, (words, [f.message for f in unmatched])
        unmatched.remove(match)
    assert all(f.file == f"tenants/{case.base}/golive.yaml" for f in findings
               if f.rule in (SMOKE, HYPERCARE, DONE))


@pytest.mark.parametrize("as_of", [dt.date(2026, 11, 25), dt.date(2027, 6, 1)])
def test_example_tenants_are_clean(tmp_path: Path, as_of: dt.date) -> None:
    repo = make_repo(tmp_path / "repo", (ACME, RIVERBEND))
    result = golive.validate(repo, as_of=as_of)
    assert list(result.findings) == []
    checklist = {r.tenant: r.checklist for r in result.tenants}
    assert checklist[RIVERBEND]["definition_of_done"] == "done"
    # Acme is live: its definition of done is not demanded yet, and is shown as missing.
    assert checklist[ACME]["definition_of_done"] == "missing"
    for tenant in (ACME, RIVERBEND):
        assert checklist[tenant]["smoke_run"] == checklist[tenant]["hypercare"] == "done"


# --- business days ------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "n", "expected"), [
    # Tuesday before Thanksgiving (Thu 2026-11-26): day 5 is the following Tuesday.
    ("2026-11-24", 5, ["2026-11-24", "2026-11-25", "2026-11-27", "2026-11-30", "2026-12-01"]),
    # Columbus Day, Mon 2026-10-12, is skipped.
    ("2026-10-06", 5, ["2026-10-06", "2026-10-07", "2026-10-08", "2026-10-09", "2026-10-13"]),
    # A Saturday go-live starts on Monday; so does a Sunday one.
    ("2026-11-21", 2, ["2026-11-23", "2026-11-24"]),
    ("2026-11-22", 1, ["2026-11-23"]),
    # Christmas (Fri 2026-12-25) and New Year's Day (Fri 2027-01-01).
    ("2026-12-24", 3, ["2026-12-24", "2026-12-28", "2026-12-29"]),
    ("2026-12-31", 2, ["2026-12-31", "2027-01-04"]),
    ("2026-12-01", 0, []),
])
def test_business_days(start: str, n: int, expected: list[str]) -> None:
    got = business_days(dt.date.fromisoformat(start), n)
    assert got == [dt.date.fromisoformat(d) for d in expected]


@pytest.mark.parametrize(("day", "business"), [
    ("2026-06-19", False),  # Juneteenth, a Friday
    ("2027-06-18", False),  # Juneteenth 2027 is a Saturday: observed Friday
    ("2026-07-03", False),  # Independence Day 2026 is a Saturday: observed Friday
    ("2022-12-26", False),  # Christmas 2022 is a Sunday: observed Monday
    ("2027-12-24", False),  # Christmas 2027 is a Saturday: observed Friday
    ("2027-12-31", False),  # New Year's Day 2028 is a Saturday: observed the Friday before
    ("2026-11-26", False),  # Thanksgiving
    ("2026-11-11", False),  # Veterans Day, a Wednesday
    ("2026-11-27", True),   # the day after Thanksgiving is not a federal holiday
    ("2024-12-24", True),   # Christmas Eve 2024: an executive-order closure, not a federal holiday
    ("2026-11-28", False),  # a Saturday
])
def test_is_business_day(day: str, business: bool) -> None:
    assert is_business_day(dt.date.fromisoformat(day)) is business

