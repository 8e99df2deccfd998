"""The smoke run's X12 files, read with pyx12: production envelope, known ids, the claim's path.

Used by the smoke_run policy for each entry of ``smoke_run.files`` whose bytes
match their sha256 (a file that does not is reported as evidence, and not
parsed). Every problem is reported at that entry, and its message names the
X12 file and the segment line (pyx12's line: the segment's position, which is
the file's line when it holds one segment per line).

What a file must be, by ``kind``:

- readable X12 that passes pyx12's implementation-guide validation, holding the
  transaction ``kind`` names (ST01 ``837``; ``277`` under guide 005010X214, the
  277CA; ``835``);
- a production interchange: ISA15 ``P``;
- sent through an envelope of edi.yaml: its ISA05/ISA06 (sender) and ISA07/ISA08
  (receiver) equal ``isa.sender_qualifier``/``sender_id`` and
  ``receiver_qualifier``/``receiver_id`` of an envelope of the same transaction
  (an 837 matches an 837P or 837I envelope), with any partner. edi.yaml records
  each envelope as the interchange carries it: the outbound 837 from the tenant
  to the partner, the inbound 277CA and 835 from the partner to the tenant. So
  the ids are compared as configured, never swapped; a file whose ids match an
  envelope only when swapped is a finding that says so.
- about ``claim_id``: CLM01 of the 837; in the 277CA a claim-level TRN02 (loop
  2200D) whose STC statuses accept it (category A1 or A2; A3, A4, A6, A7 and A8
  are rejections); in the 835 a CLP01 whose CLP02 is not ``4`` (denied).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from golive import x12
from golive.core.findings import Problem, YamlPath
from golive.policies.api import Tenant

F = "golive.yaml"
# kind -> (ST01, the guide it must be under or "" for any, the edi.yaml transactions it travels as)
KINDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "837": ("837", "", ("837P", "837I")),
    "277CA": ("277", "005010X214", ("277CA",)),
    "835": ("835", "", ("835",)),
}
ACCEPTED = {"A1": "acknowledged, received", "A2": "accepted into adjudication"}
REJECTED = {
    "A3": "returned as unprocessable",
    "A4": "not found",
    "A6": "rejected for missing information",
    "A7": "rejected for invalid information",
    "A8": "rejected for relational field in error",
}


def problems(t: Tenant, path: YamlPath, item: Mapping[str, Any], claim_id: str) -> Iterator[Problem]:
    """What is wrong with one X12 file of the smoke run (its hash already matches)."""
    rel, kind = item["evidence"], item["kind"]
    try:
        data = t.evidence.read(rel)
    except OSError as exc:
        yield Problem(F, path, f"{rel}: cannot be read ({exc.strerror or exc})")
        return
    doc = x12.read(data)
    if doc.unreadable is not None:
        yield Problem(F, path, f"{rel}: pyx12 cannot read it as X12: {doc.unreadable}")
        return
    where = _Where(rel, doc)
    if doc.issues:
        yield Problem(F, path, _invalid(where, doc))
    found = x12.transaction_set(doc)
    st01, guide, transactions = KINDS[kind]
    if found is None or found.id != st01 or (guide and found.guide != guide):
        what = f"{found.id} ({found.guide})" if found is not None else "no transaction set"
        yield Problem(F, path, f"{where(found.line if found else 1)}: it holds {what}, not the {kind} "
                      f"that `kind` says; list each file under the kind it holds")
        return
    isa = x12.isa_header(doc)
    if isa is not None:
        if isa.usage_indicator != "P":
            test = ", a test interchange" if isa.usage_indicator == "T" else ""
            yield Problem(F, path, f"{where(isa.line)}: ISA15 is {isa.usage_indicator!r}{test}; the "
                          f"smoke run is one live claim, so its {kind} must be a production "
                          "interchange (ISA15 'P')")
        message = _envelope(t, isa, transactions)
        if message:
            yield Problem(F, path, f"{where(isa.line)}: {message}")
    message, line = _TRACE[kind](doc, claim_id)
    if message:
        yield Problem(F, path, f"{where(line)}: {message}")


class _Where:
    """Renders "<file> line N (SEG)" for a line of the X12 file."""

    def __init__(self, rel: str, doc: x12.X12File) -> None:
        self.rel, self.doc = rel, doc

    def __call__(self, line: int) -> str:
        seg = self.doc.at(line)
        return f"{self.rel} line {line}" + (f" ({seg.id})" if seg is not None else "")


def _invalid(where: _Where, doc: x12.X12File) -> str:
    first, *more = doc.issues
    found = x12.transaction_set(doc)
    guide = found.guide if found and found.guide else "its implementation guide"
    also = ""
    if more:
        lines = sorted({i.line for i in more})
        shown = ", ".join(map(str, lines[:5])) + (", ..." if len(lines) > 5 else "")
        plural = "s" if len(more) > 1 else ""
        also = f" (and {len(more)} more problem{plural}, at line{'s' * (len(lines) > 1)} {shown})"
    return f"{where(first.line)}: fails {guide} validation: {first.message}{also}"


def _ids(pair: tuple[str, str]) -> str:
    return f"{pair[0]}/{pair[1]}"


def _envelope(t: Tenant, isa: x12.IsaHeader, transactions: tuple[str, ...]) -> str | None:
    """Why the ISA ids match no envelope of edi.yaml for these transactions, or None."""
    edi = t.files.get("edi.yaml")
    if edi is None:
        return None  # edi.yaml is absent or off-schema: that is its own finding
    envelopes = [(partner["id"], env) for partner in edi["trading_partners"]
                 for env in partner["envelopes"] if env["transaction"] in transactions]

    def ends(env: Mapping[str, Any]) -> tuple[tuple[str, str], tuple[str, str]]:
        e = env["isa"]
        return (e["sender_qualifier"], e["sender_id"]), (e["receiver_qualifier"], e["receiver_id"])

    wanted = (isa.sender, isa.receiver)
    if any(ends(env) == wanted for _, env in envelopes):
        return None
    names = " or ".join(transactions)
    sent = f"ISA sender {_ids(isa.sender)} and receiver {_ids(isa.receiver)}"
    if not envelopes:
        return f"edi.yaml has no {names} envelope for its {sent}"
    for partner, env in envelopes:
        if ends(env) == (isa.receiver, isa.sender):
            return (f"{sent} are swapped against the {env['transaction']} envelope with {partner} "
                    f"in edi.yaml ({_ids(isa.receiver)} to {_ids(isa.sender)}); edi.yaml records "
                    "each envelope as the interchange carries it")
    known = "; ".join(f"{partner}: {_ids(s)} to {_ids(r)}"
                      for partner, env in envelopes for s, r in [ends(env)])
    return f"{sent} match no {names} envelope in edi.yaml ({known})"


def _absent(doc: x12.X12File, claims: tuple[x12.Claim, ...], claim_id: str,
            holder: str, what: str) -> tuple[str, int]:
    st = doc.first("ST")
    line = claims[0].line if claims else (st.line if st is not None else 1)
    has = ", ".join(sorted({c.id for c in claims})) or "none"
    return f"claim {claim_id} (smoke_run.claim_id) is not in this {what}: no {holder} carries it " \
           f"(it has: {has})", line


def _trace_837(doc: x12.X12File, claim_id: str) -> tuple[str | None, int]:
    claims = x12.claims_837(doc)
    if any(c.id == claim_id for c in claims):
        return None, 0
    return _absent(doc, claims, claim_id, "CLM01", "837")


def _trace_277ca(doc: x12.X12File, claim_id: str) -> tuple[str | None, int]:
    claims = [c for c in x12.claims_277ca(doc) if c.id == claim_id]
    if not claims:
        return _absent(doc, x12.claims_277ca(doc), claim_id, "claim-level TRN02 (loop 2200D)", "277CA")
    statuses = [s for c in claims for s in c.statuses]
    for s in statuses:
        if s.category in REJECTED:
            return (f"the 277CA rejects claim {claim_id}: STC category {s.category} "
                    f"({REJECTED[s.category]}), status code {s.code}; correct the claim and "
                    "run the smoke claim again"), s.line
    if not any(s.category in ACCEPTED for s in statuses):
        cats = ", ".join(s.category for s in statuses) or "none"
        return (f"the 277CA does not accept claim {claim_id}: its STC categories are {cats}, "
                "and only A1 or A2 is acceptance"), (statuses[0].line if statuses else claims[0].line)
    return None, 0


def _trace_835(doc: x12.X12File, claim_id: str) -> tuple[str | None, int]:
    claims = [c for c in x12.claims_835(doc) if c.id == claim_id]
    if not claims:
        return _absent(doc, x12.claims_835(doc), claim_id, "CLP01", "835")
    for c in claims:
        if c.status == "4":
            reasons = ", ".join(c.adjustments) or "none given (no CAS segment)"
            return (f"the 835 denies claim {claim_id} (CLP02 4); adjustment reasons: {reasons}; "
                    "work the denial and run the smoke claim again"), c.line
    return None, 0


_TRACE = {"837": _trace_837, "277CA": _trace_277ca, "835": _trace_835}
