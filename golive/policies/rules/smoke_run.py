"""The smoke run: one live claim went the whole path within the customer's SLA.

The path is encounter → submitted (837) → acknowledged (277CA) → remitted (835)
→ posted; each timestamp is no earlier than the one before, and the time from
submitted to posted is at most ``smoke_run_sla_hours`` (tenant.yaml). Timestamps
are compared as instants, so different UTC offsets compare correctly.

Any X12 ``files`` given must exist and match their sha256 (a path leaving the
tenant directory is the integrity policy's finding, GL-EVIDENCE-PATH, not this
one's). A file whose hash matches, and that is no larger than
``smoke_run.x12_max_bytes`` (policies/settings.yaml), is then read as the trading
partner reads it:

- as X12 at all: an empty, UTF-16 or non-text file, an ISA of the wrong width,
  text after the last segment, a last segment without its terminator, two ISA
  delimiters that are one character, and an ISA11 repetition separator that
  occurs in the data are errors; a UTF-8 byte-order mark is a warning;
- every interchange, group and transaction set: the envelopes' control numbers
  and counts agree (reported at the trailer), ST03 names its group's GS08, the
  file passes pyx12's implementation-guide validation and holds the transaction
  its ``kind`` names (pyx12 is stopped past 100 problems); each interchange is
  X12 5010 (ISA12 ``00501``, GS08 the kind's 5010 guide) and in production
  (ISA15 ``P``), with the ISA and GS ids (no leading spaces) of an envelope of
  edi.yaml as configured (the 837 as the tenant sends it, the 277CA and 835 as
  the partner sends them); each 837 subscriber loop (2000B) opens with its SBR;
- one file of each kind;
- the claim: ``claim_id`` is CLM01 of the 837, once, an original claim (CLM05-3
  not 7 or 8) whose CLM02 is the sum of its SV102; a claim-level TRN02 of the
  277CA, once, with an accepting STC (A1, A2 or A5, STC03 not U) and no rejected
  service line (loop 2220D), batch (2200B) or provider (2200C); a CLP01 of the
  835, paid once, whose CLP02 is 1, 2, 3, 19, 20 or 21 (4 denied, 22 reversal, 23
  and 25 are errors naming the code), not negative, not $0 unless an adjustment
  says where it went (PR, CARC 23 or 24), balanced (CLP03 - CAS = CLP04, less
  any AMT*I interest; SVC02 - CAS = SVC03), not taken back by a reversal or a
  positive PLB in the same 835, in an 835 that
  balances (BPR02 = sum of CLP04 less PLB adjustments);
- one trace: the 277CA comes from the trading partner (edi.yaml) whose 837
  envelope the 837 carries; the 277CA acknowledges the claim's batch
  (2200B TRN02 = BHT03) and charge (STC04 = CLM02), the 835's charge is the
  837's (CLP03 = CLM02), it processed the claim in the payer's place the 837
  gave (CLP02 1/19, 2/20, 3/21 for SBR01 P, S, T), and its payer claim number is
  the 277CA's (CLP07 = REF*1K); each file's dates (ISA09/10, GS04/05, BHT04/05,
  DTM*405) lie within ``smoke_run.x12_time_tolerance_hours`` of its step's
  timestamp (read as wall-clock time at that timestamp's UTC offset), and
  neither the 277CA nor the 835 is dated before what it answers (ISA, GS, BHT,
  each; up to 8 hours earlier, another time zone's clock, is a warning).

These findings point at the ``files`` entry and name the X12 file and its
segment: its line when the file holds one segment per line, else "segment N"
with its byte offset.

Demanded in phase bau. In phase live the smoke run is due once the go-live date
has passed (``--as-of`` after ``golive_date``, see ``due``), and then what is
missing or wrong is a warning; before that, nothing is reported.

Passing (smoke_run_sla_hours: 24)::

    smoke_run:
      claim_id: SMOKE-20261201-01
      encounter_at: 2026-12-01T08:05:00-06:00
      submitted_at: 2026-12-01T08:20:00-06:00
      acknowledged_at: 2026-12-01T09:02:00-06:00
      remitted_at: 2026-12-01T16:40:00-06:00
      posted_at: 2026-12-01T16:55:00-06:00
      outcome: passed

Failing: ``outcome: held``; ``remitted_at: 2026-12-01T08:59:00-06:00`` (before the
277CA); ``posted_at: 2026-12-02T09:00:00-06:00`` (24h40m after submission, over a
24-hour SLA); a file under ``files`` whose bytes no longer match its sha256; an
837 sent with ISA15 ``T``, or a second interchange in it that is; a 277CA whose
claim-level STC is ``A7:21``, or that acknowledges another batch than the 837's
BHT03; an 835 whose CLP for the claim has CLP02 ``4`` or ``22``, or whose BPR02 is
not its CLP04s less its PLB adjustments, or that pays the claim twice; a 277CA
dated two days after ``acknowledged_at``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from itertools import pairwise
from typing import Any

from golive.core.checklist import BAU, LIVE_OR_BAU
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant, as_warnings, evidence_problems
from golive.policies.rules import _smoke_run_claim, _smoke_run_ties, _smoke_run_x12

ID = "GL-SMOKE-RUN"
CHECKLIST = "smoke_run"
SEVERITY = Severity.ERROR
PHASES = LIVE_OR_BAU
NEEDS = ("tenant.yaml", "golive.yaml")
RUNBOOK = ("The morning of go-live, run a single live claim through and confirm the full "
           "path: encounter → submit → 277CA → 835 → posting. If it doesn't clear within "
           "the customer's SLA, hold and triage.")
FIX = ("Record the live claim under `smoke_run:` in golive.yaml with its five timestamps "
       "(ISO 8601 with offset) and `outcome: passed`; if it did not clear within "
       "smoke_run_sla_hours, keep `outcome: held` and triage before moving to bau. List its "
       "X12 files (837, 277CA, 835) under `files:` with their sha256, as exchanged in "
       "production through the envelopes of edi.yaml.")

F = "golive.yaml"
# The path of the claim, in order; each step's timestamp is not before the previous one's.
STEPS = ("encounter_at", "submitted_at", "acknowledged_at", "remitted_at", "posted_at")


def check(t: Tenant) -> Iterator[Problem]:
    if t.phase == BAU:
        yield from _problems(t)
    elif due(t):
        yield from as_warnings(_problems(t))


def due(t: Tenant) -> bool:
    """Whether the smoke run's day has come: ``--as-of`` is after ``golive_date``.

    The smoke run is the morning of go-live, so it is judged from the day after;
    until then `golive status` shows it ``not_yet``.
    """
    golive = t.golive_date
    return golive is not None and t.as_of > dt.date.fromisoformat(golive)


def _problems(t: Tenant) -> Iterator[Problem]:
    smoke = t.file(F).get("smoke_run")
    if smoke is None:
        yield Problem(F, (), "no smoke_run: record the live claim run the morning of "
                      "go-live (encounter → submit → 277CA → 835 → posting)")
        return
    if smoke.get("outcome") != "passed":
        yield Problem(F, ("smoke_run", "outcome"),
                      f"the smoke run of claim {smoke.get('claim_id')} is "
                      f"{smoke.get('outcome')}, not passed: triage it, and record a run "
                      "that cleared")
    yield from _timeline(t, smoke)
    yield from _files(t, smoke)


def _timeline(t: Tenant, smoke: Mapping[str, Any]) -> Iterator[Problem]:
    at = {step: dt.datetime.fromisoformat(smoke[step]) for step in STEPS}
    for before, after in pairwise(STEPS):
        if at[after] < at[before]:
            yield Problem(F, ("smoke_run", after),
                          f"{after} {smoke[after]} is before {before} {smoke[before]}; the "
                          "path runs encounter → submitted → acknowledged → remitted → posted")
    sla = t.tenant.get("smoke_run_sla_hours")
    took = at["posted_at"] - at["submitted_at"]
    if sla is not None and took > dt.timedelta(hours=sla):
        yield Problem(F, ("smoke_run", "posted_at"),
                      f"the smoke run took {_hours(took)} from submitted to posted, over the "
                      f"customer's SLA of {sla}h (smoke_run_sla_hours): hold and triage")


def _files(t: Tenant, smoke: Mapping[str, Any]) -> Iterator[Problem]:
    read: dict[str, _smoke_run_ties.Read] = {}
    first: dict[str, int] = {}
    for i, item in enumerate(smoke.get("files", [])):
        path = ("smoke_run", "files", i)
        evidence = list(evidence_problems(t, F, path, item["evidence"], item["sha256"],
                                          f"the smoke run's {item['kind']} file"))
        yield from evidence
        if item["kind"] in first:
            yield Problem(F, path, f"a second {item['kind']} file (files[{first[item['kind']]}] is the "
                          "first): the smoke run is one claim, so it lists one file of each kind, the "
                          "one its claim went in; a claim sent, acknowledged or paid in two files is "
                          "one claim twice")
            continue
        first[item["kind"]] = i
        if evidence:  # parse only what is known to be the file signed off (pyx12 is slow-ish)
            continue
        found: list[Problem] = []
        doc = _smoke_run_x12.load(t, path, item, found)
        yield from found
        if doc is None:
            continue
        rel = item["evidence"]
        for message, line in _smoke_run_claim.TRACE[item["kind"]](doc, smoke["claim_id"]):
            yield Problem(F, path, f"{rel} {doc.where(line)}: {message}")
        read.setdefault(item["kind"], _smoke_run_ties.Read(path, rel, doc))
    yield from _smoke_run_ties.problems(smoke, read, t.settings.smoke_run_x12_time_tolerance_hours)
    yield from _smoke_run_x12.same_partner(t, read)


def _hours(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    return f"{minutes // 60}h{minutes % 60:02d}m"
