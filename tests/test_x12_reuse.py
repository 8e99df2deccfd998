"""golive.x12._pyx12_reuse: remembered verdicts, path-text counts and the control-character
fast path give exactly what pyx12 as published gives, file after file in one process."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from golive import x12 as _x12
from golive.x12 import _pyx12_reuse
from tests.conftest import EXAMPLES

SMOKE = EXAMPLES / "riverbend-cardio" / "evidence" / "smoke"
NAMES = ("claim.837", "ack.277ca", "era.835")
X12_FILES = sorted(p for pattern in ("*.837", "*.835", "*.277ca")
                   for p in (*EXAMPLES.glob(f"*/evidence/**/{pattern}"),
                             *(Path(__file__).parent / "bad").glob(f"*/tenant/**/{pattern}")))


def plain(data: bytes) -> _x12.X12File:
    with _pyx12_reuse.plain():
        return _x12.parse(data)


def findings(d: _x12.X12File) -> tuple[object, ...]:
    return d.unreadable, d.issues, d.notes


def test_every_stored_file_reads_as_plain_pyx12_reads_it() -> None:
    assert len(X12_FILES) >= 6
    for path in X12_FILES:
        data = path.read_bytes()
        _x12.parse(data)                      # remembered verdicts in place
        assert _x12.parse(data) == plain(data), path


def test_a_file_differing_in_one_element_is_judged_afresh() -> None:
    """The remembered verdict of a segment is never given to a segment that differs from it."""
    good = (SMOKE / "claim.837").read_bytes()
    bad_date = good.replace(b"DTP*472*D8*20261006~\nLX*2", b"DTP*472*D8*20261306~\nLX*2")
    bad_code = good.replace(b"DMG*D8*19520314*F", b"DMG*D8*19520314*Q")
    assert bad_date != good and bad_code != good
    for _ in range(2):
        assert findings(_x12.parse(good)) == (None, (), ())
        dated = _x12.parse(bad_date)
        assert [(i.line, "invalid date" in i.message) for i in dated.issues] == [(25, True)]
        coded = _x12.parse(bad_code)
        assert [(i.line, "DMG03" in i.message) for i in coded.issues] == [(19, True)]
    assert findings(_x12.parse(good)) == (None, (), ())


def test_a_separator_is_part_of_what_is_remembered() -> None:
    """The same values under another component separator: pyx12 quotes the element as written."""
    colon = (SMOKE / "claim.837").read_text().replace("SBR*P*18*******MB", "SBR*P*18*A:B******MB")
    other = colon.replace(":", "<")                   # ISA16 too: the same components, "A<B"
    for data in (colon.encode(), other.encode(), colon.encode()):
        assert findings(_x12.parse(data)) == findings(plain(data))
    assert _x12.parse(colon.encode()).issues[0].message.endswith("(SBR03) is an invalid composite (A:B)")
    assert _x12.parse(other.encode()).issues[0].message.endswith("(SBR03) is an invalid composite (A<B)")


@st.composite
def edited(draw: st.DrawFn) -> bytes:
    """A riverbend smoke file with a segment changed, doubled or dropped."""
    name = draw(st.sampled_from(NAMES))
    lines = (SMOKE / name).read_text().splitlines(keepends=True)
    at = draw(st.integers(3, len(lines) - 4))        # past ISA, GS and ST; before SE, GE and IEA
    how = draw(st.sampled_from(["element", "double", "drop", "many"]))
    if how == "double":
        lines.insert(at, lines[at])
    elif how == "drop":
        del lines[at]
    elif how == "many":
        lines[at:at] = [lines[at]] * draw(st.integers(2, 13))
    else:
        fields = lines[at].rstrip("~\n").split("*")
        n = draw(st.integers(1, len(fields)))
        value = draw(st.text(st.sampled_from("A0 9.-:\x07\x1c\x11Z"), max_size=12))
        fields[n:n + 1] = [value]
        lines[at] = "*".join(fields) + "~\n"
    return "".join(lines).encode()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=edited())
def test_an_edited_file_reads_as_plain_pyx12_reads_it(data: bytes) -> None:
    for name in NAMES:
        _x12.parse((SMOKE / name).read_bytes())   # the unedited segments' verdicts remembered
    assert _x12.parse(data) == plain(data)


@given(value=st.text(max_size=20) | st.text(st.characters(max_codepoint=0x20), max_size=5))
def test_the_control_character_fast_path_answers_as_pyx12(value: str) -> None:
    import pyx12.validation  # type: ignore[import-untyped]

    _x12.parse((SMOKE / "era.835").read_bytes())    # installed
    fresh = _pyx12_reuse._FRESH["control"]
    assert pyx12.validation.contains_control_character is not fresh
    assert pyx12.validation.contains_control_character(value) == fresh(value)


def test_the_memory_starts_over_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_pyx12_reuse, "REMEMBERED", 5)
    _pyx12_reuse._VERDICTS.clear()
    data = (SMOKE / "claim.837").read_bytes()
    assert _x12.parse(data) == plain(data)
    assert 0 < len(_pyx12_reuse._VERDICTS) <= 5


def test_the_c_parser_reads_pyx12s_own_files_as_defusedxml_does() -> None:
    """Every XML file of pyx12's package (maps, data elements, code lists) gives the same tree."""
    import xml.etree.ElementTree as stdlib_xml
    from importlib.resources import files

    import defusedxml.ElementTree as defused  # type: ignore[import-untyped]

    bundled = [p for p in files("pyx12").joinpath("map").iterdir() if p.name.endswith(".xml")]
    assert {"codes.xml", "dataele.xml", "837.5010.X222.A1.xml"} <= {p.name for p in bundled}
    for path in bundled:
        with path.open("rb") as f:
            c = stdlib_xml.parse(f, parser=stdlib_xml.XMLParser(encoding="utf-8")).getroot()
        with path.open("rb") as f:
            d = defused.parse(f, parser=defused.XMLParser(encoding="utf-8")).getroot()
        assert stdlib_xml.tostring(c) == stdlib_xml.tostring(d), path.name


def test_a_map_from_a_directory_of_its_own_is_still_read_with_defusedxml() -> None:
    import pyx12.codes  # type: ignore[import-untyped]
    import pyx12.dataele  # type: ignore[import-untyped]
    import pyx12.map_if._loader  # type: ignore[import-untyped]

    modules = (pyx12.map_if._loader, pyx12.dataele, pyx12.codes)
    published = [m.et for m in modules]
    assert all(et.__name__ == "defusedxml.ElementTree" for et in published)
    with _pyx12_reuse.bundled_xml("some/maps"):
        assert [m.et for m in modules] == published
    with _pyx12_reuse.bundled_xml(None):
        assert [m.et.__name__ for m in modules] == ["xml.etree.ElementTree"] * 3
    assert [m.et for m in modules] == published
