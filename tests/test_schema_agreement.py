"""The fast jsonschema-rs gate and python-jsonschema (which writes the messages) agree.

golive trusts jsonschema-rs to say a file is valid and only asks python-jsonschema
why it is not; if the two ever disagreed, a broken file could pass or a good one
fail with no message. Checked on every tenant file in the repository and on random
mutations of them.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from golive.core.yaml_loader import Document, load_bytes
from golive.engine.schemas import TENANT_FILES, Schemas

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = Schemas.from_dir(ROOT)
FILES = sorted(p for p in [*ROOT.glob("tenants/*/*.yaml"), *ROOT.glob("tests/bad/*/tenant/*.yaml")]
               if p.name in TENANT_FILES)


def _doc(path: Path) -> Document | None:
    doc = load_bytes(path.read_bytes())
    return doc if isinstance(doc, Document) else None


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_gate_agrees_on_repository_files(path: Path) -> None:
    doc = _doc(path)
    if doc is None:
        pytest.skip("not loadable YAML (a loader case)")
    name = TENANT_FILES[path.name]
    fast = SCHEMAS.is_valid(name, doc.data)
    assert fast == SCHEMAS.python_is_valid(name, doc.data)
    # And an invalid file always gets at least one message.
    assert fast == (not list(SCHEMAS.check(name, path.name, doc)))


EXAMPLES = [(TENANT_FILES[p.name], _doc(p)) for p in sorted(ROOT.glob("tenants/*/*.yaml"))
            if p.name in TENANT_FILES]

_leaf = (st.none() | st.booleans() | st.integers(-3, 10**10) | st.floats(allow_nan=False)
         | st.sampled_from(["", "P", "T", "X", "2026-02-30", "2026-13-01", "20261201",
                            "2026-12-01T08:00:00", "2026-12-01T08:00:00Z", "2026-12-01T25:00:00-06:00",
                            "a" * 16, "ZZ", "01", "active", "era.posted", "https://x.example",
                            "http://x.example", "billing@acme.example", "0" * 64, "A" * 64])
         | st.text(max_size=12))


def _paths(data: Any, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, (*path, i))
    return out


def _set(data: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    data[path[0]] = _set(data[path[0]], path[1:], value)
    return data


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_gate_agrees_on_mutations(data: st.DataObject) -> None:
    name, doc = data.draw(st.sampled_from(EXAMPLES))
    assert doc is not None
    instance = copy.deepcopy(doc.data)
    for _ in range(data.draw(st.integers(1, 3))):
        target = data.draw(st.sampled_from(_paths(instance)))
        action = data.draw(st.sampled_from(["replace", "drop", "extra"]))
        if action == "replace" or not target:
            instance = _set(instance, target, data.draw(_leaf))
        else:
            parent = _set(instance, (), instance)
            for part in target[:-1]:
                parent = parent[part]
            if action == "drop" and isinstance(parent, dict):
                del parent[target[-1]]
            elif isinstance(parent, dict):
                parent[data.draw(st.text(min_size=1, max_size=10))] = data.draw(_leaf)
    assert SCHEMAS.is_valid(name, instance) == SCHEMAS.python_is_valid(name, instance)
