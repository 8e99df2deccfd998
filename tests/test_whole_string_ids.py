"""Ids and patterns match the whole string: a final newline is not part of a valid id.

In Python ``$`` also matches before a final newline, so ``^[a-z-]+$`` accepts
``"acme-ortho\\n"``; JSON Schema patterns (ECMA-262) do not. A tenant directory
or an id ending in a newline must be an error, and never be applied as a second
``acme-ortho``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from golive.core.yaml_document import Document
from golive.core.yaml_loader import load_bytes
from golive.engine.schemas import Schemas, ecma_regex
from tests.conftest import ROOT
from tests.gitrepo import commit_all, edit, init_config_repo
from tests.test_apply import run

AS_OF = "2026-11-25"
NEWLINE_ID = "acme-ortho\n"
SHOWN_ID = "acme-ortho\\n"   # how every output shows it: escaped, never a raw line break


def validate(repo: Path) -> tuple[int, dict[str, Any]]:
    code, out, err = run("validate", "--repo", str(repo), "--format", "json", "--as-of", AS_OF,
                         "--no-cache")
    assert code in (0, 1), err
    return code, json.loads(out)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return init_config_repo(tmp_path / "repo")


def newline_tenant(repo: Path) -> None:
    """A copy of acme-ortho in ``tenants/acme-ortho\\n/``, whose tenant.yaml says the same id."""
    shutil.copytree(repo / "tenants/acme-ortho", repo / "tenants" / NEWLINE_ID)
    edit(repo, f"tenants/{NEWLINE_ID}/tenant.yaml", "tenant: acme-ortho", 'tenant: "acme-ortho\\n"')


def test_a_tenant_directory_and_id_ending_in_a_newline_are_errors(repo: Path) -> None:
    newline_tenant(repo)
    code, report = validate(repo)
    assert code == 1
    found = sorted((f["rule"], f["path"]) for f in report["findings"] if f["tenant"] == SHOWN_ID)
    assert found == [("GL-SCHEMA", "tenant")]   # the id breaks its pattern: tenant.yaml is not used
    assert report["summary"]["tenants"] == 4
    assert not [f for f in report["findings"] if f["tenant"] != SHOWN_ID]


def test_a_directory_name_ending_in_a_newline_is_not_a_tenant_id(repo: Path) -> None:
    shutil.copytree(repo / "tenants/acme-ortho", repo / "tenants" / NEWLINE_ID)
    code, report = validate(repo)
    assert code == 1
    [found] = [f for f in report["findings"] if f["tenant"] == SHOWN_ID]
    assert found["rule"] == "GL-TENANT-ID" and "is not a valid tenant id" in found["message"]


def test_it_is_never_applied_as_a_second_acme_ortho(repo: Path) -> None:
    url = f"sqlite:///{repo.parent / 'platform.db'}"
    assert run("apply", "--repo", str(repo), "--target", url, "--as-of", AS_OF)[0] == 0
    newline_tenant(repo)
    commit_all(repo, "A second acme-ortho")
    code, out, _ = run("apply", "--repo", str(repo), "--target", url, "--as-of", AS_OF)
    assert code == 1
    assert "GL-SCHEMA" in out
    _, out, _ = run("state", "--target", url, "--format", "json")
    assert sorted(json.loads(out)["tenants"]) == ["acme-ortho", "riverbend-cardio", "summit-peds"]


def test_a_partner_id_ending_in_a_newline_breaks_its_pattern(repo: Path) -> None:
    edit(repo, "tenants/acme-ortho/edi.yaml", "- id: availity", '- id: "availity\\n"')
    code, report = validate(repo)
    assert code == 1
    assert [(f["rule"], f["path"]) for f in report["findings"] if f["rule"] == "GL-SCHEMA"] == [
        ("GL-SCHEMA", "trading_partners[0].id")]


def test_a_date_ending_in_a_newline_is_not_a_date(repo: Path) -> None:
    edit(repo, "tenants/acme-ortho/tenant.yaml", "golive_date: 2026-11-17", 'golive_date: "2026-11-17\\n"')
    code, report = validate(repo)
    assert code == 1
    [found] = report["findings"]
    assert (found["rule"], found["path"]) == ("GL-SCHEMA", "golive_date")
    assert "must be a date written YYYY-MM-DD" in found["message"]


def test_golive_new_refuses_an_id_ending_in_a_newline(repo: Path) -> None:
    code, _, err = run("new", NEWLINE_ID, "--repo", str(repo))
    assert code == 2 and "is not a tenant id" in err
    assert not (repo / "tenants" / NEWLINE_ID).exists()


def _patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for v in node.values() for p in _patterns(v)]
    if isinstance(node, list):
        return [p for v in node for p in _patterns(v)]
    return []


PATTERNS = sorted({p for path in (ROOT / "schemas").glob("*.schema.json")
                   for p in _patterns(json.loads(path.read_text()))})


@pytest.mark.parametrize("pattern", PATTERNS)
@settings(max_examples=30, deadline=None, derandomize=True)
@given(data=st.data())
def test_golive_reads_every_schema_pattern_as_json_schema_does(pattern: str, data: st.DataObject) -> None:
    """python-jsonschema (golive's messages) and jsonschema-rs (its verdict) agree, newline or not."""
    value = data.draw(st.from_regex(re.compile(pattern.removeprefix("^").removesuffix("$")),
                                    fullmatch=True))
    schema = {"type": "string", "pattern": pattern}
    for candidate in (value, value + "\n"):
        assert bool(ecma_regex(pattern).search(candidate)) == jsonschema_rs.is_valid(schema, candidate)


def test_the_schemas_agree_with_their_fast_gate_on_a_final_newline() -> None:
    doc = load_bytes((ROOT / "tenants/acme-ortho/tenant.yaml").read_bytes())
    assert isinstance(doc, Document)
    schemas = Schemas.from_dir(ROOT)
    assert schemas.is_valid("tenant", doc.data) and schemas.python_is_valid("tenant", doc.data)
    doc.data["tenant"] = NEWLINE_ID
    assert not schemas.is_valid("tenant", doc.data)
    assert not schemas.python_is_valid("tenant", doc.data)
    assert [path for path, _ in schemas.check("tenant", "tenant.yaml", doc)] == [("tenant",)]
