"""The loader: positions, and every kind of bad input as a problem at its line, never a raise."""

from __future__ import annotations

import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from golive.core.yaml_loader import Document, LoadProblem, load_bytes

BOMB = b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n".encode()
    for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)

# raw bytes in -> (rule, line, column) out
BAD = [
    ("syntax", b"a: 1\nb: [1, 2\nc: 3\n", "GL-YAML-SYNTAX", 3, 2),
    ("mapping in scalar", b"a: b: c\n", "GL-YAML-SYNTAX", 1, 5),
    ("duplicate key", b"name: x\nstatus: active\nname: y\n", "GL-YAML-DUPLICATE-KEY", 3, 1),
    ("nested duplicate", b"a:\n  b: 1\n  c: 2\n  b: 3\n", "GL-YAML-DUPLICATE-KEY", 4, 3),
    ("anchor", b"a: &x 1\nb: 2\n", "GL-YAML-ANCHOR", 1, 4),
    ("alias", b"a: [1]\nb: *x\n", "GL-YAML-ANCHOR", 2, 4),
    ("alias bomb", BOMB, "GL-YAML-ANCHOR", 1, 4),
    ("merge key", b"<<: {a: 1}\nb: 2\n", "GL-YAML-ANCHOR", 1, 1),
    ("two documents", b"a: 1\n---\nb: 2\n", "GL-YAML-MULTI-DOC", 2, 1),
    ("not utf-8", b"a: 1\nname: caf\xe9\n", "GL-YAML-ENCODING", 2, 10),
    ("tab indent", b"a:\n  b: 1\n\tc: 2\n", "GL-YAML-TAB", 3, 1),
    ("empty", b"", "GL-YAML-EMPTY", 1, 1),
    ("only comments", b"# nothing yet\n\n", "GL-YAML-EMPTY", 1, 1),
    ("python tag", b"a: !!python/object/apply:os.system [ls]\n", "GL-YAML-SYNTAX", 1, 4),
    ("control character", b"a: \x07\n", "GL-YAML-SYNTAX", 1, 4),
    ("explicit tag, bad value", b"a: !!int 24h\n", "GL-YAML-SYNTAX", 1, 4),
    ("explicit float tag", b"a: !!float x\n", "GL-YAML-SYNTAX", 1, 4),
]


@pytest.mark.parametrize(("raw", "rule", "line", "column"),
                         [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_a_problem_at_its_line(raw: bytes, rule: str, line: int, column: int) -> None:
    result = load_bytes(raw)
    assert isinstance(result, list)
    assert (result[0].rule, result[0].line, result[0].column) == (rule, line, column)
    assert result[0].message


def test_alias_bomb_fails_fast() -> None:
    started = time.perf_counter()
    load_bytes(BOMB * 1)
    assert time.perf_counter() - started < 1.0


def test_size_cap() -> None:
    raw = b"notes: " + b"x" * 5000 + b"\n"
    result = load_bytes(raw, max_bytes=4096)
    assert isinstance(result, list)
    assert (result[0].rule, result[0].line) == ("GL-YAML-TOO-LARGE", 1)
    assert "5,008 bytes" in result[0].message


def test_every_duplicate_is_reported() -> None:
    result = load_bytes(b"a: 1\na: 2\nb: 1\nb: 2\n")
    assert isinstance(result, list)
    assert [(p.line, p.path) for p in result] == [(2, ("a",)), (4, ("b",))]


def test_dates_stay_as_written_and_numbers_are_numbers() -> None:
    doc = load_bytes(b"d: 2026-12-01\nt: 2026-12-01T08:05:00-06:00\nn: 01234567\nq: '0123'\n"
                     b"b: yes\ne: ~\n")
    assert isinstance(doc, Document)
    assert doc.data == {"d": "2026-12-01", "t": "2026-12-01T08:05:00-06:00", "n": 342391,
                        "q": "0123", "b": True, "e": None}
    assert doc.scalar(("n",)) is not None and doc.scalar(("n",)).text == "01234567"
    assert not doc.scalar(("n",)).quoted and doc.scalar(("q",)).quoted


POSITIONS = b"""\
# a comment
tenant: acme
contacts:
  billing_inbox: billing@acme.example
partners:
  - id: one
    envelopes: [{transaction: 837P}]
  - id: two
"""


@pytest.mark.parametrize(("path", "where"), [
    (("tenant",), (2, 1)),                  # a key's value: the key
    (("contacts",), (3, 1)),                # a mapping under a key: the key
    (("contacts", "billing_lead"), (3, 1)),  # a missing key: the mapping that lacks it
    (("partners", 1), (8, 5)),              # a list item: its first key
    (("partners", 0, "envelopes", 0, "transaction"), (7, 18)),
    (("partners", 7), (5, 1)),              # out of range: the list
    ((), (2, 1)),
])
def test_locate(path: tuple, where: tuple[int, int]) -> None:
    doc = load_bytes(POSITIONS)
    assert isinstance(doc, Document)
    assert doc.locate(path) == where


def _check_result(result: Document | list[LoadProblem]) -> None:
    if isinstance(result, list):
        assert result and all(isinstance(p, LoadProblem) and p.line >= 1 and p.column >= 1
                              for p in result)
    else:
        assert isinstance(result, Document)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(raw: bytes) -> None:
    _check_result(load_bytes(raw))


_yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20) | st.dates().map(str),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(_yaml_values, st.sampled_from([None, False, True]))
def test_random_yaml_round_trips(value: object, flow: bool | None) -> None:
    text = yaml.safe_dump({"root": value}, default_flow_style=flow, allow_unicode=True)
    result = load_bytes(text.encode())
    _check_result(result)
    if isinstance(result, Document):
        # The same data as PyYAML's own safe loader.
        assert result.data == yaml.safe_load(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!#'\"\n\t ,?|>%@`01")), max_size=60))
def test_random_yaml_like_text_never_raises(text: str) -> None:
    _check_result(load_bytes(text.encode()))


# Scalars whose tag depends on the text and on whether it is quoted: YAML 1.1's booleans,
# nulls, octal, hexadecimal, sexagesimal and underscored numbers, floats and timestamps.
_TRICKY = st.sampled_from([
    "yes", "No", "on", "OFF", "y", "~", "null", "Null", "", "0", "012", "0o12", "0x1f", "0b101",
    "1_000", "190:20:30", "1e3", "1.5", ".inf", "-.Inf", ".nan", "2026-11-25",
    "2026-11-25T08:05:00-06:00", "2026-1-5", "030240928", "true", "TRUE", "abc", "- x", "3.",
])


@settings(max_examples=200, deadline=None)
@given(items=st.lists(st.tuples(_TRICKY, st.sampled_from(["", "'", '"'])), min_size=1, max_size=12))
def test_remembered_tags_are_the_resolvers(items: list[tuple[str, str]]) -> None:
    """The loader remembers each short scalar's tag; what it builds is what PyYAML's resolver gives."""
    lines = [f"k{i}: {q}{text}{q}" for i, (text, q) in enumerate(items) if q or text not in ("- x",)]
    raw = ("\n".join(lines) + "\n").encode()
    for _ in range(2):   # the second time every tag comes from memory
        doc = load_bytes(raw)
        expected = yaml.compose(raw.decode(), Loader=yaml.CSafeLoader)
        if isinstance(doc, list):   # a scalar the loader refuses: refused the same way both times
            assert load_bytes(raw) == doc
            continue
        assert isinstance(doc, Document)
        tags = {k.value: v.tag for k, v in expected.value}
        remembered = {k.value: v.tag for k, v in doc.root.value}
        assert remembered == tags
