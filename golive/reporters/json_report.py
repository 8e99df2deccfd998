"""JSON output, in the exact shapes of the CLI contract."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, TextIO

from golive.core.findings import Result

if TYPE_CHECKING:
    from golive.reporters import Options


def findings(result: Result, out: TextIO, options: Options) -> None:
    json.dump(result.as_dict(), out, indent=2, ensure_ascii=False)
    out.write("\n")


def checklist(result: Result, out: TextIO, options: Options) -> None:
    tenants: dict[str, dict[str, object]] = {
        r.tenant: {
            "phase": r.phase,
            "status": r.status,
            "golive_date": r.golive_date,
            "checklist": dict(r.checklist),
            "evidence": [{"checklist": e.checklist, "file": e.file, "path": e.path,
                          "evidence": e.evidence, "proof": e.proof} for e in r.evidence],
        }
        for r in result.tenants
    }
    for r in result.tenants:
        if r.rolled_back:
            tenants[r.tenant]["rolled_back"] = list(r.rolled_back)
    for tenant, crash in result.crashes:
        tenants[tenant]["not_checked"] = {"rule": crash.rule, "error": crash.error}
    json.dump({"tenants": tenants}, out, indent=2, ensure_ascii=False)
    out.write("\n")
