"""What golive reads out of an X12 file: the ISA header, the transaction set, and the claims.

Each function takes the :class:`~golive.x12.reader.X12File` that
:func:`~golive.x12.reader.read` made and returns plain values: the interchange's
ISA header, the first transaction set (ST01 and the implementation guide), and per
transaction the claims with their ids, statuses and adjustment reasons (837 CLM,
277CA claim-level TRN and STC, 835 CLP and CAS).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from golive.x12.reader import Segment, X12File


class TransactionSet(NamedTuple):
    """A transaction set: its id (ST01, ``837``), the guide it follows (GS08 or ST03) and its ST line."""

    id: str
    guide: str
    line: int


@dataclass(frozen=True)
class IsaHeader:
    """The interchange's ISA header: sender (ISA05/06), receiver (ISA07/08), usage (ISA15)."""

    line: int
    sender: tuple[str, str]
    receiver: tuple[str, str]
    usage_indicator: str


@dataclass(frozen=True)
class Status:
    """A claim status composite of a 277CA STC segment: category (A1...) and status code."""

    line: int
    category: str
    code: str


@dataclass(frozen=True)
class Claim:
    """A claim found in a transaction, at the line of the segment naming it.

    ``segment`` is CLM (837), TRN (277CA, the claim-level TRN02) or CLP (835).
    ``statuses`` are the 277CA's STC01/10/11 composites for it; ``status`` is the
    835's CLP02; ``adjustments`` are the 835's CAS group and reason codes (``CO-50``).
    """

    id: str
    line: int
    segment: str
    status: str = ""
    statuses: tuple[Status, ...] = ()
    adjustments: tuple[str, ...] = ()


def isa_header(doc: X12File) -> IsaHeader | None:
    """The first ISA header, its ids stripped of their padding."""
    isa = doc.first("ISA")
    if isa is None:
        return None
    return IsaHeader(isa.line, (isa.get(5).strip(), isa.get(6).strip()),
                       (isa.get(7).strip(), isa.get(8).strip()), isa.get(15).strip())


def transaction_set(doc: X12File) -> TransactionSet | None:
    """The first transaction set: ST01, the guide (GS08, or ST03) and the ST line."""
    st, gs = doc.first("ST"), doc.first("GS")
    if st is None:
        return None
    return TransactionSet(st.get(1), (gs.get(8) if gs is not None else "") or st.get(3), st.line)


def claims_837(doc: X12File) -> tuple[Claim, ...]:
    """The claims of an 837: CLM01, the patient control number, of each CLM."""
    return tuple(Claim(s.get(1), s.line, s.id) for s in doc.segments if s.id == "CLM")


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
    """The claims of a 277CA: each claim-level TRN02 (loop 2200D) and the STC statuses after it."""
    out = []
    for trn, after in _runs(doc, "TRN", frozenset({"2200D"})):
        statuses = tuple(
            Status(s.line, s.get(n, 1), s.get(n, 2))
            for s in after if s.id == "STC" for n in (1, 10, 11) if s.get(n, 1))
        out.append(Claim(trn.get(2), trn.line, trn.id, statuses=statuses))
    return tuple(out)


def claims_835(doc: X12File) -> tuple[Claim, ...]:
    """The claims of an 835: CLP01, CLP02 and the CAS adjustments of the claim and its lines."""
    out = []
    for clp, after in _runs(doc, "CLP", frozenset({"2100", "2110"})):
        reasons = tuple(
            f"{s.get(1)}-{s.get(n)}"
            for s in after if s.id == "CAS" for n in range(2, 20, 3) if s.get(n))
        out.append(Claim(clp.get(1), clp.line, clp.id, status=clp.get(2),
                         adjustments=tuple(dict.fromkeys(reasons))))
    return tuple(out)
