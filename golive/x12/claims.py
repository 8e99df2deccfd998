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

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from golive.x12.reader import Segment, X12File


@dataclass(frozen=True)
class Status:
    """A claim status composite of a 277CA STC segment: category (A1...) and status code.

    ``service`` is empty for the claim's own status (loop 2200D), else the service
    line's procedure (SVC01 of loop 2220D, ``HC:99213``); ``action`` is STC03, the
    action code (``WQ`` accept, ``U`` reject).
    """

    line: int
    category: str
    code: str
    service: str = ""
    action: str = ""


@dataclass(frozen=True)
class ServiceLine:
    """A service line of a claim: 837 SV1 (loop 2400) or 835 SVC (loop 2110), at its segment.

    ``charge`` is SV102 or SVC02, ``paid`` SVC03 (835), ``adjusted`` the amounts of
    the line's CAS segments (835), all as written, in dollars.
    """

    line: int
    procedure: str
    charge: str
    paid: str = ""
    adjusted: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    """A claim found in a transaction, at the line of the segment naming it.

    ``segment`` is CLM (837), TRN (277CA, the claim-level TRN02) or CLP (835).
    ``charge`` is CLM02, the 277CA's STC04 (total claim charge) or CLP03.
    ``statuses`` are the 277CA's STC01/10/11 composites for it and its service
    lines; ``status`` is the 835's CLP02; ``adjustments`` are the 835's CAS group
    and reason codes (``CO-50``). ``paid`` CLP04 (as
    written, in dollars); ``payer_claim`` the payer's claim control number (277CA
    REF*1K, 835 CLP07). ``frequency`` is the 837's claim frequency type code
    (CLM05-3: 1 original, 7 replacement, 8 void) and ``responsibility`` the payer's
    place for it, SBR01 of the subscriber loop over it (P primary, S secondary, T
    tertiary); ``interest`` the 835's claim interest (AMT*I, loop 2100); ``adjusted`` the amounts of the
    835's claim-level CAS segments (loop 2100) and ``lines`` its service lines (837
    SV1, 835 SVC with their CAS).
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
    frequency: str = ""
    responsibility: str = ""
    interest: str = ""
    adjusted: tuple[str, ...] = ()
    lines: tuple[ServiceLine, ...] = ()


def _procedure(s: Segment) -> str:
    return ":".join(c for c in s.elements[0] if c) if s.elements else ""


def _cas_amounts(s: Segment) -> tuple[str, ...]:
    """CAS03, 06, ..., 18: the amounts of a CAS segment's (up to six) adjustments."""
    return tuple(s.get(n) for n in range(3, 20, 3) if s.get(n))


def claims_837(doc: X12File) -> tuple[Claim, ...]:
    """The claims of an 837: CLM01 (the patient control number), CLM02, CLM05-3, the SBR01 over
    it (loop 2000B) and the SV1 lines."""
    out = []
    sbr = [s for s in doc.segments if s.id == "SBR" and s.loop == "2000B"]   # not 2320's other payers
    at = [s.line for s in sbr]
    for clm, after in _runs(doc, "CLM", frozenset({"2300", "2400"})):
        lines = tuple(ServiceLine(s.line, _procedure(s), s.get(2)) for s in after if s.id == "SV1")
        over = bisect.bisect_left(at, clm.line) - 1
        out.append(Claim(clm.get(1), clm.line, clm.id, charge=clm.get(2), frequency=clm.get(5, 3),
                         responsibility=sbr[over].get(1) if over >= 0 else "", lines=lines))
    return tuple(out)


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
                service = _procedure(s)
            elif s.id == "STC":
                line_of = service if s.loop == "2220D" else ""
                statuses.extend(Status(s.line, s.get(n, 1), s.get(n, 2), line_of, s.get(3))
                                for n in (1, 10, 11) if s.get(n, 1))
            elif s.id == "REF" and s.get(1) == "1K" and s.loop == "2200D":
                payer_claim = s.get(2)
        charge = next((x.get(4) for x in after if x.id == "STC" and x.loop == "2200D"), "")
        out.append(Claim(trn.get(2), trn.line, trn.id, statuses=tuple(statuses), payer_claim=payer_claim,
                         charge=charge))
    return tuple(out)


def claims_835(doc: X12File) -> tuple[Claim, ...]:
    """The claims of an 835: CLP01, CLP02, the CAS adjustments of the claim and its SVC lines."""
    out = []
    for clp, after in _runs(doc, "CLP", frozenset({"2100", "2110"})):
        reasons = tuple(
            f"{s.get(1)}-{s.get(n)}"
            for s in after if s.id == "CAS" for n in range(2, 20, 3) if s.get(n))
        lines: list[ServiceLine] = []
        own: list[str] = []
        for s in after:
            if s.id == "SVC":
                lines.append(ServiceLine(s.line, _procedure(s), s.get(2), s.get(3)))
            elif s.id == "CAS" and s.loop == "2110" and lines:
                last = lines[-1]
                lines[-1] = ServiceLine(last.line, last.procedure, last.charge, last.paid,
                                        last.adjusted + _cas_amounts(s))
            elif s.id == "CAS":
                own.extend(_cas_amounts(s))
        interest = next((s.get(2) for s in after
                         if s.id == "AMT" and s.loop == "2100" and s.get(1) == "I"), "")
        out.append(Claim(clp.get(1), clp.line, clp.id, status=clp.get(2),
                         adjustments=tuple(dict.fromkeys(reasons)), charge=clp.get(3),
                         paid=clp.get(4), payer_claim=clp.get(7), interest=interest, adjusted=tuple(own),
                         lines=tuple(lines)))
    return tuple(out)
