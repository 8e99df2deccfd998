"""The smoke run's X12 files checked as the trading partner checks them, one case a row.

Each row edits riverbend-cardio's synthetic smoke-run files (``x12``: text edits
of the 837, 277CA or 835, their sha256 updated in golive.yaml; ``files``: a whole
file written) and lists every finding: rule, golive.yaml line, severity and the
whole message. Riverbend's files are golive.yaml lines 29 (837), 30 (277CA) and
31 (835). How a case is built is tests/test_post_flip_policies.py's ``Case``.
Every fixture pyx12 should find valid is: a problem pyx12 found would be a
"fails ... validation" finding in the case's list.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES
from tests.test_post_flip_policies import ACK, BAU_DAY, CLAIM, ERA, RIVERBEND, Case, _validate

SMOKE, ERROR, WARNING = "GL-SMOKE-RUN", "error", "warning"
# A second interchange appended to the 277CA: in test mode, from a sender edi.yaml does not know
# (about another claim, so that the smoke claim is acknowledged once).
SECOND = ("ISA*00*          *00*          *ZZ*15299          *ZZ*RBC20591       *261006*0848*^*00501*"
          "000062002*0*T*:~\nGS*HN*15299*RBC20591*20261006*0848*62002*X*005010X214~\n")
# A service line (loop 2220D) of the smoke claim, rejected by the 277CA.
REJECTED_LINE = "SVC*HC:93000*50~\nSTC*A7:21*20261006*U~\nDTP*472*D8*20261006~\n"




def _file(rel: str) -> bytes:
    return (EXAMPLES / RIVERBEND / rel).read_bytes()


def _whole(rel: str, data: bytes, **kwargs: object) -> dict[str, object]:
    """A case's ``files`` and ``golive`` edits that put ``data`` in place of ``rel``, hash and all."""
    sha256 = (hashlib.sha256(_file(rel)).hexdigest(), hashlib.sha256(data).hexdigest())
    return {"files": {rel: data}, "golive": (sha256,), **kwargs}


ACK_TEXT = _file(ACK).decode()
BODY_277 = ACK_TEXT[ACK_TEXT.index("ST*277"):ACK_TEXT.index("GE*")]
TWO_INTERCHANGES = (ACK_TEXT + SECOND + BODY_277.replace("SMOKE-20261006-01", "SMOKE-20261006-02")
                    + "GE*1*62002~\nIEA*1*000062002~\n").encode()
CLAIM_TEXT = _file(CLAIM).decode()
# The 837's transaction set again, as a second ST of its group: the smoke claim sent twice.
ST_837 = CLAIM_TEXT[CLAIM_TEXT.index("ST*837"):CLAIM_TEXT.index("GE*")]
RESUBMITTED = CLAIM_TEXT.replace("GE*1*61001~", ST_837.replace("*0001", "*0002").replace(
    "*RB1006A*", "*RB1006B*") + "GE*2*61001~").encode()
# The 277CA's patient loop (2000D, with the smoke claim's 2200D) again, as HL 5.
PATIENT_LOOP = ACK_TEXT[ACK_TEXT.index("HL*4*"):ACK_TEXT.index("SE*")]
# The 837 as two transaction sets: another claim in batch RB1006A, the smoke claim in RB1006B.
OTHER_ST = ST_837.replace("SMOKE-20261006-01", "OTHER-20261006-07")
OWN_ST = ST_837.replace("*0001", "*0002").replace("*RB1006A*", "*RB1006B*")
CLAIM_IN_SECOND_ST = CLAIM_TEXT.replace(ST_837 + "GE*1*", OTHER_ST + OWN_ST + "GE*2*").encode()
ZERO_PAID = (("BPR*I*120*C*", "BPR*I*0*C*"), ("*1*150*120*", "*1*150*0*"),
             ("SVC*HC:99213*100*80", "SVC*HC:99213*100*0"), ("SVC*HC:93000*50*40", "SVC*HC:93000*50*0"))
# A claim of the same patient before the smoke claim, listing a second coverage (loop 2320's SBR S).
OTHER_CLAIM = ("CLM*OTHER-20261006-02*80***11:B:1*Y*A*Y*Y~\nHI*ABK:I10~\nSBR*S*18*******CI~\n"
               "OI***Y*P**Y~\nNM1*IL*1*SAMPLE*JANE****MI*W123456789~\nNM1*PR*2*AETNA*****PI*60054~\n"
               "LX*1~\nSV1*HC:99212*80*UN*1***1~\nDTP*472*D8*20261006~\n")
OTHER_COVERAGE_FIRST = CLAIM_TEXT.replace("CLM*SMOKE-", OTHER_CLAIM + "CLM*SMOKE-").replace(
    "SE*27*", "SE*36*").encode()
# The 835's entry in golive.yaml's smoke_run.files, as a whole line.
ERA_ENTRY = next(line + "\n" for line in (EXAMPLES / RIVERBEND / "golive.yaml").read_text().splitlines()
                 if "evidence/smoke/era.835" in line)
ACKNOWLEDGED_TWICE = ACK_TEXT.replace("SE*26*", PATIENT_LOOP.replace("HL*4*", "HL*5*") + "SE*32*").encode()
# The smoke claim's CLP loop (2100 and its 2110 lines) again in the same 835, both paid.
ERA_TEXT = _file(ERA).decode()
CLP_LOOP = ERA_TEXT[ERA_TEXT.index("CLP*"):ERA_TEXT.index("SE*")]
PAID_TWICE = ERA_TEXT.replace("SE*21*", CLP_LOOP + "SE*30*").replace("BPR*I*120*", "BPR*I*240*").encode()


def _case(name: str, **kwargs: object) -> Case:
    return Case(name, RIVERBEND, BAU_DAY, **kwargs)  # type: ignore[arg-type]


CASES = [
    # --- the claim as the payer adjudicated it ---------------------------------------------
    _case("reversal-clp02-22",
          x12=((ERA, (("CLP*SMOKE-20261006-01*1*150*120*", "CLP*SMOKE-20261006-01*22*-150*-120*"),
                      ("BPR*I*120*C*", "BPR*I*0*C*"),
                      ("CAS*CO*45*10~\nSE*21*",
                       "CAS*CO*45*10~\nPLB*1234567893*20261231*WO:CGS1007*-120~\nSE*22*"))),)),
    _case("835-does-not-balance",
          x12=((ERA, (("BPR*I*120*C*", "BPR*I*130*C*"),)),)),
    _case("835-balances-with-plb", x12=((ERA, (
        ("BPR*I*120*C*", "BPR*I*110*C*"),
        ("CAS*CO*45*10~\nSE*21*", "CAS*CO*45*10~\nPLB*1234567893*20261231*WO:CGS1007*10~\nSE*22*"))),)),
    _case("277ca-service-line-rejected",
          x12=((ACK, (("DTP*472*D8*20261006~\nSE*26*", f"DTP*472*D8*20261006~\n{REJECTED_LINE}SE*29*"),)),)),
    _case("277ca-stc-categories-once",
          x12=((ACK, (("STC*A2:20*20261006*WQ*150~", "STC*A0:16*20261006*WQ*150******A0:21*A0:22~"),)),)),
    _case("835-pays-the-claim-twice", **_whole(ERA, PAID_TWICE)),
    _case("837-submits-the-claim-twice", **_whole(CLAIM, RESUBMITTED)),
    _case("277ca-acknowledges-the-claim-twice", **_whole(ACK, ACKNOWLEDGED_TWICE)),
    _case("835-zero-paid-co-denial", x12=((ERA, (*ZERO_PAID,
          ("CAS*CO*45*20", "CAS*CO*18*100"), ("CAS*CO*45*10", "CAS*CO*18*50"))),)),
    _case("835-zero-paid-to-deductible-posts", x12=((ERA, (*ZERO_PAID,
          ("CAS*CO*45*20", "CAS*PR*1*100"), ("CAS*CO*45*10", "CAS*PR*1*50"))),)),
    _case("835-zero-paid-fee-schedule-then-deductible-posts", x12=((ERA, (*ZERO_PAID,
          ("CAS*CO*45*20", "CAS*CO*45*20~\nCAS*PR*1*80"), ("CAS*CO*45*10", "CAS*CO*45*10~\nCAS*PR*1*40"),
          ("SE*21*", "SE*23*"))),)),
    _case("835-recoups-the-claim-in-plb", x12=((ERA, (("BPR*I*120*C*", "BPR*I*0*C*"), (
        "CAS*CO*45*10~\nSE*21*", "CAS*CO*45*10~\nPLB*1234567893*20261231*WO:2226279000101*120~\nSE*22*"))),)),
    _case("835-reverses-the-payer-claim-under-another-clp01", x12=((ERA, (("BPR*I*120*C*", "BPR*I*0*C*"), (
        "CAS*CO*45*10~\nSE*21*",
        "CAS*CO*45*10~\nCLP*SMOKE-20261006-1*22*-150*-120**MB*2226279000101*11*1~\n"
        "NM1*QC*1*SAMPLE*JANE****MI*1EG4TE5MK73~\nSE*23*"))),)),
    _case("835-negative-amounts-processed", x12=((ERA, (
        ("BPR*I*120*C*", "BPR*I*-120*C*"), ("*1*150*120*", "*1*-150*-120*"))),)),
    _case("835-claim-does-not-balance", x12=((ERA, (("CAS*CO*45*10", "CAS*CO*45*1"),)),)),
    _case("835-service-line-does-not-balance", x12=((ERA, (("SVC*HC:93000*50*40", "SVC*HC:93000*40*40"),)),)),
    _case("835-amount-snan", x12=((ERA, (("*1*150*120*", "*1*150*sNaN*"),)),)),
    _case("837-lines-not-the-claim-charge", x12=((CLAIM, (("SV1*HC:93000*50*", "SV1*HC:93000*40*"),)),)),
    _case("837-void-frequency", x12=((CLAIM, (("*11:B:1*", "*11:B:8*"),)),)),
    _case("batch-of-the-claims-own-transaction-set", **_whole(CLAIM, CLAIM_IN_SECOND_ST)),
    _case("277ca-accepts-with-reject-action",
          x12=((ACK, (("STC*A2:20*20261006*WQ*150", "STC*A2:20*20261006*U*150"),)),)),
    _case("277ca-rejects-the-batch", x12=((ACK, (("STC*A1:19*20261006*WQ*150~\nQTY*90",
                                                  "STC*A3:24*20261006*U*150~\nQTY*90"),)),)),
    _case("835-processed-as-secondary-billed-primary",
          x12=((ERA, (("CLP*SMOKE-20261006-01*1*", "CLP*SMOKE-20261006-01*2*"),)),)),
    _case("277ca-charge-not-the-837s",
          x12=((ACK, (("STC*A2:20*20261006*WQ*150", "STC*A2:20*20261006*WQ*175"),)),)),
    _case("two-835-files", golive=((ERA_ENTRY, ERA_ENTRY * 2),)),
    # --- real payer files that pass, and a 277CA dated too early for any time zone -------
    _case("277ca-stamped-in-central-time", x12=((ACK, (
        ("*261006*0847*", "*261006*0747*"), ("*20261006*0847*62001*", "*20261006*0747*62001*"),
        ("*RB1006ACK*20261006*0847*", "*RB1006ACK*20261006*0747*"))),)),
    _case("277ca-dated-the-evening-before", x12=((ACK, (
        ("*261006*0847*", "*261005*2350*"), ("*20261006*0847*62001*", "*20261005*2350*62001*"),
        ("*RB1006ACK*20261006*0847*", "*RB1006ACK*20261005*2350*"))),)),
    _case("835-capitation-paid-at-zero", x12=((ERA, (*ZERO_PAID,
          ("CAS*CO*45*20", "CAS*CO*24*100"), ("CAS*CO*45*10", "CAS*CO*24*50"))),)),
    _case("835-interest-in-the-claim-payment", x12=((ERA, (
        ("BPR*I*120*C*", "BPR*I*121.5*C*"), ("*1*150*120*", "*1*150*121.5*"),
        ("DTM*232*20261006~", "DTM*232*20261006~\nAMT*I*1.5~"), ("SE*21*", "SE*22*"))),)),
    _case("835-plb-interest-naming-the-claim", x12=((ERA, (("BPR*I*120*C*", "BPR*I*120.42*C*"), (
        "CAS*CO*45*10~\nSE*21*",
        "CAS*CO*45*10~\nPLB*1234567893*20261231*L6:2226279000101*-0.42~\nSE*22*"))),)),
    _case("277ca-a5-split-on-acceptance", x12=((ACK, (("STC*A2:20*", "STC*A5:20*"),)),)),
    _case("837-patient-with-other-insurance-before-the-smoke-claim", **_whole(CLAIM, OTHER_COVERAGE_FIRST)),
    # --- every interchange ------------------------------------------------------------------
    _case("second-interchange-test-mode-unknown-sender",
          **_whole(ACK, TWO_INTERCHANGES)),
    _case("gs-codes-not-the-envelopes",
          x12=((CLAIM, (("GS*HC*RBC20591*15202*", "GS*HC*RBC20599*15202*"),)),)),
    _case("st03-not-gs08",
          x12=((CLAIM, (("ST*837*0001*005010X222A1", "ST*837*0001*005010X223A2"),)),)),
    _case("se-count-at-the-se", x12=((CLAIM, (("SE*27*0001", "SE*26*0001"),)),)),
    _case("ge-control-number-at-the-ge", x12=((CLAIM, (("GE*1*61001", "GE*1*61002"),)),)),
    _case("iea-count-at-the-iea", x12=((CLAIM, (("IEA*1*", "IEA*2*"),)),)),
    _case("one-line-file-names-segments",
          **_whole(CLAIM, _file(CLAIM).replace(b"~\n", b"~").replace(b"SE*27*", b"SE*26*"))),
    _case("text-after-iea", **_whole(CLAIM, _file(CLAIM) + b"end of batch\n")),
    _case("iea-without-terminator", **_whole(CLAIM, _file(CLAIM).rstrip(b"~\n"))),
    _case("repetition-separator-in-data",
          x12=((CLAIM, (("*^*00501*", "*U*00501*"),)),)),
    # --- files a translator would not read --------------------------------------------------
    _case("byte-order-mark-warns", **_whole(CLAIM, b"\xef\xbb\xbf" + _file(CLAIM))),
    _case("utf-16", **_whole(CLAIM, _file(CLAIM).decode().encode("utf-16"))),
    _case("empty-file", **_whole(CLAIM, b"")),
    _case("isa-105-characters",
          x12=((CLAIM, (("*261006*0810*", "*26106*0810*"),)),)),
    _case("isa-107-characters",
          x12=((CLAIM, (("*ZZ*15202          *", "*ZZ*15202           *"),)),)),
    _case("gs08-unsupported",
          x12=((CLAIM, (("*005010X222A1~\nST", "*005010X222A2~\nST"),
                        ("ST*837*0001*005010X222A1", "ST*837*0001*005010X222A2"))),)),
    _case("over-the-size-cap", settings=(("x12_max_bytes: 2097152", "x12_max_bytes: 1024"),),
          **_whole(CLAIM, _file(CLAIM) + b" " * 200)),
    # --- the three files as one trace -------------------------------------------------------
    _case("batch-not-the-837s", x12=((ACK, (("TRN*2*RB1006A~", "TRN*2*RB1005Z~"),)),)),
    _case("charge-not-the-837s",  # another submission, at 175, balanced in itself
          x12=((ERA, (("CLP*SMOKE-20261006-01*1*150*", "CLP*SMOKE-20261006-01*1*175*"),
                      ("SVC*HC:99213*100*80", "SVC*HC:99213*125*80"), ("CAS*CO*45*20", "CAS*CO*45*45"))),)),
    _case("payer-claim-not-the-277cas",
          x12=((ERA, (("*MB*2226279000101*", "*MB*2226279000199*"),)),)),
    _case("277ca-dated-before-the-837",
          x12=((ACK, (("*20261006*0847*62001*", "*20261006*0750*62001*"),)),)),
    _case("277ca-date-out-of-tolerance",
          x12=((ACK, (("*261006*0847*", "*261008*0847*"),)),)),
    _case("835-production-date-out-of-tolerance",
          x12=((ERA, (("DTM*405*20261007", "DTM*405*20261009"),)),)),
    # --- envelopes (second probe) -----------------------------------------------------------
    _case("isa11-is-isa16", x12=((CLAIM, (("*^*00501*", "*:*00501*"),)),)),
    _case("isa16-is-isa11", x12=((CLAIM, (("*P*:~", "*P*^~"),)),)),
    _case("isa16-is-the-terminator", x12=((CLAIM, (("*P*:~", "*P*~~"),)),)),
    _case("isa06-leading-spaces",
          x12=((ACK, (("*ZZ*15202          *ZZ*RBC20591", "*ZZ*     15202     *ZZ*RBC20591"),)),)),
    _case("isa08-leading-spaces",
          x12=((CLAIM, (("*ZZ*15202          *261006", "*ZZ*   15202       *261006"),)),)),
    _case("gs02-leading-space", x12=((ACK, (("GS*HN*15202*", "GS*HN* 15202*"),)),)),
    _case("835-version-4010",
          x12=((ERA, (("*^*00501*", "*U*00401*"), ("*005010X221A1~", "*004010X091A1~"),
                      ("PER*BL*EDI SUPPORT*TE*6155550199~\n", ""), ("SE*21*", "SE*20*"))),)),
    _case("isa12-5010-gs08-4010",
          x12=((ERA, (("*005010X221A1~", "*004010X091A1~"),)),)),
    _case("277ca-isa-dated-before-the-837",
          x12=((ACK, (("*261006*0847*", "*261006*0750*"),)),)),
    _case("277ca-bht-dated-before-the-837",
          x12=((ACK, (("*RB1006ACK*20261006*0847*", "*RB1006ACK*20261006*0750*"),)),)),
    _case("277ca-from-another-partner",
          x12=((ACK, (("*ZZ*15202          *ZZ*RBC20591       *", "*01*030240928      *ZZ*RIVERBENDCV    *"),
                      ("*15202*RBC20591*", "*030240928*RIVERBENDCV*"))),)),
    _case("835-from-another-partner",
          x12=((ERA, (("*ZZ*15202          *ZZ*RBC20591       *", "*01*030240928      *ZZ*RIVERBENDCV    *"),
                      ("*15202*RBC20591*", "*030240928*RIVERBENDCV*"))),)),
    _case("837-subscriber-loop-empty",
          x12=((CLAIM, (("HL*2*1*22*0~", "HL*2*1*22*0~\nHL*3*1*22*0~"), ("SE*27*", "SE*28*"))),)),
    _case("unknown-segments-stop-the-validation",
          x12=((CLAIM, (("DTP*472*D8*20261006~\nSE*27*",
                         "DTP*472*D8*20261006~\n" + "Z~\n" * 150 + "SE*177*"),)),)),
]


# Every finding each case gives: (golive.yaml line, severity, message).
EXPECT: dict[str, tuple[tuple[int, str, str], ...]] = {
    "reversal-clp02-22": (
        (31, ERROR,
         'evidence/smoke/era.835 line 14 (CLP): the 835 does not pay claim '
         'SMOKE-20261006-01 (CLP02 22, reversal of a previous payment: the payer took '
         'the money back); adjustment reasons: CO-45; work the claim and run the smoke '
         'claim again'),
    ),
    "835-does-not-balance": (
        (31, ERROR,
         'evidence/smoke/era.835 line 4 (BPR): the 835 does not balance: BPR02 is 130 '
         "but its claims' payments (CLP04) add up to 120 less 0 of provider-level "
         'adjustments (PLB), 120; the 835 guide has BPR02 = sum of CLP04 - sum of PLB '
         'amounts'),
    ),
    "835-balances-with-plb": (),
    "835-zero-paid-co-denial": (
        (31, ERROR,
         'evidence/smoke/era.835 line 14 (CLP): the 835 pays nothing for claim '
         'SMOKE-20261006-01 (CLP02 1, CLP04 0) with adjustments CO-18: the payer denied '
         'it without saying so in CLP02 (a $0 claim posts as processed when the allowed '
         'amount went to the patient, group PR, or was paid by capitation, CARC 24, or '
         'by a prior payer, CARC 23); work the denial and run the smoke claim again'),
    ),
    "835-zero-paid-to-deductible-posts": (),
    "835-zero-paid-fee-schedule-then-deductible-posts": (),
    "835-recoups-the-claim-in-plb": (
        (31, ERROR,
         'evidence/smoke/era.835 line 23 (PLB): the 835 takes back 120 for claim '
         'SMOKE-20261006-01 in a provider-level adjustment (PLB WO:2226279000101) as '
         "overpayment recovery: the claim's payment does not stand; work the claim and "
         'run the smoke claim again'),
    ),
    "835-reverses-the-payer-claim-under-another-clp01": (
        (31, ERROR,
         "evidence/smoke/era.835 line 23 (CLP): the 835 reverses the payer's claim "
         "2226279000101 (CLP07), the smoke claim SMOKE-20261006-01's, under CLP01 "
         'SMOKE-20261006-1 (CLP02 22): the payer took the money back; work the claim and '
         'run the smoke claim again'),
    ),
    "835-negative-amounts-processed": (
        (31, ERROR,
         'evidence/smoke/era.835 line 14 (CLP): the 835 carries claim SMOKE-20261006-01 '
         'with negative amounts (CLP03 -150, CLP04 -120) under CLP02 1 (processed as '
         'primary); only a reversal (CLP02 22) carries them negative, and that is the '
         'payer taking money back'),
    ),
    "835-claim-does-not-balance": (
        (31, ERROR,
         "evidence/smoke/era.835 line 14 (CLP): the 835's claim SMOKE-20261006-01 does "
         'not balance: CLP03 150 less its adjustments (CAS, claim and service lines) 21 '
         'is 129, but CLP04 is 120; the 835 guide has CLP03 - CAS amounts = CLP04 (plus '
         'any interest, AMT*I)'),
    ),
    "835-service-line-does-not-balance": (
        (31, ERROR,
         "evidence/smoke/era.835 line 20 (SVC): the 835's service line HC:93000 of claim "
         'SMOKE-20261006-01 does not balance: SVC02 40 less its adjustments (CAS) 10 is '
         '30, but SVC03 is 40; the 835 guide has SVC02 - CAS amounts = SVC03'),
    ),
    "835-amount-snan": (
        (31, ERROR,
         'evidence/smoke/era.835 line 14 (CLP): fails 005010X221A1 validation: Data '
         'element "Claim Payment Amount" (CLP04) is type R, contains an invalid '
         'character(sNaN)'),
    ),
    "837-lines-not-the-claim-charge": (
        (29, ERROR,
         "evidence/smoke/claim.837 line 21 (CLM): the 837's claim SMOKE-20261006-01 "
         'charges 150 (CLM02) but its service lines (SV102) add up to 140; the 837P '
         "guide has CLM02 = the sum of SV102, and a payer's front end rejects the claim"),
    ),
    "837-void-frequency": (
        (29, ERROR,
         'evidence/smoke/claim.837 line 21 (CLM): the 837 sends claim SMOKE-20261006-01 '
         'with claim frequency code 8 (CLM05-3, void or cancel of a prior claim): the '
         "smoke run is a new claim's first trip, frequency 1 (original)"),
    ),
    "batch-of-the-claims-own-transaction-set": (
        (30, ERROR,
         'evidence/smoke/ack.277ca line 12 (TRN): the 277CA acknowledges batch RB1006A '
         "(TRN02, loop 2200B), not the 837's batch RB1006B (BHT03, "
         'evidence/smoke/claim.837 line 31 (BHT)); list the 277CA that answers this 837'),
    ),
    "277ca-accepts-with-reject-action": (
        (30, ERROR,
         "evidence/smoke/ack.277ca line 25 (STC): the 277CA's STC for claim "
         'SMOKE-20261006-01 says A2 but its action code (STC03) is U, reject: a '
         'contradictory acknowledgment; ask the payer which holds and run the smoke '
         'claim again'),
    ),
    "277ca-rejects-the-batch": (
        (30, ERROR,
         'evidence/smoke/ack.277ca line 13 (STC): the 277CA rejects the batch '
         '(information receiver, loop 2200B) over claim SMOKE-20261006-01: STC category '
         'A3 (returned as unprocessable), status code 24; the claim was not accepted '
         'with it'),
    ),
    "835-processed-as-secondary-billed-primary": (
        (31, ERROR,
         'evidence/smoke/era.835 line 14 (CLP): the 835 processed claim SMOKE-20261006-01 '
         'as secondary (CLP02 2), but the 837 billed this payer as primary (SBR01 P of '
         "the subscriber over the claim's CLM, evidence/smoke/claim.837 line 21 (CLM)); "
         'the payer adjudicated another coordination of benefits than the one sent'),
    ),
    "277ca-charge-not-the-837s": (
        (30, ERROR,
         'evidence/smoke/ack.277ca line 25 (STC): the 277CA acknowledges claim '
         'SMOKE-20261006-01 for a total charge of 175 (STC04), but the 837 billed 150 '
         '(CLM02, evidence/smoke/claim.837 line 21 (CLM)); the 277CA answers another '
         'submission of the claim'),
    ),
    "277ca-stamped-in-central-time": (
        (30, WARNING,
         'evidence/smoke/ack.277ca line 1 (ISA): the 277CA is dated 2026-10-06 07:47 '
         '(ISA09/ISA10), 0h23m before the 837 it answers (2026-10-06 08:10, '
         'evidence/smoke/claim.837 line 1 (ISA)); X12 carries no time zone, so this is '
         "right only if the 277CA's sender stamps another zone's time than the 837's"),
    ),
    "277ca-dated-the-evening-before": (
        (30, ERROR,
         'evidence/smoke/ack.277ca line 1 (ISA): the 277CA is dated 2026-10-05 23:50 '
         '(ISA09/ISA10), 8h20m before the 837 it answers (2026-10-06 08:10, '
         'evidence/smoke/claim.837 line 1 (ISA)); more than the 8h time zones can '
         'explain: list the files of this smoke run'),
    ),
    "835-capitation-paid-at-zero": (),
    "835-interest-in-the-claim-payment": (),
    "835-plb-interest-naming-the-claim": (),
    "277ca-a5-split-on-acceptance": (),
    "837-patient-with-other-insurance-before-the-smoke-claim": (),
    "two-835-files": (
        (32, ERROR,
         'a second 835 file (files[2] is the first): the smoke run is one claim, so it '
         'lists one file of each kind, the one its claim went in; a claim sent, '
         'acknowledged or paid in two files is one claim twice'),
    ),
    "835-pays-the-claim-twice": (
        (31, ERROR,
         'evidence/smoke/era.835 line 23 (CLP): the 835 pays claim SMOKE-20261006-01 2 '
         'times (CLP01 at line 14 (CLP), line 23 (CLP), CLP02 1, 1): a double payment the '
         'payer will take back; list an 835 that pays the smoke claim once'),
    ),
    "837-submits-the-claim-twice": (
        (29, ERROR,
         'evidence/smoke/claim.837 line 48 (CLM): the 837 submits claim SMOKE-20261006-01 '
         '2 times (CLM01 at line 21 (CLM), line 48 (CLM)); a payer denies every copy after '
         'the first as a duplicate claim (CARC 18): the smoke run is one claim, sent once'),
    ),
    "277ca-acknowledges-the-claim-twice": (
        (30, ERROR,
         'evidence/smoke/ack.277ca line 30 (TRN): the 277CA acknowledges claim '
         'SMOKE-20261006-01 2 times (claim-level TRN02 at line 24 (TRN), line 30 (TRN)): '
         'the payer received it more than once; the smoke run is one claim, sent once'),
    ),
    "277ca-service-line-rejected": (
        (30, ERROR,
         'evidence/smoke/ack.277ca line 29 (STC): the 277CA accepts claim '
         'SMOKE-20261006-01 but rejects its service line HC:93000 (loop 2220D): STC '
         'category A7 (rejected for invalid information), status code 21; correct the '
         'line and run the smoke claim again'),
    ),
    "277ca-stc-categories-once": (
        (30, ERROR,
         'evidence/smoke/ack.277ca line 25 (STC): the 277CA does not accept claim '
         'SMOKE-20261006-01: its STC categories are A0, and only A1, A2 or A5 is '
         'acceptance'),
    ),
    "second-interchange-test-mode-unknown-sender": (
        (30, ERROR,
         'evidence/smoke/ack.277ca line 31 (ISA): ISA sender ZZ/15299 and receiver '
         'ZZ/RBC20591 match no 277CA envelope in edi.yaml (availity: 01/030240928 to '
         'ZZ/RIVERBENDCV; cgs-medicare: ZZ/15202 to ZZ/RBC20591) (interchange 2 of 2, '
         'ISA13 000062002)'),
        (30, ERROR,
         "evidence/smoke/ack.277ca line 31 (ISA): ISA15 is 'T', a test interchange "
         '(interchange 2 of 2, ISA13 000062002); the smoke run is one live claim, so its '
         "277CA must be a production interchange (ISA15 'P')"),
    ),
    "gs-codes-not-the-envelopes": (
        (29, ERROR,
         'evidence/smoke/claim.837 line 2 (GS): GS02/GS03 are RBC20599/15202, not the GS '
         'codes of the 837P envelope with cgs-medicare in edi.yaml (RBC20591/15202), '
         'whose ISA ids the interchange carries'),
    ),
    "st03-not-gs08": (
        (29, ERROR,
         "evidence/smoke/claim.837 line 3 (ST): ST03 is '005010X223A2' but GS08 of its "
         "group is '005010X222A1'; a transaction set names the guide of its group"),
    ),
    "se-count-at-the-se": (
        (29, ERROR,
         "evidence/smoke/claim.837 line 29 (SE): SE01 is '26' but the count of segments "
         'from ST to SE is 27; SE01 counts them'),
    ),
    "ge-control-number-at-the-ge": (
        (29, ERROR,
         "evidence/smoke/claim.837 line 30 (GE): GE02 is '61002' but GS06 of its header "
         "is '61001'; a trailer repeats its header's control number"),
    ),
    "iea-count-at-the-iea": (
        (29, ERROR,
         "evidence/smoke/claim.837 line 31 (IEA): IEA01 is '2' but the count of "
         'functional groups is 1; IEA01 counts them'),
    ),
    "one-line-file-names-segments": (
        (29, ERROR,
         "evidence/smoke/claim.837 segment 29 (SE, byte 875): SE01 is '26' but the count "
         'of segments from ST to SE is 27; SE01 counts them'),
    ),
    "text-after-iea": (
        (29, ERROR,
         "evidence/smoke/claim.837: text after the last segment terminator, at byte 944: "
         "'end of batch' is no segment; remove it"),
    ),
    "iea-without-terminator": (
        (29, ERROR,
         'evidence/smoke/claim.837 line 31 (IEA): the IEA ends the file without the '
         "segment terminator '~'; end it with '~'"),
    ),
    "repetition-separator-in-data": (
        (29, ERROR,
         'evidence/smoke/claim.837 line 12 (N4): ISA11, the repetition separator, is '
         "'U', a character the data also holds (here: 'N4*COLUMBUS*OH*432150001'): a "
         "trading partner splits that element at every 'U'. Use a separator that never "
         "occurs in the data (commonly '^')"),
    ),
    "byte-order-mark-warns": (
        (29, WARNING,
         'evidence/smoke/claim.837: the file begins with a UTF-8 byte-order mark (bytes '
         'EF BB BF, invisible in most editors); golive reads past it, but a trading '
         "partner's translator may reject the interchange: save it without the mark"),
    ),
    "utf-16": (
        (29, ERROR,
         'evidence/smoke/claim.837: cannot be read as X12: it is UTF-16 text; X12 is '
         'exchanged as ASCII (one byte a character): save it as ASCII or UTF-8'),
    ),
    "empty-file": (
        (29, ERROR,
         'evidence/smoke/claim.837: cannot be read as X12: the file is empty'),
    ),
    "isa-105-characters": (
        (29, ERROR,
         'evidence/smoke/claim.837: cannot be read as X12: ISA09 (interchange date) is 5 '
         "characters ('26106'); the ISA is fixed-width and ISA09 is always 6, so the ISA "
         'with its terminator is 105 characters instead of 106'),
    ),
    "isa-107-characters": (
        (29, ERROR,
         'evidence/smoke/claim.837: cannot be read as X12: ISA08 (interchange receiver '
         "id) is 16 characters ('15202           '); the ISA is fixed-width and ISA08 is "
         'always 15 (pad an id with spaces), so the ISA with its terminator is 107 '
         'characters instead of 106'),
    ),
    "gs08-unsupported": (
        (29, ERROR,
         "evidence/smoke/claim.837: cannot be read as X12: GS08 is '005010X222A2' "
         '(functional identifier GS01 HC), a version pyx12 has no implementation guide '
         'for; HIPAA 5010 sends an 837P under 005010X222A1, an 837I under 005010X223A2, '
         'a 277CA under 005010X214 and an 835 under 005010X221A1'),
    ),
    "over-the-size-cap": (
        (29, ERROR,
         'evidence/smoke/claim.837: 1,143 bytes, over the 1,024 bytes '
         'smoke_run.x12_max_bytes (policies/settings.yaml) allows, so it is not read; '
         "list the smoke claim's own file (its batch as sent), or raise the cap in a "
         'reviewed pull request'),
    ),
    "batch-not-the-837s": (
        (30, ERROR,
         'evidence/smoke/ack.277ca line 12 (TRN): the 277CA acknowledges batch RB1005Z '
         "(TRN02, loop 2200B), not the 837's batch RB1006A (BHT03, "
         'evidence/smoke/claim.837 line 4 (BHT)); list the 277CA that answers this 837'),
    ),
    "charge-not-the-837s": (
        (31, ERROR,
         'evidence/smoke/era.835 line 14 (CLP): the 835 remits claim SMOKE-20261006-01 '
         'for a charge of 175 (CLP03), but the 837 billed 150 (CLM02, '
         'evidence/smoke/claim.837 line 21 (CLM)); the 835 answers another submission of '
         'the claim'),
    ),
    "payer-claim-not-the-277cas": (
        (31, ERROR,
         "evidence/smoke/era.835 line 14 (CLP): the 835's payer claim control number for "
         'claim SMOKE-20261006-01 is 2226279000199 (CLP07), but the 277CA gave it '
         '2226279000101 (REF*1K, evidence/smoke/ack.277ca line 26 (REF)); the two files '
         'are about different claims of the payer'),
    ),
    "277ca-dated-before-the-837": (
        (30, WARNING,
         'evidence/smoke/ack.277ca line 2 (GS): the 277CA is dated 2026-10-06 07:50 '
         '(GS04/GS05), 0h20m before the 837 it answers (2026-10-06 08:10, '
         'evidence/smoke/claim.837 line 2 (GS)); X12 carries no time zone, so this is '
         "right only if the 277CA's sender stamps another zone's time than the 837's"),
    ),
    "277ca-date-out-of-tolerance": (
        (30, ERROR,
         'evidence/smoke/ack.277ca line 1 (ISA): ISA09 dates the 277CA 2026-10-08 08:47, '
         '48h00m from acknowledged_at 2026-10-06T08:47:00-04:00, more than the 12h '
         'smoke_run.x12_time_tolerance_hours allows; list the 277CA of this smoke run, '
         'or correct acknowledged_at'),
    ),
    "835-production-date-out-of-tolerance": (
        (31, ERROR,
         'evidence/smoke/era.835 line 6 (DTM): DTM*405 dates the 835 2026-10-09, 41h45m '
         'from remitted_at 2026-10-07T06:15:00-04:00, more than the 12h '
         'smoke_run.x12_time_tolerance_hours allows; list the 835 of this smoke run, or '
         'correct remitted_at'),
    ),
    # --- envelopes (second probe) -----------------------------------------------------------
    "isa11-is-isa16": (
        (29, ERROR,
         'evidence/smoke/claim.837: cannot be read as X12: ISA11 (repetition separator) and ISA16 '
         "(component separator) are both ':': X12 tells the delimiters apart by their characters, "
         'so the element separator, repetition separator, component separator and segment '
         "terminator must differ (commonly '*^:~', in that order)"),
    ),
    "isa16-is-isa11": (
        (29, ERROR,
         'evidence/smoke/claim.837: cannot be read as X12: ISA11 (repetition separator) and ISA16 '
         "(component separator) are both '^': X12 tells the delimiters apart by their characters, "
         'so the element separator, repetition separator, component separator and segment '
         "terminator must differ (commonly '*^:~', in that order)"),
    ),
    "isa16-is-the-terminator": (
        (29, ERROR,
         'evidence/smoke/claim.837: cannot be read as X12: ISA16 (component separator) and the '
         "segment terminator (the character after ISA16) are both '~': X12 tells the delimiters "
         'apart by their characters, so the element separator, repetition separator, component '
         "separator and segment terminator must differ (commonly '*^:~', in that order)"),
    ),
    "isa12-5010-gs08-4010": (
        (31, ERROR,
         "evidence/smoke/era.835: cannot be read as X12: GS08 is '004010X091A1', a guide of "
         "version '004010', but ISA12 says the interchange is version '00501': a group is of its "
         "interchange's version. HIPAA requires 5010 (ISA12 00501): an 837P under GS08 "
         '005010X222A1, an 837I under 005010X223A2, a 277CA under 005010X214 and an 835 under '
         '005010X221A1'),
    ),
    "isa06-leading-spaces": (
        (30, ERROR,
         "evidence/smoke/ack.277ca line 1 (ISA): ISA06 (interchange sender id) is '     15202     "
         "', with leading spaces: it is left-justified and filled with spaces to 15 characters, "
         "and a trading partner reads it as another id; write '15202          '"),
    ),
    "isa08-leading-spaces": (
        (29, ERROR,
         "evidence/smoke/claim.837 line 1 (ISA): ISA08 (interchange receiver id) is '   "
         "15202       ', with leading spaces: it is left-justified and filled with spaces to 15 "
         "characters, and a trading partner reads it as another id; write '15202          '"),
    ),
    "gs02-leading-space": (
        (30, ERROR,
         "evidence/smoke/ack.277ca line 2 (GS): GS02 (application sender's code) is ' 15202', with "
         'spaces around the id: a trading partner compares it character for character and reads '
         "another id; write '15202'"),
    ),
    "835-version-4010": (
        (31, ERROR,
         "evidence/smoke/era.835 line 1 (ISA): ISA12 is '00401': HIPAA requires X12 version 5010 "
         'for claims, acknowledgments and remittances (45 CFR 162, since 2012), so the interchange '
         "is version '00501'"),
        (31, ERROR,
         "evidence/smoke/era.835 line 2 (GS): GS08 is '004010X091A1', not the HIPAA 5010 guide of "
         'the 835: 005010X221A1'),
    ),
    "277ca-isa-dated-before-the-837": (
        (30, WARNING,
         'evidence/smoke/ack.277ca line 1 (ISA): the 277CA is dated 2026-10-06 07:50 '
         '(ISA09/ISA10), 0h20m before the 837 it answers (2026-10-06 08:10, '
         'evidence/smoke/claim.837 line 1 (ISA)); X12 carries no time zone, so this is '
         "right only if the 277CA's sender stamps another zone's time than the 837's"),
    ),
    "277ca-bht-dated-before-the-837": (
        (30, WARNING,
         'evidence/smoke/ack.277ca line 4 (BHT): the 277CA is dated 2026-10-06 07:50 '
         '(BHT04/BHT05), 0h20m before the 837 it answers (2026-10-06 08:10, '
         'evidence/smoke/claim.837 line 4 (BHT)); X12 carries no time zone, so this is '
         "right only if the 277CA's sender stamps another zone's time than the 837's"),
    ),
    "277ca-from-another-partner": (
        (30, ERROR,
         'evidence/smoke/ack.277ca line 1 (ISA): the 277CA comes from availity (its ISA ids are '
         "that partner's 277CA envelope in edi.yaml), but the 837 was sent to cgs-medicare "
         '(evidence/smoke/claim.837 line 1 (ISA)); the partner that received the 837 returns it: '
         'list the 277CA from cgs-medicare'),
    ),
    "835-from-another-partner": (),
    "837-subscriber-loop-empty": (
        (29, ERROR,
         'evidence/smoke/claim.837 line 14 (HL): the subscriber loop 2000B (HL01 2, HL03 22) has '
         "no SBR: the 837 guide requires the subscriber's SBR and name (NM1*IL, loop 2010BA) in "
         'every 2000B, and a payer rejects the claim; it is followed by HL: fill in the subscriber '
         'or remove the HL'),
    ),
    "unknown-segments-stop-the-validation": (
        (29, ERROR,
         'evidence/smoke/claim.837 line 29 (Z): fails 005010X222A1 validation: unknown segment '
         "'Z': an X12 segment id is 2 or 3 capital letters and digits (NM1, HL, ...); remove it "
         '(and 99 more problems, at lines 30, 31, 32, 33, 34, ...; validation stopped at line 129 '
         '(Z), past 100 problems, so the rest of the file is not checked: fix these first)'),
    ),
}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_x12_case(case: Case, tmp_path: Path) -> None:
    findings = _validate(tmp_path, case)
    got = sorted((f.line, f.severity.value, f.message) for f in findings if f.rule == SMOKE)
    assert got == sorted(EXPECT[case.id]), "\n".join(repr(g) for g in got)
    assert [f for f in findings if f.rule != SMOKE] == []
    assert {f.file for f in findings} <= {f"tenants/{RIVERBEND}/golive.yaml"}
