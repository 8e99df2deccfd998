"""In-place value edits: YAML in, changes, exact bytes out; everything else stays as written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from golive.core.yaml_edit import Change, EditError, edit, render_scalar

EDITS = [
    # (file, changes, expected file)
    ("a: T   # keep\n", [Change(("a",), "P")], "a: P   # keep\n"),
    ("a: 'T'\n", [Change(("a",), "P")], "a: 'P'\n"),
    ('a: "T"\n', [Change(("a",), "P")], 'a: "P"\n'),
    ("e: {u: T, isa: {id: \"01\"}}\n", [Change(("e", "u"), "P")], "e: {u: P, isa: {id: \"01\"}}\n"),
    ("l:\n  - u: T\n  - u: T # x\n", [Change(("l", 0, "u"), "P"), Change(("l", 1, "u"), "P")],
     "l:\n  - u: P\n  - u: P # x\n"),
    ("status: active                     # flipped\n", [Change(("status",), "read_only")],
     "status: read_only                  # flipped\n"),   # the comment keeps its column
    ("a: T  # x\n", [Change(("a",), "onboarding")], "a: onboarding # x\n"),   # one space at least
    ("a: 7 #x\nb: 1\n", [Change(("a",), 6)], "a: 6 #x\nb: 1\n"),
    ("a: T\r\nb: 1\r\n", [Change(("a",), "P")], "a: P\r\nb: 1\r\n"),
    ("\ufeffa: T\n", [Change(("a",), "P")], "\ufeffa: P\n"),
    ("a: é→T\n", [Change(("a",), "é→P")], 'a: "é→P"\n'),
    ("d: 2026-12-01 # day\n", [Change(("d",), "2026-12-15")], "d: 2026-12-15 # day\n"),
    # A value plain YAML would misread is quoted.
    ("a: x\n", [Change(("a",), "yes")], 'a: "yes"\n'),
    ("a: x\n", [Change(("a",), "007")], 'a: "007"\n'),
    ("a: 'x'\n", [Change(("a",), "it's")], "a: 'it''s'\n"),
    # Keys added after a sibling, at its indentation, after its comment.
    ("phase: live  # now\ntz: X\n", [Change(("golive_date",), "2026-12-15", after="phase")],
     "phase: live  # now\ngolive_date: 2026-12-15\ntz: X\n"),
    ("m:\n  phase: live\n", [Change(("m", "d"), "2026-12-15", after="phase")],
     "m:\n  phase: live\n  d: 2026-12-15\n"),
    ("phase: live", [Change(("golive_date",), "2026-12-15", after="phase")],
     "phase: live\ngolive_date: 2026-12-15"),
    ("a: T\r\nphase: x\r\n", [Change(("d",), "2026-12-15", after="phase")],
     "a: T\r\nphase: x\r\nd: 2026-12-15\r\n"),
]


@pytest.mark.parametrize(("text", "changes", "expected"), EDITS)
def test_edit(text: str, changes: list[Change], expected: str) -> None:
    assert edit(text.encode(), changes).decode() == expected


@pytest.mark.parametrize(("text", "changes", "message"), [
    ("a: |\n  T\n", [Change(("a",), "P")], "a is a block scalar; edit it by hand"),
    ("a: [T]\n", [Change(("a",), "P")], "a is a list or mapping, not a single value"),
    ("a: T\n", [Change(("b",), "P")], "b is not in the file"),
    ("a: T\n", [Change(("b",), "P", after="c")], "cannot add 'b' to the top level: it has no key 'c'"),
    ("m: {a: T}\n", [Change(("m", "b"), "P", after="a")], "cannot add 'b' to m: not a block mapping"),
    ("a: [\n", [Change(("a",), "P")], "the file does not load"),
])
def test_edit_refuses(text: str, changes: list[Change], message: str) -> None:
    with pytest.raises(EditError, match="^" + message.replace("(", r"\(").replace("[", r"\[")):
        edit(text.encode(), changes)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30),
       st.sampled_from(["", "'", '"']))
def test_any_value_reads_back_as_itself(value: str, style: str) -> None:
    text = f"k: {render_scalar(value, style)}\nz: 1\n"
    out = edit(text.encode(), [Change(("k",), value)])
    assert out == text.encode()
