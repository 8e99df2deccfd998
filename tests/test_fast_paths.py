"""The shortcuts a cold run takes say exactly what the long way says.

Each shortcut is compared with the long way on generated input: the secrets screen's
remembered answers (GL-SECRET, and :func:`~golive.core.secrets_screen.recognise`
for masking) against screening every value afresh with no screen in front; the
remembered masks against masking afresh; the loader's build without paths against
the builder that keeps them; and the skip of the late-date walk against the walk.
"""

from __future__ import annotations

import collections
import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from golive.core import redact, secret_kinds, secrets_screen
from golive.core.secrets_screen import Found
from golive.core.yaml_loader import Document, _Builder, _Composer, load_bytes
from golive.engine import tenant_dir
from golive.policies.api import Tenant
from golive.policies.evidence import EvidenceChecker
from golive.policies.rules import secret
from golive.policies.settings import Settings

# Text made of what the rules look for: credential words, bank and SSN words, digits
# (routing, SSN and card shaped), separators, URL forms and X12 segments.
_PIECES = st.sampled_from([
    "password", "Passwd", "pwd", "secret", "token", "api_key", "apiKey", "key", "pass", "pin",
    "routing", "ABA", "rtn", "bank", "acct", "account", "no", "iban", "ssn", "SSN", "card", "cc",
    "261084755", "021000021", "4001002003", "431-72-0815", "431720815", "4111111111111111",
    "4111 1111 1111 1111", "1EG4TE5MK73", "030240928", "2026-11-25", "12", "0",
    ":", "=", " ", "-", "_", "/", "?", "&", "#", "*", "~", "@", ".", "\n", "：",
    "https://", "http://user:hunter2@", "pm.acme.example", "?token=", "&sig=", "?code=",
    "NM1*34*", "REF*SY*", "ISA*01*", "ghp_", "AKIA", "xoxb-", "sk_live_", "eyJ",
    "A9f3Kq7Zr2Lm8Xw4Tb6Yp1Nc5Hv0Jd", "BEGIN PRIVATE KEY", "-----",
])
_TEXT = st.lists(_PIECES, max_size=8).map("".join) | st.text(max_size=30)
_KEYS = st.sampled_from(["notes", "password", "bank_routing", "account_number", "ssn", "token",
                         "receiver_id", "address", "eft", "card", "id", "client_secret"])
_DATA: st.SearchStrategy[Any] = st.recursive(
    _TEXT | st.integers(min_value=-10, max_value=10 ** 12) | st.booleans() | st.none(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_KEYS | _TEXT, children, max_size=4),
    max_leaves=12,
)


def _long_way(files: dict[str, Any]) -> collections.Counter[tuple[Any, ...]]:
    """Every secret in every key and value, each value screened afresh by the full rules."""
    out: collections.Counter[tuple[Any, ...]] = collections.Counter()

    def walk(file: str, item: Any, path: tuple[Any, ...], key: str,
             own: tuple[str, ...], parent: tuple[str, ...]) -> None:
        if isinstance(item, dict):
            for k, value in item.items():
                name = str(k)
                if found := secrets_screen._recognise(name, (), (), False):
                    out[(file, (*path, name), None, name, tuple(found))] += 1
                walk(file, value, (*path, name), name, secrets_screen.words(name), own)
        elif isinstance(item, list):
            for i, value in enumerate(item):
                walk(file, value, (*path, i), key, own, parent)
        elif isinstance(item, (str, int)) and not isinstance(item, bool):
            text = str(item)
            found = secrets_screen._recognise(text, own, parent, False)
            written = secret._written(item) if isinstance(item, int) else ()
            found += [Found(k, 0, len(text)) for w in written
                      for k in secrets_screen.by_key(w, own, parent) if not any(f.kind is k for f in found)]
            if found:
                out[(file, path, key, text, tuple(found))] += 1

    for file, data in files.items():
        walk(file, data, (), "", (), ())
    return out


def _short_way(files: dict[str, Any], tmp: Path) -> collections.Counter[tuple[Any, ...]]:
    tenant = Tenant("acme-ortho", files, Settings(), dt.date(2026, 11, 25), EvidenceChecker(tmp))
    return collections.Counter((h.file, h.path, h.key, h.text, h.found) for h in secret._screen_files(tenant))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["golive.yaml", "edi.yaml", "rules/2026.yaml"]), _DATA, max_size=3))
def test_remembered_answers_are_the_full_screens(tmp_path_factory: Any, files: dict[str, Any]) -> None:
    """GL-SECRET finds, once its answers are remembered, what the full rules find in every value."""
    tmp = tmp_path_factory.mktemp("t")
    expected = _long_way(files)
    assert _short_way(files, tmp) == expected
    assert _short_way(files, tmp) == expected        # again, every answer now remembered


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.sampled_from([(), ("bank", "routing"), ("ssn",), ("password",), ("account", "no")]),
       st.sampled_from([(), ("eft",), ("bank",)]), st.booleans())
def test_remembered_recognise_is_recognise(text: str, own: tuple[str, ...],
                                           parent: tuple[str, ...], wide: bool) -> None:
    full = secrets_screen._recognise(text, own, parent, wide)
    assert secrets_screen.recognise(text, own, parent, wide=wide) == full
    assert secrets_screen.recognise(text, own, parent, wide=wide) == full


_KNOWN = st.lists(st.tuples(st.sampled_from(["hunter2", "261084755", "4001002003", "t0k3n-value"]),
                            st.sampled_from([secret_kinds.PASSWORD, secret_kinds.SECRET,
                                             secret_kinds.ROUTING, secret_kinds.ACCOUNT])),
                  max_size=3)


@settings(max_examples=400, deadline=None)
@example(["hunter2 and more"], [[("hunter2", secret_kinds.PASSWORD), ("hunter2", secret_kinds.SECRET)],
                                [("hunter2", secret_kinds.SECRET), ("hunter2", secret_kinds.PASSWORD)]])
@given(st.lists(_TEXT | st.sampled_from(["hunter2 and more", "routing 261084755", "acct 4001002003"]),
                min_size=1, max_size=4), st.lists(_KNOWN, min_size=1, max_size=3))
def test_remembered_masks_are_the_masks(texts: list[str], knowns: list[list[Any]]) -> None:
    """A remembered mask is the one masking the text afresh gives, whatever other tenants
    (other known secrets) masked the same text before: the same secrets in another order
    too (the first kind given for a secret is the one its note names)."""
    for known in knowns:
        redactor = redact.Redactor(known)
        for text in texts:
            assert redactor.mask(text) == redactor._mask(text)
            assert redact.Redactor(known).mask(text) == redactor._mask(text)


_SCALARS = st.sampled_from(["a", "2026-11-25", "9999-01-01", "9999-12-31T00:00:00", "9998-12-31",
                            "yes", "012", "0x1f", "1.5", "~", "", "x: y", "- z"]) | st.text(max_size=12)
_TREES: st.SearchStrategy[Any] = st.recursive(
    _SCALARS | st.integers() | st.booleans() | st.none(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_SCALARS, children, max_size=3),
    max_leaves=10,
)
_STYLES = st.sampled_from([None, "'", '"', "|", ">"])


def _dumped(tree: Any, style: str | None, width: int) -> bytes:
    return yaml.safe_dump({"root": tree}, default_style=style, width=width, allow_unicode=True).encode()


@settings(max_examples=400, deadline=None)
@given(_TREES, _STYLES, st.sampled_from([8, 80]),
       st.sampled_from(["", "a: 1\na: 2\n", "b: !!set {x}\n", "c: !!int 24h\n", "<<: {d: 1}\n",
                        "e: {[1]: 2}\n", "f: !!binary aGk=\n"]))
def test_building_without_paths_is_building(tree: Any, style: str | None, width: int, extra: str) -> None:
    """The loader's data, or its problems, are those of the builder that keeps every path."""
    raw = _dumped(tree, style, width) + extra.encode()
    result = load_bytes(raw)
    try:
        root = yaml.compose(raw.decode(), Loader=_Composer)
    except yaml.YAMLError:
        return
    if root is None:
        return
    builder = _Builder()
    try:
        data = builder.build(root, ())
    except Exception:   # the builder's rejection: the loader says it as a problem
        assert isinstance(result, list) and result
        return
    if builder.problems:
        assert result == builder.problems
    else:
        assert isinstance(result, Document) and result.data == data


@settings(max_examples=400, deadline=None)
@given(_TREES, _STYLES, st.sampled_from([8, 80]))
def test_a_file_skipped_for_late_dates_has_none(tree: Any, style: str | None, width: int) -> None:
    """A file the late-date walk skips is one in which the walk finds nothing."""
    raw = _dumped(tree, style, width)
    doc = load_bytes(raw)
    if isinstance(doc, Document) and list(tenant_dir._late_dates(doc.data, ())):
        assert tenant_dir._may_hold_late_date(raw)


def test_an_escaped_late_date_is_still_walked() -> None:
    raw = b'golive_date: "\\x39999-01-01"\n'
    doc = load_bytes(raw)
    assert isinstance(doc, Document) and doc.data == {"golive_date": "9999-01-01"}
    assert tenant_dir._may_hold_late_date(raw)
    assert not tenant_dir._may_hold_late_date(b"golive_date: 2026-12-01\n")
