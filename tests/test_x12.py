"""golive.x12 over riverbend's real smoke-run files, and the messages of the X12 bad cases."""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import golive
from golive import x12 as _x12
from golive.x12 import _pyx12_maps, _pyx12_reuse, reader, trace
from tests.conftest import EXAMPLES, make_repo

SMOKE = EXAMPLES / "riverbend-cardio" / "evidence" / "smoke"
BAD = Path(__file__).parent / "bad"


def doc(name: str) -> _x12.X12File:
    return _x12.read((SMOKE / name).read_bytes())


@pytest.mark.parametrize(("name", "transaction"), [
    ("claim.837", ("837", "005010X222A1", 3)),
    ("ack.277ca", ("277", "005010X214", 3)),
    ("era.835", ("835", "005010X221A1", 3)),
])
def test_examples_pass_validation(name: str, transaction: tuple[str, str, int]) -> None:
    d = doc(name)
    assert (d.unreadable, d.issues, d.notes) == (None, (), ())
    [ic] = _x12.interchanges(d.layout)
    [group] = ic.groups
    [ts] = group.sets
    assert (ts.id, ts.guide, ts.st.segment) == transaction
    assert d.layout.one_per_line
    assert len(d.layout.starts) == (SMOKE / name).read_text().count("\n")
    assert (d.segments[-1].id, d.segments[0].loop) == ("IEA", "ISA_LOOP")


def test_interchanges() -> None:
    [ic] = _x12.interchanges(doc("claim.837").layout)
    assert (ic.isa.segment, ic.sender, ic.receiver, ic.isa.get(15)) == (
        1, ("ZZ", "RBC20591"), ("ZZ", "15202"), "P")
    [ic] = _x12.interchanges(doc("era.835").layout)
    assert (ic.sender, ic.receiver, ic.iea.segment if ic.iea else 0) == (
        ("ZZ", "15202"), ("ZZ", "RBC20591"), 25)


def test_claims() -> None:
    assert _x12.claims_837(doc("claim.837")) == (_x12.Claim(
        "SMOKE-20261006-01", 21, "CLM", charge="150", frequency="1", responsibility="P",
        lines=(_x12.ServiceLine(24, "HC:99213", "100"), _x12.ServiceLine(27, "HC:93000", "50"))),)
    # The 2200B TRN (line 12) traces the batch, the 2200C TRN the provider: not claims.
    assert _x12.claims_277ca(doc("ack.277ca")) == (
        _x12.Claim("SMOKE-20261006-01", 24, "TRN", statuses=(_x12.Status(25, "A2", "20", action="WQ"),),
                   payer_claim="2226279000101", charge="150"),)
    assert _x12.claims_835(doc("era.835")) == (
        _x12.Claim("SMOKE-20261006-01", 14, "CLP", status="1", adjustments=("CO-45",), charge="150",
                   paid="120", payer_claim="2226279000101",
                   lines=(_x12.ServiceLine(17, "HC:99213", "100", "80", ("20",)),
                          _x12.ServiceLine(20, "HC:93000", "50", "40", ("10",)))),)


def test_adjustments_of_the_claim_and_its_lines() -> None:
    # A CAS carries up to six reason/amount/quantity triples under one group code.
    text = (SMOKE / "era.835").read_text().replace("CAS*CO*45*10~", "CAS*PR*2*5**1*5~")
    [claim] = _x12.claims_835(_x12.read(text.encode()))
    assert claim.adjustments == ("CO-45", "PR-2", "PR-1")


def test_a_line_is_a_segment_when_the_file_is_one_line() -> None:
    one_line = (SMOKE / "claim.837").read_bytes().replace(b"~\n", b"~")
    d = _x12.read(one_line)
    assert d.issues == ()
    assert _x12.claims_837(d)[0].line == 21
    assert not d.layout.one_per_line
    assert d.where(21) == f"segment 21 (CLM, byte {one_line.index(b'CLM*') + 1})"


@pytest.mark.parametrize(("data", "why"), [
    (b"", "the file is empty"),
    (b" \r\n", "the file holds only whitespace"),
    (b"Remittance advice, page 1\n",
     "it does not begin with an ISA segment (it begins with 'Remittance advice, page ')"),
    (b"ISA*00*short~", "the ISA has 2 elements, not 16 (separated by '*', its fourth character)"),
    ("ISA*00*caf\u00e9".encode("latin-1"), "byte 11 is not text (0xe9); X12 is ASCII text"),
])
def test_unreadable(data: bytes, why: str) -> None:
    d = _x12.read(data)
    assert d.unreadable == why
    assert d.segments == ()


def test_a_guide_pyx12_has_no_map_for() -> None:
    text = (SMOKE / "claim.837").read_text().replace("*005010X222A1~", "*005010X999~")
    assert _x12.read(text.encode()).unreadable == (
        "GS08 is '005010X999' (functional identifier GS01 HC), a version pyx12 has no implementation "
        "guide for; HIPAA 5010 sends an 837P under 005010X222A1, an 837I under 005010X223A2, a 277CA "
        "under 005010X214 and an 835 under 005010X221A1")


def test_envelope_element_errors_are_issues() -> None:
    text = (SMOKE / "claim.837").read_text().replace("*261006*0810*", "*261399*0810*", 1)
    assert _x12.read(text.encode()).issues == (
        _x12.Issue(1, 'Data element "Interchange Date" (ISA09) contains an invalid date (261399)'),)


def test_pyx12_stays_quiet(capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("pyx12")
    before = (logger.level, logger.propagate, list(logger.handlers))
    text = (SMOKE / "claim.837").read_text().replace("DTP*472*D8*20261006", "DTP*472*D8*20261032")
    with caplog.at_level(logging.DEBUG):
        assert len(_x12.read(text.encode()).issues) == 2
        assert _x12.read(b"not x12").unreadable
    assert caplog.records == []
    assert capsys.readouterr() == ("", "")
    assert (logger.level, logger.propagate, list(logger.handlers)) == before


def _message_cases() -> list[Path]:
    """The bad cases whose expectations also give a part of the message."""
    return [case for case in sorted(p for p in BAD.iterdir() if p.is_dir())
            if any("message" in e for e in yaml.safe_load((case / "case.yaml").read_text())["expect"])]


@pytest.mark.parametrize("case", _message_cases(), ids=lambda p: p.name)
def test_bad_case_messages(case: Path, tmp_path: Path) -> None:
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    base = spec["base"]
    repo = make_repo(tmp_path / "repo", (base,))
    shutil.copytree(case / "tenant", repo / "tenants" / base, dirs_exist_ok=True)
    as_of = dt.date.fromisoformat(str(spec.get("as_of", "2026-11-25")))
    findings = list(golive.validate(repo, as_of=as_of, cache=False).findings)
    for e in spec["expect"]:
        assert any(f.line == e["line"] and f.rule == e["rule"] and e["message"] in f.message
                   for f in findings), (e["message"], [f.message for f in findings])


def test_pyx12_failing_is_a_finding_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    import pyx12.x12n_document  # type: ignore[import-untyped]

    def broken(*args: object, **kwargs: object) -> bool:
        raise IndexError("list index out of range")

    monkeypatch.setattr(pyx12.x12n_document, "x12n_document", broken)
    data = (SMOKE / "era.835").read_bytes() + b"\n"  # not the cached example
    assert _x12.read(data).unreadable == "pyx12 failed on it (IndexError: list index out of range)"


X12_FILES = sorted(p for pattern in ("*.837", "*.835", "*.277ca")
                   for p in (*EXAMPLES.glob(f"*/evidence/**/{pattern}"),
                             *(Path(__file__).parent / "bad").glob(f"*/tenant/**/{pattern}")))


def test_shared_maps_give_what_fresh_maps_give() -> None:
    """Each pyx12 map (and its index, and each reference designator) is read once per process;
    reading with fresh ones agrees."""
    import pyx12.map_if  # type: ignore[import-untyped]
    import pyx12.map_index  # type: ignore[import-untyped]
    import pyx12.segment  # type: ignore[import-untyped]

    assert len(X12_FILES) >= 6
    shared = [_x12.parse(p.read_bytes()) for p in X12_FILES]
    sharing, sharing_index = pyx12.map_if.load_map_file, pyx12.map_index.map_index
    sharing_refdes = pyx12.segment.Segment._parse_refdes
    assert sharing is not _pyx12_maps._FRESH_LOAD and sharing_index is not _pyx12_maps._FRESH_INDEX
    assert sharing_refdes is not _pyx12_maps._FRESH_REFDES
    try:
        pyx12.map_if.load_map_file = _pyx12_maps._FRESH_LOAD
        pyx12.map_index.map_index = _pyx12_maps._FRESH_INDEX
        pyx12.segment.Segment._parse_refdes = _pyx12_maps._FRESH_REFDES
        fresh = [_x12.parse(p.read_bytes()) for p in X12_FILES]
    finally:
        pyx12.map_if.load_map_file, pyx12.map_index.map_index = sharing, sharing_index
        pyx12.segment.Segment._parse_refdes = sharing_refdes
    assert shared == fresh
    # The files read twice in a row with one set of maps agree with themselves too.
    assert [_x12.parse(p.read_bytes()) for p in X12_FILES] == shared


def test_remembered_designators_read_as_pyx12_reads_them() -> None:
    """A reference designator is read once; each reading (and each refusal) is pyx12's own."""
    import pyx12.segment  # type: ignore[import-untyped]

    _x12.parse((SMOKE / "claim.837").read_bytes() + b"\n")   # the shared reading is in place
    segment = pyx12.segment.Segment("CLM*A1*100***11:B:1*Y", "~", "*", ":")
    for ref in ("CLM01", "CLM05", "CLM05-1", "CLM05-3", "05-2", "02", "CLM09", "CLM"):
        for _ in range(2):
            assert segment._parse_refdes(ref) == _pyx12_maps._FRESH_REFDES(segment, ref)
    for bad in ("SV101", "[X]01", "SV1[A]01-2"):
        with pytest.raises(Exception) as fresh:
            _pyx12_maps._FRESH_REFDES(segment, bad)
        with pytest.raises(type(fresh.value), match=re.escape(str(fresh.value))):
            segment._parse_refdes(bad)


@pytest.mark.parametrize("name", ["claim.837", "ack.277ca", "era.835"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(element=st.sampled_from("*|"), component=st.sampled_from(":<"),
       terminator=st.sampled_from("~'!"), newline=st.sampled_from(["\n", "\r\n", ""]),
       ending=st.sampled_from(["", "\n", "junk", "unterminated"]))
def test_separators_and_layout_do_not_change_the_reading(name: str, element: str, component: str,
                                                         terminator: str, newline: str, ending: str) -> None:
    """Any separators and line layout read the same segments; a bad ending is one note at its place."""
    text = (SMOKE / name).read_text()
    same = text.replace("~\n", "\x00").replace("*", element).replace(":", component)
    data = same.replace("\x00", terminator + newline)
    if ending == "junk":
        data += "end of file"
    elif ending == "unterminated":
        data = data.rstrip("\r\n").removesuffix(terminator)
    else:
        data = data.rstrip("\r\n") + ending
    d = _x12.parse(data.encode())
    base = doc(name)
    assert d.issues == ()
    def reading(x: _x12.X12File) -> list[tuple[object, ...]]:  # ISA16 is the component separator itself
        return [(s.line, s.id, s.loop, s.elements[:15] if s.id == "ISA" else s.elements) for s in x.segments]

    assert reading(d) == reading(base)
    assert d.layout.one_per_line == (newline != "")
    count = len(base.layout.ids)
    notes = [(n.segment, n.message.split(":")[0]) for n in d.notes]
    assert notes == {"junk": [(0, f"text after the last segment terminator, at byte {len(data) - 10}")],
                     "unterminated": [(count, "the IEA ends the file without the segment terminator "
                                              f"{terminator!r}; end it with {terminator!r}")]}.get(ending, [])
    last = d.where(count)
    assert last == (f"line {count} (IEA)" if newline else
                    f"segment {count} (IEA, byte {data.rindex('IEA' + element) + 1})")


def test_the_cache_is_bounded_by_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    # Bytes not read before (a newline added), so not in the cache yet.
    files = [(SMOKE / n).read_bytes() + b"\n" for n in ("claim.837", "ack.277ca", "era.835")]
    monkeypatch.setattr(reader, "_CACHE", type(reader._CACHE)())
    monkeypatch.setattr(reader, "CACHE_BYTES", len(files[0]) + len(files[1]))
    first = _x12.read(files[0])
    assert _x12.read(files[0]) is first                       # a hit
    _x12.read(files[1])
    assert sum(size for size, _ in reader._CACHE.values()) == len(files[0]) + len(files[1])
    _x12.read(files[2])                                       # over the bound: the oldest leaves
    assert [size for size, _ in reader._CACHE.values()] == [len(files[1]), len(files[2])]
    assert _x12.read(files[0]) is not first
    monkeypatch.setattr(reader, "CACHE_BYTES", 100)           # a file larger than the bound is not kept
    reader._CACHE.clear()
    _x12.read(files[0])
    assert not reader._CACHE


def test_an_empty_segment_is_named_where_pyx12_would_stop_reading() -> None:
    data = (SMOKE / "claim.837").read_bytes().replace(b"HI*ABK:I10~\n", b"HI*ABK:I10~~\n")
    d = _x12.parse(data)
    assert [(n.segment, n.message) for n in d.notes] == [
        (0, f"an empty segment at byte {data.index(b'~~') + 2} (two terminators '~' in a row): pyx12 and "
            "many translators stop reading there; remove it")]
    assert d.layout.ids[-1] == "HI"


_cents = st.decimals(min_value=-99999, max_value=99999, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(paid=st.lists(_cents, max_size=6), plb=st.lists(st.lists(_cents, min_size=1, max_size=6), max_size=3),
       off=st.sampled_from([Decimal(0), Decimal("0.01"), Decimal(-5)]))
def test_an_835_balances_exactly_when_bpr02_is_its_clp04s_less_its_plbs(
        paid: list[Decimal], plb: list[list[Decimal]], off: Decimal) -> None:
    """BPR02 = sum of CLP04 - sum of PLB04, 06, ..., 14 (005010X221A1), to the cent, per transaction set."""
    total = sum(paid, Decimal(0)) - sum((a for p in plb for a in p), Decimal(0)) + off

    def seg(n: int, sid: str, *elements: str) -> _x12.Segment:
        return _x12.Segment(n, sid, "", tuple((e,) for e in elements))

    body = [seg(2, "BPR", "I", str(total)),
            *(seg(3, "CLP", f"C{i}", "1", "100", str(a)) for i, a in enumerate(paid)),
            *(seg(4, "PLB", "1234567893", "20261231", *(x for a in p for x in ("WO", str(a)))) for p in plb)]
    # PLB03, 05, ... are composites (reason:reference); their amounts are PLB04, 06, ...
    doc = _x12.X12File((seg(1, "ST", "835", "0001"), *body, seg(9, "SE", "9", "0001")))
    found = list(trace.unbalanced_835(doc))
    assert (found == []) == (off == 0)
    if found:
        assert found[0].total - (found[0].paid - found[0].adjusted) == off


_amount_text = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", "NaN", "sNaN", "-Infinity", "1E999999999", "1e-999999999", "+5", "5.", ".5",
                     "9" * 40, "-0", "1,000", "١٢٠"]),
    st.text(alphabet="0123456789.-eE+ ", max_size=12))


@settings(max_examples=300, deadline=None)
@given(amounts=st.lists(_amount_text, min_size=9, max_size=9), status=st.sampled_from(["1", "4", "22", "19"]))
def test_the_claim_checks_never_raise_on_any_amount(amounts: list[str], status: str) -> None:
    """Whatever an 835 or 837 writes as an amount (NaN, exponents, 40 digits, junk), the smoke claim's
    checks give findings (pyx12 names the bad value), never an exception that stops the tenant."""
    from golive.policies.rules import _smoke_run_claim

    bpr, clp3, clp4, cas_claim, svc2, svc3, cas_line, plb, sv1 = amounts

    def seg(n: int, sid: str, loop: str, *elements: str) -> _x12.Segment:
        return _x12.Segment(n, sid, loop, tuple(tuple(e.split(":")) for e in elements))

    era = _x12.X12File((
        seg(1, "ST", "", "835", "0001"), seg(2, "BPR", "", "I", bpr),
        seg(3, "CLP", "2100", "C1", status, clp3, clp4, "", "MB", "ICN1"),
        seg(4, "CAS", "2100", "CO", "45", cas_claim), seg(5, "SVC", "2110", "HC:99213", svc2, svc3),
        seg(6, "CAS", "2110", "PR", "1", cas_line), seg(7, "PLB", "", "1", "20261231", "WO:ICN1", plb),
        seg(8, "SE", "", "8", "0001")))
    claim = _x12.X12File((
        seg(1, "ST", "", "837", "0001"), seg(2, "BHT", "", "0019", "00", "B1"),
        seg(3, "CLM", "2300", "C1", clp3, "", "", "11:B:1"), seg(4, "SV1", "2400", "HC:99213", sv1),
        seg(5, "SE", "", "5", "0001")))
    for found in (_smoke_run_claim.trace_835(era, "C1"), _smoke_run_claim.trace_837(claim, "C1")):
        for message, line in found:
            assert isinstance(message, str) and line > 0


@given(st.lists(st.integers(1, 60), unique=True).map(sorted), st.one_of(st.integers(-5, 70), st.none()))
def test_hl_stack_finds_a_parent_as_a_list_does(stack: list[int], parent: int | None) -> None:
    """pyx12's HL stack, searched by bisection, answers ``in`` as the list it replaces."""
    assert (parent in _pyx12_reuse._HLStack(stack)) == (parent in stack)


def test_pyx12_keeps_its_hl_stack_searchable() -> None:
    """A reader pyx12 makes (the parse below) keeps its HL stack as golive's bisected one, reset or not."""
    import pyx12.x12file

    reader.parse((EXAMPLES / "riverbend-cardio" / "evidence" / "smoke" / "claim.837").read_bytes())
    made = pyx12.x12file.X12Base()
    made.hl_stack = [1, 4]
    assert isinstance(made.hl_stack, _pyx12_reuse._HLStack) and 4 in made.hl_stack and 2 not in made.hl_stack


def test_validation_stops_past_the_problems_kept() -> None:
    """A file of many bad segments: pyx12 stops at the 101st problem, the first 100 are kept."""
    text = (EXAMPLES / "riverbend-cardio" / "evidence" / "smoke" / "claim.837").read_text()
    bad = text.replace("SE*27*", "Z~" * 5000 + "SE*5027*")
    doc = reader.parse(bad.encode())
    assert len(doc.issues) == reader.PROBLEMS_KEPT
    assert doc.stopped == 29 + reader.PROBLEMS_KEPT
    assert doc.issues[0].message.startswith("unknown segment 'Z'")
    assert reader.parse(text.encode()).stopped == 0
