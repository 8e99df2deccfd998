"""The smoke run as one trace: what ties its X12 files to each other and to golive.yaml.

Checked for the files of ``smoke_run.files`` that could be read, each link once
both of its files are there (one file of each kind: a second is refused unread):

- batch: the 277CA acknowledges the claim's batch: the TRN02 of the loop 2200B
  over the claim (any, when the claim is not there) equals the BHT03 of the 837
  transaction set holding the claim;
- charges: the 835's CLP03 (total claim charge) for the claim equals the 837's
  CLM02;
- acknowledged charge: the 277CA's claim-level STC04 (total claim charge) equals
  the 837's CLM02;
- coordination of benefits: the 835 processed the claim in the payer's place the
  837 gave it (CLP02 1 or 19 for SBR01 P, 2 or 20 for S, 3 or 21 for T);
- payer claim number: the 835's CLP07 equals the 277CA's REF*1K (loop 2200D) for
  the claim, where both are given;
- dates: every date and time a file carries (ISA09/ISA10, GS04/GS05,
  BHT04/BHT05, the 835's DTM*405) lies within ``smoke_run.x12_time_tolerance_hours``
  (policies/settings.yaml) of its step in golive.yaml: the 837 of
  ``submitted_at``, the 277CA of ``acknowledged_at``, the 835 of ``remitted_at``.
  X12 carries no time zone, so a time is read as wall-clock time at the offset of
  that timestamp; a date alone lies within the tolerance when any moment of that
  day does. And the files follow each other: none of the 277CA's dated headers
  (ISA09/ISA10, GS04/GS05, BHT04/BHT05) is before the same header of the 837,
  nor the 835's (ISA, GS) before the 277CA's; the first that is, is reported
  (not for a file whose dates are already out of tolerance).

Each problem is reported at the ``files`` entry of the later file of the link
(the 277CA for the batch, the 835 for charges and the payer claim number).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from golive import x12
from golive.core.findings import Problem, Severity, YamlPath
from golive.x12 import trace

F = "golive.yaml"
PLACE = {"P": "primary", "S": "secondary", "T": "tertiary"}
AS = {"1": "P", "19": "P", "2": "S", "20": "S", "3": "T", "21": "T"}   # CLP02 to the SBR01 it answers
# How much earlier a partner's wall clock can read than the sender's: the US zones from Hawaii to
# Eastern (6h), or a partner stamping UTC against Pacific daylight time (7h), with an hour over.
ZONES = dt.timedelta(hours=8)
STEP = {"837": "submitted_at", "277CA": "acknowledged_at", "835": "remitted_at"}


class Read(NamedTuple):
    """One smoke-run file that could be read: its entry's YAML path, its path in the tenant, the file."""

    path: YamlPath
    rel: str
    doc: x12.X12File


def problems(smoke: Mapping[str, Any], files: Mapping[str, Read],
             tolerance_hours: float) -> Iterator[Problem]:
    """What does not tie together, given the first readable file of each kind."""
    claim_id = smoke["claim_id"]
    claim, ack, era = files.get("837"), files.get("277CA"), files.get("835")
    off: set[str] = set()  # kinds dated out of tolerance: their order would repeat that finding
    for kind, f in files.items():
        for problem in _dates(smoke, kind, f, tolerance_hours):
            off.add(kind)
            yield problem
    sent = _own(x12.claims_837(claim.doc), claim_id) if claim else None
    acks = x12.claims_277ca(ack.doc) if ack else ()
    paids = x12.claims_835(era.doc) if era else ()
    paid = _own(paids, claim_id)
    if claim and ack:
        yield from _batch(claim, ack, claim_id)
        if not off & {"837", "277CA"}:
            yield from _order(claim, ack, "837", "277CA")
        acked = _own(acks, claim_id, "charge")
        if sent and acked:
            yield from _acknowledged_charge(claim, ack, sent, acked)
    if ack and era:
        if not off & {"277CA", "835"}:
            yield from _order(ack, era, "277CA", "835")
        numbered, number = _own(acks, claim_id, "payer_claim"), _own(paids, claim_id, "payer_claim")
        if numbered and number:
            yield from _payer_claim(ack, era, numbered, number)
    if claim and era and sent and paid:
        yield from _charge(claim, era, sent, paid)
        yield from _responsibility(claim, era, sent, paid)


def _own(claims: tuple[x12.Claim, ...], claim_id: str, having: str = "") -> x12.Claim | None:
    """The file's first copy of the smoke claim (that gives ``having``); its absence is the file's
    own finding."""
    return next((c for c in claims if c.id == claim_id and (not having or getattr(c, having))), None)


def _at(f: Read, line: int) -> str:
    return f"{f.rel} {f.doc.where(line)}"


def _batch(claim: Read, ack: Read, claim_id: str) -> Iterator[Problem]:
    bht = trace.batch_837(claim.doc, claim_id)
    batches = trace.batches_277ca(ack.doc, claim_id)
    if bht is None or not batches or any(t.get(2) == bht.get(3) for t in batches):
        return
    acked = ", ".join(dict.fromkeys(t.get(2) for t in batches))
    yield Problem(F, ack.path, f"{_at(ack, batches[0].line)}: the 277CA acknowledges batch {acked} "
                  f"(TRN02, loop 2200B), not the 837's batch {bht.get(3)} (BHT03, {_at(claim, bht.line)}); "
                  "list the 277CA that answers this 837")


def _charge(claim: Read, era: Read, sent: x12.Claim, paid: x12.Claim) -> Iterator[Problem]:
    a, b = trace.amount(sent.charge), trace.amount(paid.charge)
    if a is not None and b is not None and a != abs(b):  # a reversal (CLP02 22) carries it negative
        yield Problem(F, era.path, f"{_at(era, paid.line)}: the 835 remits claim {sent.id} for a charge "
                      f"of {paid.charge} (CLP03), but the 837 billed {sent.charge} (CLM02, "
                      f"{_at(claim, sent.line)}); the 835 answers another submission of the claim")


def _responsibility(claim: Read, era: Read, sent: x12.Claim, paid: x12.Claim) -> Iterator[Problem]:
    if sent.responsibility not in PLACE or paid.status not in AS:
        return
    if AS[paid.status] != sent.responsibility:
        yield Problem(F, era.path, f"{_at(era, paid.line)}: the 835 processed claim {sent.id} as "
                      f"{PLACE[AS[paid.status]]} (CLP02 {paid.status}), but the 837 billed this payer as "
                      f"{PLACE[sent.responsibility]} (SBR01 {sent.responsibility} of the subscriber over "
                      f"the claim's CLM, {_at(claim, sent.line)}); the payer adjudicated another "
                      "coordination of benefits than the one sent")


def _acknowledged_charge(claim: Read, ack: Read, sent: x12.Claim, acked: x12.Claim) -> Iterator[Problem]:
    a, b = trace.amount(sent.charge), trace.amount(acked.charge)
    if a is not None and b is not None and a != b:
        stc = next((s.line for s in acked.statuses if not s.service), acked.line)
        yield Problem(F, ack.path, f"{_at(ack, stc)}: the 277CA acknowledges claim {sent.id} for a "
                      f"total charge of {acked.charge} (STC04), but the 837 billed {sent.charge} "
                      f"(CLM02, {_at(claim, sent.line)}); the 277CA answers another submission of the "
                      "claim")


def _payer_claim(ack: Read, era: Read, acked: x12.Claim, paid: x12.Claim) -> Iterator[Problem]:
    if acked.payer_claim == paid.payer_claim:
        return
    ref = next((s.line for s in ack.doc.segments if s.id == "REF" and s.get(1) == "1K"
                and s.get(2) == acked.payer_claim and s.line > acked.line), acked.line)
    yield Problem(F, era.path, f"{_at(era, paid.line)}: the 835's payer claim control number for claim "
                  f"{paid.id} is {paid.payer_claim} (CLP07), but the 277CA gave it "
                  f"{acked.payer_claim} (REF*1K, {_at(ack, ref)}); the two files are about "
                  "different claims of the payer")


# The dated headers, compared in order: the interchange's, the group's, the transaction's.
DATED = (("ISA09", "ISA09/ISA10"), ("GS04", "GS04/GS05"), ("BHT04", "BHT04/BHT05"))


def _header_times(f: Read) -> dict[str, trace.Stamp]:
    """The first ISA, GS and BHT date-and-time of a file, by element."""
    out: dict[str, trace.Stamp] = {}
    for s in trace.stamps(f.doc):
        if isinstance(s.at, dt.datetime):
            out.setdefault(s.element, s)
    return out


def _order(before: Read, after: Read, first: str, then: str) -> Iterator[Problem]:
    """The first dated header (ISA, GS, BHT) of ``after`` earlier than the same one of ``before``.

    Each sender stamps its own wall-clock time and X12 carries no zone, so a partner
    in another time zone (or stamping UTC) can date an answer hours "before" what it
    answers: up to :data:`ZONES` earlier is a warning, more is an error.
    """
    a, b = _header_times(before), _header_times(after)
    for element, elements in DATED:
        was, now = a.get(element), b.get(element)
        if was is None or now is None or now.at >= was.at:
            continue
        early = was.at - now.at
        said = (f"{_at(after, now.line)}: the {then} is dated {now.at:%Y-%m-%d %H:%M} ({elements}), "
                f"{_hours(early)} before the {first} it answers ({was.at:%Y-%m-%d %H:%M}, "
                f"{_at(before, was.line)})")
        if early > ZONES:
            yield Problem(F, after.path, f"{said}; more than the {ZONES.seconds // 3600}h time zones "
                          "can explain: list the files of this smoke run")
        else:
            yield Problem(F, after.path, f"{said}; X12 carries no time zone, so this is right only if "
                          f"the {then}'s sender stamps another zone's time than the {first}'s",
                          Severity.WARNING)
        return


def _dates(smoke: Mapping[str, Any], kind: str, f: Read, tolerance_hours: float) -> Iterator[Problem]:
    step = STEP[kind]
    at = dt.datetime.fromisoformat(smoke[step])
    if at.tzinfo is None:
        return  # the schema demands an offset; a naive value is the schema's finding
    wall = at.replace(tzinfo=None)
    tolerance = dt.timedelta(hours=tolerance_hours)
    for s in trace.stamps(f.doc):
        if isinstance(s.at, dt.datetime):
            off = abs(s.at - wall)
            shown = f"{s.at:%Y-%m-%d %H:%M}"
        else:
            start = dt.datetime.combine(s.at, dt.time())
            off = max(start - wall, wall - (start + dt.timedelta(days=1)), dt.timedelta(0))
            shown = f"{s.at:%Y-%m-%d}"
        if off > tolerance:
            yield Problem(F, f.path, f"{_at(f, s.line)}: {s.element} dates the {kind} {shown}, "
                          f"{_hours(off)} from {step} {smoke[step]}, more than the "
                          f"{tolerance_hours:g}h smoke_run.x12_time_tolerance_hours allows; list the "
                          f"{kind} of this smoke run, or correct {step}")
            return


def _hours(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    return f"{minutes // 60}h{minutes % 60:02d}m"
