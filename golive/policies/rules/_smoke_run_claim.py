"""What each X12 file of the smoke run says about the smoke claim, as the trading partner reads it.

- the 837 carries ``claim_id`` as a CLM01, once: a second CLM with the same
  patient control number (in another transaction set or interchange of the file
  too) is the claim sent twice, which a payer denies as a duplicate (CARC 18);
- the 277CA carries it as a claim-level TRN02 (loop 2200D), once, whose STC statuses
  accept it (category A1 or A2; A3, A4, A6, A7 and A8 are rejections), and no
  service line of it (loop 2220D) is rejected;
- the 835 carries it as a CLP01 whose CLP02 is a status the 835 guide
  (005010X221A1) calls processed: 1, 2 or 3 (as primary, secondary, tertiary) or
  19, 20 or 21 (the same, forwarded to another payer). 4 (denied), 22 (reversal of
  a previous payment: the payer took the money back), 23 (not our claim) and 25
  (predetermination pricing only) are errors naming the code; the claim is paid
  once (a second processed CLP for it is a double payment the payer will take
  back); and every 835
  transaction balances: BPR02, the total paid, equals the sum of CLP04 less the
  provider-level adjustments of its PLB segments.

Each returns ``(message, segment)`` pairs; the caller names the file and the segment.
"""

from __future__ import annotations

from collections.abc import Iterator

from golive import x12
from golive.x12 import trace

ACCEPTED = {"A1": "acknowledged, received", "A2": "accepted into adjudication"}
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
    return ", ".join(doc.where(c.line) for c in claims)


def trace_837(doc: x12.X12File, claim_id: str) -> Found:
    claims = x12.claims_837(doc)
    own = [c for c in claims if c.id == claim_id]
    if not own:
        yield _absent(doc, claims, claim_id, "CLM01", "837")
    elif len(own) > 1:
        yield (f"the 837 submits claim {claim_id} {len(own)} times (CLM01 at {_lines(own, doc)}); "
               "a payer denies every copy after the first as a duplicate claim (CARC 18): the "
               "smoke run is one claim, sent once"), own[1].line


def trace_277ca(doc: x12.X12File, claim_id: str) -> Found:
    claims = [c for c in x12.claims_277ca(doc) if c.id == claim_id]
    if not claims:
        yield _absent(doc, x12.claims_277ca(doc), claim_id, "claim-level TRN02 (loop 2200D)", "277CA")
        return
    if len(claims) > 1:
        yield (f"the 277CA acknowledges claim {claim_id} {len(claims)} times (claim-level TRN02 at "
               f"{_lines(claims, doc)}): the payer received it more than once; the smoke run "
               "is one claim, sent once"), claims[1].line
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
               "and only A1 or A2 is acceptance"), (own[0].line if own else claims[0].line)
        return
    for s in statuses:
        if s.service and s.category in REJECTED:
            yield (f"the 277CA accepts claim {claim_id} but rejects its service line {s.service} "
                   f"(loop 2220D): STC category {s.category} ({REJECTED[s.category]}), status code "
                   f"{s.code}; correct the line and run the smoke claim again"), s.line
            return


def trace_835(doc: x12.X12File, claim_id: str) -> Found:
    claims = [c for c in x12.claims_835(doc) if c.id == claim_id]
    if not claims:
        yield _absent(doc, x12.claims_835(doc), claim_id, "CLP01", "835")
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
    for u in trace.unbalanced_835(doc):
        yield (f"the 835 does not balance: BPR02 is {u.total} but its claims' payments (CLP04) "
               f"add up to {u.paid} less {u.adjusted} of provider-level adjustments (PLB), "
               f"{u.paid - u.adjusted}; the 835 guide has BPR02 = sum of CLP04 - sum of PLB "
               "amounts"), u.line


TRACE = {"837": trace_837, "277CA": trace_277ca, "835": trace_835}
