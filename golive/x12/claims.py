"""What golive reads out of an X12 file's segments: the claims, and what ties the files together.

Each function takes the :class:`~golive.x12.reader.X12File` that
:func:`~golive.x12.reader.read` made and returns plain values: per transaction the
claims with their ids, charges, statuses and adjustment reasons (837 CLM, 277CA
claim-level TRN with its claim- and service-line STC and REF*1K, 835 CLP and CAS).
The envelopes (interchanges, groups, transaction sets) are
:func:`golive.x12.envelope.interchanges`; the batch ids, dates and the 835's
balance are :mod:`golive.x12.trace`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from golive.x12.reader import Segment, X12File


@dataclass(frozen=True)
class Status:
    """A claim status composite of a 277CA STC segment: category (A1...) and status code.

    ``service`` is empty for the claim's own status (loop 2200D), else the service
    line's procedure (SVC01 of loop 2220D, ``HC:99213``).
    """

    line: int
    category: str
    code: str
    service: str = ""


@dataclass(frozen=True)
class Claim:
    """A claim found in a transaction, at the line of the segment naming it.

    ``segment`` is CLM (837), TRN (277CA, the claim-level TRN02) or CLP (835).
    ``statuses`` are the 277CA's STC01/10/11 composites for it and its service
    lines; ``status`` is the 835's CLP02; ``adjustments`` are the 835's CAS group
    and reason codes (``CO-50``). ``charge`` is CLM02 or CLP03, ``paid`` CLP04 (as
    written, in dollars); ``payer_claim`` the payer's claim control number (277CA
    REF*1K, 835 CLP07).
    """

    id: str
    line: int
    segment: str
    status: str = ""
    statuses: tuple[Status, ...] = ()
    adjustments: tuple[str, ...] = ()
    charge: str = ""
    paid: str = ""
    payer_claim: str = ""


def claims_837(doc: X12File) -> tuple[Claim, ...]:
    """The claims of an 837: CLM01, the patient control number, of each CLM."""
    return tuple(Claim(s.get(1), s.line, s.id, charge=s.get(2)) for s in doc.segments if s.id == "CLM")


def _runs(doc: X12File, starts: str, loops: frozenset[str]) -> Iterator[tuple[Segment, list[Segment]]]:
    """Each segment ``starts`` with the segments after it that stay in ``loops``."""
    current: tuple[Segment, list[Segment]] | None = None
    for seg in doc.segments:
        if seg.id == starts or seg.loop not in loops:
            if current is not None:
                yield current
            current = (seg, []) if seg.id == starts and seg.loop in loops else None
        elif current is not None:
            current[1].append(seg)
    if current is not None:
        yield current


def claims_277ca(doc: X12File) -> tuple[Claim, ...]:
    """The claims of a 277CA: each claim-level TRN02 (loop 2200D), its STC statuses and those
    of its service lines (loop 2220D), and its payer claim control number (REF*1K)."""
    out = []
    for trn, after in _runs(doc, "TRN", frozenset({"2200D", "2220D"})):
        statuses: list[Status] = []
        service, payer_claim = "", ""
        for s in after:
            if s.id == "SVC":
                service = ":".join(c for c in s.elements[0] if c) if s.elements else ""
            elif s.id == "STC":
                line_of = service if s.loop == "2220D" else ""
                statuses.extend(Status(s.line, s.get(n, 1), s.get(n, 2), line_of)
                                for n in (1, 10, 11) if s.get(n, 1))
            elif s.id == "REF" and s.get(1) == "1K" and s.loop == "2200D":
                payer_claim = s.get(2)
        out.append(Claim(trn.get(2), trn.line, trn.id, statuses=tuple(statuses), payer_claim=payer_claim))
    return tuple(out)


def claims_835(doc: X12File) -> tuple[Claim, ...]:
    """The claims of an 835: CLP01, CLP02 and the CAS adjustments of the claim and its lines."""
    out = []
    for clp, after in _runs(doc, "CLP", frozenset({"2100", "2110"})):
        reasons = tuple(
            f"{s.get(1)}-{s.get(n)}"
            for s in after if s.id == "CAS" for n in range(2, 20, 3) if s.get(n))
        out.append(Claim(clp.get(1), clp.line, clp.id, status=clp.get(2),
                         adjustments=tuple(dict.fromkeys(reasons)), charge=clp.get(3),
                         paid=clp.get(4), payer_claim=clp.get(7)))
    return tuple(out)
