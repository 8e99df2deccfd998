"""Preview a change to the checks: which tenants would get a new blocking finding once it merges.

Pull-request mode judges tenants by the base's checks, so a pull request that
raises a threshold, tightens a schema or changes a policy's code passes, and
main breaks after the merge. Here every tenant is checked again by the head's
checks and compared with its result under the base's checks: a tenant with a
blocking finding (an error, not waived) that the base's checks do not give it
is one ``GL-CHECKS-IMPACT`` error naming the tenant and its first new findings.

- A change to ``schemas/`` or ``policies/`` only: the head's schemas and
  settings are loaded in this process.
- A change to golive's own code (``golive/``, ``pyproject.toml``, in a
  repository that holds golive beside its tenants): the head's golive runs in a
  child process, ``python -m golive validate --format json --no-cache`` with the
  work tree first on ``PYTHONPATH``. ``GOLIVE_HEAD_PYTHON`` names another
  interpreter (one with the head's dependencies installed), used when it exists. A head that cannot
  check the tenants is itself a ``GL-CHECKS-IMPACT`` error.

The head's code decides its own findings, so this is a preview for honest
changes; a change that hides findings on purpose is for the code owners'
review, which the ``GL-CHECKS-CHANGED`` warning asks for.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from golive.core import redact
from golive.core.errors import GoliveError
from golive.core.findings import Finding, Severity, TenantReport
from golive.core.layout import SETTINGS_FILE
from golive.engine.run import check_repo
from golive.engine.shard import Shard
from golive.engine.worker_life import child_death_signal

RULE_IMPACT = "GL-CHECKS-IMPACT"
HEAD_PYTHON = "GOLIVE_HEAD_PYTHON"
# The head's golive checks every tenant; past this many seconds it is taken as hung.
HEAD_TIMEOUT = 1800
_SHOWN = 3

Key = tuple[str, str, str]   # rule, file, YAML path: messages may be reworded by the change


def has_own_code(root: Path) -> bool:
    """Whether the repository holds golive's own package beside its tenants."""
    return (root / "golive" / "__init__.py").is_file()


def _blocking(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR and not f.waived and f.tenant]


def _head_in_process(root: Path, as_of: dt.date, shard: Shard | None) -> list[Finding]:
    return list(check_repo(root, (), as_of, use_cache=False, shard=shard).findings)


def _parse(stdout: bytes) -> list[Finding]:
    data = json.loads(stdout)
    out = []
    for f in data["findings"]:
        out.append(Finding(str(f["tenant"] or ""), str(f["file"]), int(f["line"]), int(f["column"]),
                           str(f["rule"]), str(f["checklist"]), Severity(f["severity"]), str(f["path"]),
                           str(f["message"]), waived=bool(f["waived"])))
    return out


def _head_by_code(root: Path, as_of: dt.date, shard: Shard | None) -> list[Finding]:
    named = os.environ.get(HEAD_PYTHON, "")
    python = named if named and os.path.exists(named) else sys.executable
    env = {k: v for k, v in os.environ.items() if k != HEAD_PYTHON}
    env["PYTHONPATH"] = os.pathsep.join([str(root), *filter(None, [env.get("PYTHONPATH")])])
    command = [python, "-m", "golive", "validate", "--repo", str(root), "--format", "json", "--no-cache",
               "--as-of", as_of.isoformat(), *(["--shard", str(shard)] if shard is not None else [])]
    try:
        # The head's golive dies with this one (killed at 3 a.m., it would run on for half an hour).
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, timeout=HEAD_TIMEOUT,
                              preexec_fn=child_death_signal())
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GoliveError(f"{type(exc).__name__}: {exc}") from None
    if done.returncode not in (0, 1):
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GoliveError(lines[-1] if lines else f"exit {done.returncode}")
    try:
        return _parse(done.stdout)
    except (ValueError, KeyError, TypeError) as exc:
        raise GoliveError(f"its JSON report does not read: {type(exc).__name__}") from None


def _impact(tenant: str, new: Sequence[Finding]) -> Finding:
    first = new[0]
    shown = "; ".join(f"{f.rule} at {f.file}:{f.line} ({f.message})" for f in new[:_SHOWN])
    more = f"; and {len(new) - _SHOWN} more" if len(new) > _SHOWN else ""
    count = "1 new blocking finding" if len(new) == 1 else f"{len(new)} new blocking findings"
    return Finding(tenant, first.file, first.line, first.column, RULE_IMPACT, first.checklist,
                   Severity.ERROR, first.path,
                   redact.text(f"once this change to the checks merges, {tenant} gets {count}: "
                               f"{shown}{more}; fix the tenant in this pull request, or change the "
                               f"checks so it keeps passing"))


def preview(root: Path, reports: Sequence[TenantReport], as_of: dt.date, *, run_code: bool,
            shard: Shard | None = None) -> list[Finding]:
    """``GL-CHECKS-IMPACT`` findings: ``reports`` are the tenants as judged by the base's checks
    (of ``shard`` alone, when given: the head's checks then run on that shard only)."""
    try:
        head = _head_by_code(root, as_of, shard) if run_code else _head_in_process(root, as_of, shard)
    except GoliveError as exc:
        where = "pyproject.toml" if run_code else SETTINGS_FILE
        return [Finding("", where, 1, 1, RULE_IMPACT, "integrity", Severity.ERROR, "",
                        f"the checks this pull request proposes cannot check the tenants "
                        f"({redact.text(str(exc))}); "
                        f"main would be unable to validate once it merges")]
    before: dict[str, collections.Counter[Key]] = collections.defaultdict(collections.Counter)
    for report in reports:
        before[report.tenant].update(())
        before[report.tenant].update((f.rule, f.file, f.path) for f in _blocking(report.findings))
    after: dict[str, list[Finding]] = collections.defaultdict(list)
    for f in _blocking(head):
        if f.tenant not in before:
            continue   # not among the tenants asked about
        seen = before[f.tenant]
        if seen[(f.rule, f.file, f.path)] > 0:
            seen[(f.rule, f.file, f.path)] -= 1
        else:
            after[f.tenant].append(f)
    return [_impact(tenant, sorted(new)) for tenant, new in sorted(after.items())]
