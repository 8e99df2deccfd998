"""The smoke run's X12 files, one at a time: readable, valid, production, the tenant's envelopes.

Used by the smoke_run policy for each entry of ``smoke_run.files`` whose bytes
match their sha256 (a file that does not is reported as evidence, and not
parsed). Every problem is reported at that entry, and its message names the
X12 file and the segment (its line when the file holds one segment per line,
else "segment N" with its byte offset).

What a file must be, by ``kind``:

- no larger than ``smoke_run.x12_max_bytes`` (policies/settings.yaml), else it is
  refused with one finding and not read;
- readable X12 (an empty, UTF-16 or non-text file, an ISA of the wrong width, text
  after the last segment, a last segment without its terminator and a repetition
  separator ISA11 that occurs in the data are findings in words; a UTF-8
  byte-order mark is a warning) whose envelopes' control numbers and counts agree
  (each at its trailer), and that passes pyx12's implementation-guide validation;
- every transaction set the transaction ``kind`` names (ST01 ``837``; ``277``
  under guide 005010X214, the 277CA; ``835``), and ST03, where given, equal to
  its group's GS08;
- every interchange of HIPAA's X12 5010: ISA12 ``00501``, each GS08 the 5010
  guide of ``kind`` (:data:`GUIDES`);
- every interchange in production: ISA15 ``P``;
- an 837's subscriber loops (2000B) each open with their SBR;
- every interchange sent through an envelope of edi.yaml: its ISA05/ISA06
  (sender) and ISA07/ISA08 (receiver) equal ``isa.sender_qualifier``/``sender_id``
  and ``receiver_qualifier``/``receiver_id`` of an envelope of the same
  transaction (an 837 matches an 837P or 837I envelope), with any partner, and
  each group's GS02/GS03 equal that envelope's ``gs.sender_code``/``receiver_code``.
  edi.yaml records each envelope as the interchange carries it: the outbound 837
  from the tenant to the partner, the inbound 277CA and 835 from the partner to
  the tenant. So the ids are compared as configured, never swapped; a file whose
  ids match an envelope only when swapped is a finding that says so.

:func:`same_partner` ties the 277CA and 835 to the trading partner the 837 was
sent to. What each file says about the claim is :mod:`._smoke_run_claim`; what ties the
three files together and to golive.yaml is :mod:`._smoke_run_ties`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from golive import x12
from golive.core.findings import Problem, Severity, YamlPath
from golive.policies.api import Tenant

F = "golive.yaml"
# kind -> (ST01, the guide it must be under or "" for any, the edi.yaml transactions it travels as)
KINDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "837": ("837", "", ("837P", "837I")),
    "277CA": ("277", "005010X214", ("277CA",)),
    "835": ("835", "", ("835",)),
}

# kind -> the HIPAA 5010 guides (GS08) it is sent under
GUIDES: dict[str, dict[str, str]] = {
    "837": {"005010X222A1": "005010X222A1 (837P)", "005010X223A2": "005010X223A2 (837I)"},
    "277CA": {"005010X214": "005010X214"},
    "835": {"005010X221A1": "005010X221A1"},
}


def load(t: Tenant, path: YamlPath, item: Mapping[str, Any],
         problems: list[Problem]) -> x12.X12File | None:
    """Read one X12 file of the smoke run (its hash already matches), adding what is wrong
    with it to ``problems``; the file, or None when it could not be read as X12."""
    rel, kind = item["evidence"], item["kind"]
    cap = t.settings.smoke_run_x12_max_bytes
    size = t.evidence.size(rel)
    if size > cap:
        problems.append(Problem(F, path, f"{rel}: {size:,} bytes, over the {cap:,} bytes "
                                "smoke_run.x12_max_bytes (policies/settings.yaml) allows, so it is "
                                "not read; list the smoke claim's own file (its batch as sent), or "
                                "raise the cap in a reviewed pull request"))
        return None
    try:
        data = t.evidence.read(rel)
    except OSError as exc:
        problems.append(Problem(F, path, f"{rel}: cannot be read ({exc.strerror or exc})"))
        return None
    doc = x12.read(data)
    if doc.unreadable is not None:
        problems.append(Problem(F, path, f"{rel}: cannot be read as X12: {doc.unreadable}"))
        return None
    held = _holds(rel, kind, doc)
    problems.extend(_problems(t, path, rel, kind, doc))
    if doc.stopped:
        return None  # what it says about the claim was not all read
    if held:
        problems.append(Problem(F, path, held))
        return None
    return doc


def _holds(rel: str, kind: str, doc: x12.X12File) -> str | None:
    """Why the file does not hold the transaction ``kind`` names (each of its sets), or None."""
    st01, guide, _ = KINDS[kind]
    sets = [ts for ic in x12.interchanges(doc.layout) for g in ic.groups for ts in g.sets]
    if not sets:
        return f"{rel}: it holds no transaction set, not the {kind} that `kind` says"
    for ts in sets:
        if ts.id != st01 or (guide and ts.guide != guide):
            return (f"{rel} {doc.where(ts.st.segment)}: it holds {ts.id} ({ts.guide}), not the {kind} "
                    "that `kind` says; list each file under the kind it holds")
    return None


def _problems(t: Tenant, path: YamlPath, rel: str, kind: str, doc: x12.X12File) -> Iterator[Problem]:
    for note in doc.notes:
        where = f"{rel} {doc.where(note.segment)}" if note.segment else rel
        yield Problem(F, path, f"{where}: {note.message}",
                      Severity.WARNING if note.warning else None)
    if doc.issues:
        yield Problem(F, path, _invalid(rel, doc))
    if kind == "837":
        for segment, message in _empty_subscribers(doc.layout):
            yield Problem(F, path, f"{rel} {doc.where(segment)}: {message}")
    if _holds(rel, kind, doc):
        return  # under another kind, its envelopes would be compared with the wrong ones
    exchanges = x12.interchanges(doc.layout)
    transactions = KINDS[kind][2]
    for n, ic in enumerate(exchanges, 1):
        which = (f" (interchange {n} of {len(exchanges)}, ISA13 {ic.isa.get(13)})"
                 if len(exchanges) > 1 else "")
        usage = ic.isa.get(15)
        if usage != "P":
            test = ", a test interchange" if usage == "T" else ""
            yield Problem(F, path, f"{rel} {doc.where(ic.isa.segment)}: ISA15 is {usage!r}{test}{which}; "
                          f"the smoke run is one live claim, so its {kind} must be a production "
                          "interchange (ISA15 'P')")
        for segment, message in [*_version(kind, ic), *_envelope(t, ic, transactions)]:
            yield Problem(F, path, f"{rel} {doc.where(segment)}: {message}{which}")


def _invalid(rel: str, doc: x12.X12File) -> str:
    first, *more = doc.issues
    guides = sorted({ts.guide for ic in x12.interchanges(doc.layout) for g in ic.groups for ts in g.sets})
    guide = " and ".join(g for g in guides if g) or "its implementation guide"
    also = ""
    if more:
        lines = sorted({i.line for i in more})
        shown = ", ".join(map(str, lines[:5])) + (", ..." if len(lines) > 5 else "")
        plural = "s" if len(more) > 1 else ""
        unit = "line" if doc.layout.one_per_line else "segment"
        also = f" (and {len(more)} more problem{plural}, at {unit}{'s' * (len(lines) > 1)} {shown})"
    if doc.stopped:
        also = also[:-1] + _stopped(doc)
    return f"{rel} {doc.where(first.line)}: fails {guide} validation: {first.message}{also}"


def _version(kind: str, ic: x12.Interchange) -> Iterator[tuple[int, str]]:
    """An interchange or group of another version than HIPAA's 5010 (ISA12, GS08)."""
    if ic.isa.get(12) != "00501":
        yield ic.isa.segment, (f"ISA12 is {ic.isa.get(12)!r}: HIPAA requires X12 version 5010 for "
                               "claims, acknowledgments and remittances (45 CFR 162, since 2012), "
                               "so the interchange is version '00501'")
    guides = GUIDES[kind]
    for group in ic.groups:
        if group.gs.get(8) not in guides:
            yield group.gs.segment, (f"GS08 is {group.gs.get(8)!r}, not the HIPAA 5010 guide of "
                                     f"the {kind}: {' or '.join(guides.values())}")


def _stopped(doc: x12.X12File) -> str:
    """The end of the validation finding of a file pyx12 was stopped in."""
    return (f"; validation stopped at {doc.where(doc.stopped)}, past {x12.PROBLEMS_KEPT} problems, so "
            "the rest of the file is not checked: fix these first)")


def _ids(pair: tuple[str, str]) -> str:
    return f"{pair[0]}/{pair[1]}"


def _envelope(t: Tenant, ic: x12.Interchange,
              transactions: tuple[str, ...]) -> Iterator[tuple[int, str]]:
    """Where and why an interchange's ISA or GS ids match no envelope of edi.yaml."""
    edi = t.files.get("edi.yaml")
    if edi is None:
        return  # edi.yaml is absent or off-schema: that is its own finding
    envelopes = [(partner["id"], env) for partner in edi["trading_partners"]
                 for env in partner["envelopes"] if env["transaction"] in transactions]

    def ends(env: Mapping[str, Any]) -> tuple[tuple[str, str], tuple[str, str]]:
        e = env["isa"]
        return (e["sender_qualifier"], e["sender_id"]), (e["receiver_qualifier"], e["receiver_id"])

    isa = ic.isa.segment
    matched = [(partner, env) for partner, env in envelopes if ends(env) == (ic.sender, ic.receiver)]
    if matched:
        codes = {(env["gs"]["sender_code"], env["gs"]["receiver_code"]): (partner, env)
                 for partner, env in matched}
        for group in ic.groups:
            gs = (group.gs.get(2), group.gs.get(3))
            if gs not in codes:
                partner, env = matched[0]
                yield group.gs.segment, (
                    f"GS02/GS03 are {_ids(gs)}, not the GS codes of the {env['transaction']} envelope "
                    f"with {partner} in edi.yaml ({env['gs']['sender_code']}/{env['gs']['receiver_code']}), "
                    "whose ISA ids the interchange carries")
        return
    names = " or ".join(transactions)
    sent = f"ISA sender {_ids(ic.sender)} and receiver {_ids(ic.receiver)}"
    if not envelopes:
        yield isa, f"edi.yaml has no {names} envelope for its {sent}"
        return
    for partner, env in envelopes:
        if ends(env) == (ic.receiver, ic.sender):
            yield isa, (f"{sent} are swapped against the {env['transaction']} envelope with {partner} "
                        f"in edi.yaml ({_ids(ic.receiver)} to {_ids(ic.sender)}); edi.yaml records "
                        "each envelope as the interchange carries it")
            return
    known = "; ".join(f"{partner}: {_ids(s)} to {_ids(r)}"
                      for partner, env in envelopes for s, r in [ends(env)])
    yield isa, f"{sent} match no {names} envelope in edi.yaml ({known})"


def partners(t: Tenant, kind: str, doc: x12.X12File) -> tuple[str, ...]:
    """The edi.yaml partners whose ``kind`` envelope the file's first interchange carries (its ISA ids)."""
    edi = t.files.get("edi.yaml")
    exchanges = x12.interchanges(doc.layout)
    if edi is None or not exchanges:
        return ()
    ic = exchanges[0]
    return tuple(dict.fromkeys(
        partner["id"] for partner in edi["trading_partners"] for env in partner["envelopes"]
        if env["transaction"] in KINDS[kind][2]
        and (env["isa"]["sender_qualifier"], env["isa"]["sender_id"]) == ic.sender
        and (env["isa"]["receiver_qualifier"], env["isa"]["receiver_id"]) == ic.receiver))


def same_partner(t: Tenant, files: Mapping[str, Any]) -> Iterator[Problem]:
    """A 277CA from another trading partner than the one the 837 was sent to.

    ``files`` maps a kind to its first readable file (``path``, ``rel``, ``doc``).
    The 277CA is returned by the partner that received the 837. The 835 is not
    compared: a payer's remittances are enrolled apart from its claims (ERA
    enrollment), so claims sent through a clearinghouse with remittances straight
    from the payer is common; it need only match an 835 envelope of edi.yaml. A
    file whose ids match no envelope is its own finding, and not compared.
    """
    claim = files.get("837")
    sent = partners(t, "837", claim.doc) if claim is not None else ()
    if claim is None or not sent:
        return
    to = " or ".join(sent)
    isa = x12.interchanges(claim.doc.layout)[0].isa.segment
    for kind, who in (("277CA", "the partner that received the 837 returns it"),):
        f = files.get(kind)
        came = partners(t, kind, f.doc) if f else ()
        if f is None or not came or set(came) & set(sent):
            continue
        at = x12.interchanges(f.doc.layout)[0].isa.segment
        yield Problem(F, f.path, f"{f.rel} {f.doc.where(at)}: the {kind} comes from "
                      f"{' or '.join(came)} (its ISA ids are that partner's {kind} envelope in "
                      f"edi.yaml), but the 837 was sent to {to} ({claim.rel} "
                      f"{claim.doc.where(isa)}); {who}: list the {kind} from {to}")


def _empty_subscribers(layout: x12.Layout) -> Iterator[tuple[int, str]]:
    """The first 837 subscriber loop (2000B: an HL whose HL03 is 22) not opened by its SBR, and how many more.

    The 837P and 837I guides require SBR right after the HL of every 2000B, and
    the subscriber's name (NM1*IL, loop 2010BA) in it; pyx12 passes a 2000B that
    holds nothing (its HL followed by the next HL).
    """
    text, element, terminator = layout.text, layout.element, layout.terminator
    empty: list[tuple[int, str, str]] = []
    for number, seg_id in enumerate(layout.ids, 1):
        if seg_id != "HL":
            continue
        start = layout.starts[number - 1]
        hl = text[start: text.find(terminator, start)].split(element)
        following = layout.segment_id(number + 1)
        if len(hl) > 3 and hl[3] == "22" and following != "SBR":
            empty.append((number, hl[1], following))
    if not empty:
        return
    number, hl01, following = empty[0]
    more = f" (and {len(empty) - 1} more such HLs)" if len(empty) > 1 else ""
    yield number, (f"the subscriber loop 2000B (HL01 {hl01}, HL03 22) has no SBR{more}: the 837 guide "
                   "requires the subscriber's SBR and name (NM1*IL, loop 2010BA) in every 2000B, and a "
                   f"payer rejects the claim; it is followed by {following or 'nothing'}: fill in the "
                   "subscriber or remove the HL")
