"""What each X12 file of the smoke run says about the smoke claim, as the trading partner reads it.

- the 837 carries ``claim_id`` as a CLM01, once: a second CLM with the same
  patient control number (in another transaction set or interchange of the file
  too) is the claim sent twice, which a payer denies as a duplicate (CARC 18); as
  an original claim (CLM05-3 not 7, replacement, or 8, void), whose CLM02 is the
  sum of its SV102;
- the 277CA carries it as a claim-level TRN02 (loop 2200D), once, whose STC
  statuses accept it (category A1, A2 or A5, with an action code STC03 other
  than U; A3, A4, A6, A7 and A8 are rejections), with no service line of it
  (loop 2220D) and neither its batch (2200B) nor its provider (2200C) rejected;
- the 835 carries it as a CLP01 whose CLP02 is a status the 835 guide
  (005010X221A1) calls processed: 1, 2 or 3 (as primary, secondary, tertiary) or
  19, 20 or 21 (the same, forwarded to another payer). 4 (denied), 22 (reversal of
  a previous payment: the payer took the money back), 23 (not our claim) and 25
  (predetermination pricing only) are errors naming the code. The claim is paid
  once (a second processed CLP for it is a double payment the payer will take
  back), with amounts that are not negative, not at $0 unless an adjustment says
  where it went (patient responsibility PR, capitation CARC 24, a prior payer
  CARC 23), balanced as the guide balances a claim (CLP03 - CAS = CLP04, or
  CLP04 less the AMT*I interest; SVC02 - CAS = SVC03 for each line), and not
  taken back in the same 835 (a reversal under another CLP01 with its CLP07, or
  a PLB naming it with a positive amount); and every 835 transaction balances:
  BPR02, the total paid, equals the sum of CLP04 less the provider-level
  adjustments of its PLB segments.

Each returns ``(message, segment)`` pairs; the caller names the file and the segment.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from golive import x12
from golive.x12 import trace

ACCEPTED = {"A1": "acknowledged, received", "A2": "accepted into adjudication",
            "A5": "accepted into adjudication and split"}
REJECTED = {
    "A3": "returned as unprocessable",
    "A4": "not found",
    "A6": "rejected for missing information",
    "A7": "rejected for invalid information",
    "A8": "rejected for relational field in error",
}
PROCESSED = {"1": "processed as primary", "2": "processed as secondary", "3": "processed as tertiary",
             "19": "processed as primary, forwarded", "20": "processed as secondary, forwarded",
             "21": "processed as tertiary, forwarded"}
FREQUENCY = {"7": "replacement of a prior claim", "8": "void or cancel of a prior claim"}
LEVEL = {"2200B": "batch (information receiver, loop 2200B)", "2200C": "provider (loop 2200C)"}
NOT_PAID = {"4": "denied", "22": "reversal of a previous payment: the payer took the money back",
            "23": "not our claim, forwarded", "25": "predetermination pricing only, no payment"}

Found = Iterator[tuple[str, int]]


def _absent(doc: x12.X12File, claims: tuple[x12.Claim, ...], claim_id: str, holder: str,
            what: str) -> tuple[str, int]:
    st = doc.first("ST")
    line = claims[0].line if claims else (st.line if st is not None else 1)
    has = ", ".join(sorted({c.id for c in claims})[:10]) or "none"
    more = f" and {len({c.id for c in claims}) - 10} more" if len({c.id for c in claims}) > 10 else ""
    return f"claim {claim_id} (smoke_run.claim_id) is not in this {what}: no {holder} carries it " \
           f"(it has: {has}{more})", line


def _lines(claims: list[x12.Claim], doc: x12.X12File) -> str:
    """Where the copies of a claim are: the first three, then how many more."""
    shown = ", ".join(doc.where(c.line) for c in claims[:3])
    return shown + (f" and {len(claims) - 3} more" if len(claims) > 3 else "")


def trace_837(doc: x12.X12File, claim_id: str) -> Found:
    claims = x12.claims_837(doc)
    own = [c for c in claims if c.id == claim_id]
    if not own:
        yield _absent(doc, claims, claim_id, "CLM01", "837")
    elif len(own) > 1:
        yield (f"the 837 submits claim {claim_id} {len(own)} times (CLM01 at {_lines(own, doc)}); "
               "a payer denies every copy after the first as a duplicate claim (CARC 18): the "
               "smoke run is one claim, sent once"), own[1].line
    for c in own[:1]:
        if c.frequency in FREQUENCY:
            yield (f"the 837 sends claim {claim_id} with claim frequency code {c.frequency} "
                   f"(CLM05-3, {FREQUENCY[c.frequency]}): the smoke run is a new claim's first "
                   "trip, frequency 1 (original)"), c.line
        charge, billed = trace.amount(c.charge), _sum(x.charge for x in c.lines)
        if charge is not None and c.lines and billed is not None and charge != billed:
            yield (f"the 837's claim {claim_id} charges {c.charge} (CLM02) but its service lines "
                   f"(SV102) add up to {billed}; the 837P guide has CLM02 = the sum "
                   "of SV102, and a payer's front end rejects the claim"), c.line


def trace_277ca(doc: x12.X12File, claim_id: str) -> Found:
    every = x12.claims_277ca(doc)
    claims = [c for c in every if c.id == claim_id]
    if not claims:
        yield _absent(doc, every, claim_id, "claim-level TRN02 (loop 2200D)", "277CA")
        return
    if len(claims) > 1:
        yield (f"the 277CA acknowledges claim {claim_id} {len(claims)} times (claim-level TRN02 at "
               f"{_lines(claims, doc)}): the payer received it more than once; the smoke run "
               "is one claim, sent once"), claims[1].line
    for level, stc in _over(doc, claim_id):
        yield (f"the 277CA rejects the {level} over claim {claim_id}: STC category {stc.get(1, 1)} "
               f"({REJECTED[stc.get(1, 1)]}), status code {stc.get(1, 2)}; the claim was not "
               "accepted with it"), stc.line
        return
    statuses = [s for c in claims for s in c.statuses]
    own = [s for s in statuses if not s.service]
    for s in own:
        if s.category in REJECTED:
            yield (f"the 277CA rejects claim {claim_id}: STC category {s.category} "
                   f"({REJECTED[s.category]}), status code {s.code}; correct the claim and "
                   "run the smoke claim again"), s.line
            return
    if not any(s.category in ACCEPTED for s in own):
        cats = ", ".join(dict.fromkeys(s.category for s in own)) or "none"
        yield (f"the 277CA does not accept claim {claim_id}: its STC categories are {cats}, "
               "and only A1, A2 or A5 is acceptance"), (own[0].line if own else claims[0].line)
        return
    for s in own:
        if s.category in ACCEPTED and s.action == "U":
            yield (f"the 277CA's STC for claim {claim_id} says {s.category} but its action code "
                   "(STC03) is U, reject: a contradictory acknowledgment; ask the payer which holds "
                   "and run the smoke claim again"), s.line
            return
    for s in statuses:
        if s.service and s.category in REJECTED:
            yield (f"the 277CA accepts claim {claim_id} but rejects its service line {s.service} "
                   f"(loop 2220D): STC category {s.category} ({REJECTED[s.category]}), status code "
                   f"{s.code}; correct the line and run the smoke claim again"), s.line
            return


def trace_835(doc: x12.X12File, claim_id: str) -> Found:
    every = x12.claims_835(doc)
    claims = [c for c in every if c.id == claim_id]
    if not claims:
        yield _absent(doc, every, claim_id, "CLP01", "835")
    for c in claims:
        if c.status not in PROCESSED:
            what = NOT_PAID.get(c.status, "not a claim status of the 835 guide")
            reasons = ", ".join(c.adjustments) or "none given (no CAS segment)"
            said = "denies" if c.status == "4" else "does not pay"
            code = f"CLP02 {c.status}" if c.status == "4" else f"CLP02 {c.status}, {what}"
            work = "the denial" if c.status == "4" else "the claim"
            yield (f"the 835 {said} claim {claim_id} ({code}); adjustment reasons: {reasons}; "
                   f"work {work} and run the smoke claim again"), c.line
            break
    else:
        if len(claims) > 1:
            yield (f"the 835 pays claim {claim_id} {len(claims)} times (CLP01 at "
                   f"{_lines(claims, doc)}, CLP02 {', '.join(c.status for c in claims)}): a "
                   "double payment the payer will take back; list an 835 that pays the smoke "
                   "claim once"), claims[1].line
    for c in claims[:1]:
        if c.status in PROCESSED:
            yield from _processed(c, claim_id)
    yield from _taken_back(doc, every, claims, claim_id)
    for u in trace.unbalanced_835(doc):
        yield (f"the 835 does not balance: BPR02 is {u.total} but its claims' payments (CLP04) "
               f"add up to {u.paid} less {u.adjusted} of provider-level adjustments (PLB), "
               f"{u.paid - u.adjusted}; the 835 guide has BPR02 = sum of CLP04 - sum of PLB "
               "amounts"), u.line


def _processed(c: x12.Claim, claim_id: str) -> Found:
    """A claim the 835 calls processed: amounts not negative, nothing denied at $0, CAS balanced."""
    charge, paid = trace.amount(c.charge), trace.amount(c.paid)
    if charge is None or paid is None:
        return  # pyx12 reports a missing or malformed amount
    if charge < 0 or paid < 0:
        yield (f"the 835 carries claim {claim_id} with negative amounts (CLP03 {c.charge}, CLP04 "
               f"{c.paid}) under CLP02 {c.status} ({PROCESSED[c.status]}); only a reversal "
               "(CLP02 22) carries them negative, and that is the payer taking money back"), c.line
        return
    if paid == 0 and charge > 0 and not any(_posts_at_zero(a) for a in c.adjustments):
        yield (f"the 835 pays nothing for claim {claim_id} (CLP02 {c.status}, CLP04 {c.paid}) with "
               f"adjustments {', '.join(c.adjustments) or 'none'}: the payer denied it without saying so "
               "in CLP02 (a $0 claim posts as processed when the allowed amount went to the patient, "
               "group PR, or was paid by capitation, CARC 24, or by a prior payer, CARC 23); work "
               "the denial and run the smoke claim again"), c.line
        return
    total = _sum((*c.adjusted, *(a for x in c.lines for a in x.adjusted)))
    interest = trace.amount(c.interest) or Decimal(0)   # AMT*I: paid in CLP04 beside the charge
    if total is not None and charge - total != paid and charge - total + interest != paid:
        yield (f"the 835's claim {claim_id} does not balance: CLP03 {c.charge} less its adjustments "
               f"(CAS, claim and service lines) {total} is {charge - total}, but CLP04 is {c.paid}; "
               "the 835 guide has CLP03 - CAS amounts = CLP04 (plus any interest, AMT*I)"), c.line
        return
    for x in c.lines:
        line_charge, line_paid, total = trace.amount(x.charge), trace.amount(x.paid), _sum(x.adjusted)
        if line_charge is None or line_paid is None or total is None:
            continue
        if line_charge - total != line_paid:
            yield (f"the 835's service line {x.procedure} of claim {claim_id} does not balance: SVC02 "
                   f"{x.charge} less its adjustments (CAS) {total} is {line_charge - total}, but "
                   f"SVC03 is {x.paid}; the 835 guide has SVC02 - CAS amounts = SVC03"), x.line
            return


def _posts_at_zero(adjustment: str) -> bool:
    """An adjustment (``CO-45``) under which a processed claim posts at $0: patient responsibility
    (group PR: deductible, coinsurance), capitation (CARC 24) or a prior payer's payment (CARC 23)."""
    group, _, reason = adjustment.partition("-")
    return group == "PR" or reason in ("23", "24")


def _sum(values: Iterable[str]) -> Decimal | None:
    """The sum of X12 amounts, or None when one is unreadable (pyx12 reports it)."""
    total = Decimal(0)
    for value in values:
        number = trace.amount(value)
        if number is None:
            return None
        total += number
    return total


def _taken_back(doc: x12.X12File, every: tuple[x12.Claim, ...], claims: list[x12.Claim],
                claim_id: str) -> Found:
    """The smoke claim's money taken back in the same 835: a reversal under another CLP01 with the
    claim's payer claim number (CLP07), or a PLB naming the claim (overpayment recovery, WO)."""
    refs = frozenset({claim_id, *(c.payer_claim for c in claims if c.payer_claim)})
    for other in every:
        if other.id != claim_id and other.status == "22" and other.payer_claim in refs:
            yield (f"the 835 reverses the payer's claim {other.payer_claim} (CLP07), the smoke claim "
                   f"{claim_id}'s, under CLP01 {other.id} (CLP02 22): the payer took the money back; "
                   "work the claim and run the smoke claim again"), other.line
            return
    for plb, reason, ref, money in trace.recoupments(doc, refs):
        if money <= 0:
            continue  # a negative PLB amount is paid to the provider (interest, L6): nothing taken
        yield (f"the 835 takes back {money} for claim {claim_id} in a provider-level adjustment (PLB "
               f"{reason}:{ref}){' as overpayment recovery' if reason == 'WO' else ''}: the claim's "
               "payment does not stand; work the claim and run the smoke claim again"), plb.line
        return


def _over(doc: x12.X12File, claim_id: str) -> Iterator[tuple[str, x12.Segment]]:
    """The rejecting STCs of the loops over the claim in a 277CA: its batch (information receiver,
    2200B) and its provider (2200C)."""
    over: dict[str, x12.Segment] = {}
    for s in doc.segments:
        if s.id == "ST":
            over = {}
        elif s.id == "STC" and s.loop in LEVEL:
            over[s.loop] = s
        elif s.id == "TRN" and s.loop == "2200D" and s.get(2) == claim_id:
            for loop, stc in sorted(over.items()):
                if stc.get(1, 1) in REJECTED:
                    yield LEVEL[loop], stc
            return


TRACE = {"837": trace_837, "277CA": trace_277ca, "835": trace_835}
