"""What ties the smoke run's files together: batch ids, the dates each file carries, the 835's balance.

- :func:`batch_837`: BHT03, the batch the 837 was submitted as (its originator's
  reference) — of the transaction set that holds the claim; :func:`batches_277ca`:
  the TRN02 of loop 2200B, the batch a 277CA acknowledges (it repeats the 837's
  BHT03) — the one over the claim's loop 2200D;
- :func:`stamps`: the dates and times a file carries: ISA09/ISA10, GS04/GS05,
  BHT04/BHT05 (837, 277CA) and the 835's production date (DTM*405) as wall-clock
  times without a zone (X12 carries none); a date alone is a ``datetime.date``;
- :func:`recoupments`: the 835's provider-level adjustments (PLB) that name a
  claim by its payer claim control number or patient control number (PLB03-2),
  e.g. ``WO`` (overpayment recovery) taking a paid claim's money back;
- :func:`unbalanced_835`: each 835 transaction whose total payment BPR02 is not
  the sum of its claims' payments (CLP04) less its provider-level adjustments
  (PLB04, 06, ..., 14), as the 835 guide (005010X221A1, section 1.10.2.1) balances it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from golive.x12.reader import Segment, X12File

_DECIMAL = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)")


class Stamp(NamedTuple):
    """A date (and time) a file carries: the element (``GS04``), its value, its segment number."""

    element: str
    at: dt.datetime | dt.date
    line: int


class Unbalanced(NamedTuple):
    """An 835 transaction that does not balance: BPR02 and what its CLP and PLB segments add up to."""

    line: int
    total: Decimal
    paid: Decimal
    adjusted: Decimal


def batch_837(doc: X12File, claim_id: str = "") -> Segment | None:
    """The BHT of the 837's transaction set holding CLM01 ``claim_id`` (its BHT03 is the batch's
    reference); without the claim, the file's first BHT."""
    bht: Segment | None = None
    for s in doc.segments:
        if s.id == "BHT":
            bht = s
        elif s.id == "CLM" and s.get(1) == claim_id:
            return bht
    return doc.first("BHT")


def batches_277ca(doc: X12File, claim_id: str = "") -> tuple[Segment, ...]:
    """The 277CA's TRN segments of loop 2200B (information receiver): TRN02 is the 837's BHT03.

    With ``claim_id``, only the one over the claim's claim-level TRN (loop 2200D), when there is one.
    """
    batches = tuple(s for s in doc.segments if s.id == "TRN" and s.loop == "2200B")
    over: Segment | None = None
    for s in doc.segments:
        if s.id == "ST":
            over = None
        elif s.id == "TRN" and s.loop == "2200B":
            over = s
        elif claim_id and s.id == "TRN" and s.loop == "2200D" and s.get(2) == claim_id and over:
            return (over,)
    return batches


def recoupments(doc: X12File, refs: frozenset[str]) -> Iterator[tuple[Segment, str, str, Decimal]]:
    """Each PLB adjustment whose reference (PLB03-2, ...) is one of ``refs``: (PLB, reason code,
    reference, amount). PLB03/05/.../13 are composites of reason code and reference, each
    followed by its amount."""
    for s in doc.segments:
        if s.id != "PLB":
            continue
        for n in range(3, 14, 2):
            if s.get(n, 2) in refs:
                yield s, s.get(n, 1), s.get(n, 2), amount(s.get(n + 1)) or Decimal(0)


def stamps(doc: X12File) -> tuple[Stamp, ...]:
    """The dates a file carries, in file order; an unreadable date is left out (pyx12 reports it)."""
    out: list[Stamp] = []
    for s in doc.segments:
        if s.id == "ISA":
            at = _when("20" + s.get(9), s.get(10))
            name = "ISA09"
        elif s.id == "GS":
            at, name = _when(s.get(4), s.get(5)), "GS04"
        elif s.id == "BHT":
            at, name = _when(s.get(4), s.get(5)), "BHT04"
        elif s.id == "DTM" and s.get(1) == "405":
            at, name = _when(s.get(2), ""), "DTM*405"
        else:
            continue
        if at is not None:
            out.append(Stamp(name, at, s.line))
    return tuple(out)


def _when(date: str, time: str) -> dt.datetime | dt.date | None:
    try:
        day = dt.datetime.strptime(date.strip(), "%Y%m%d").date()
        if not time.strip():
            return day
        clock = time.strip()[:4]
        return dt.datetime.combine(day, dt.time(int(clock[:2]), int(clock[2:4])))
    except ValueError:
        return None


def amount(value: str) -> Decimal | None:
    """An X12 monetary amount (R, dollars) as a Decimal, or None when it is none or not written as
    X12 writes a decimal number: an optional minus, digits and an optional decimal point, at most
    18 digits (``NaN``, ``1E2``, ``1E999999999``: pyx12 reports those as invalid)."""
    text = value.strip()
    if not _DECIMAL.fullmatch(text) or sum(c.isdigit() for c in text) > 18:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def unbalanced_835(doc: X12File) -> Iterator[Unbalanced]:
    """Each 835 transaction set whose BPR02 is not sum(CLP04) - sum(PLB amounts)."""
    bpr: Segment | None = None
    paid = adjusted = Decimal(0)
    for s in doc.segments:
        if s.id == "ST":
            bpr, paid, adjusted = None, Decimal(0), Decimal(0)
        elif s.id == "BPR":
            bpr = s
        elif s.id == "CLP":
            value = amount(s.get(4))
            if value is None and s.get(4).strip():
                bpr = None  # an unreadable CLP04 is pyx12's finding; the sum is unknown
            paid += value or 0
        elif s.id == "PLB":
            adjusted += sum((amount(s.get(n, 1)) or 0 for n in range(4, 15, 2)), Decimal(0))
        elif s.id == "SE" and bpr is not None:
            total = amount(bpr.get(2))
            if total is not None and total != paid - adjusted:
                yield Unbalanced(bpr.line, total, paid, adjusted)
