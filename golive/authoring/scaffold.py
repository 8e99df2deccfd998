"""Scaffolding a new tenant (``golive new``) from the templates.

:func:`scaffold` writes ``tenants/<id>/`` from ``templates/new/*.yaml.j2``:
placeholder values that already validate in phase onboarding, comments saying
what to fill in, and a ``yaml-language-server`` line on every file so editors
complete and check keys against ``schemas/``. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from golive.core.business_days import today as utc_today
from golive.core.errors import UsageError
from golive.core.layout import TENANTS_DIR, is_tenant_id, tenant_path
from golive.core.templates import environment
from golive.engine.schemas import TENANT_FILES, schema_path

SCAFFOLD = ("tenant.yaml", "edi.yaml", "payers.yaml", "fee-schedules.yaml",
            "modifier-rules.yaml", "notifications.yaml")


def check_id(tenant: str) -> None:
    if not is_tenant_id(tenant):
        raise UsageError(f"{tenant!r} is not a tenant id: 3 to 40 lowercase letters, digits and "
                         "hyphens, starting with a letter and not ending with a hyphen")


def _yaml_str(value: str) -> str:
    """``value`` as a YAML scalar, quoted only where YAML would misread it."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1 << 16)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


def scaffold(root: Path, tenant: str, name: str | None = None,
             today: dt.date | None = None) -> list[Path]:
    """Write ``tenants/<tenant>/`` from the templates; the files written, repo-relative."""
    check_id(tenant)
    if name is not None and (not name.strip() or "\n" in name):
        raise UsageError("--name must be one line of text")
    schemas = [schema_path(TENANT_FILES[f]) for f in SCAFFOLD]
    missing = [s for s in schemas if not (root / s).is_file()]
    if missing:
        # Every file written names its schema on its first line; none may point nowhere.
        raise UsageError(f"{missing[0]} is missing, and the new files would name it as their schema; "
                         "restore schemas/ from git, or start a config repository with golive init")
    target = root / TENANTS_DIR / tenant
    if target.exists():
        raise UsageError(f"tenant {tenant!r} already exists ({tenant_path(tenant)}/)")
    today = today or utc_today()
    context = {
        "tenant": tenant,
        "name": _yaml_str(name.strip() if name else " ".join(w.capitalize() for w in tenant.split("-"))),
        "x12_id": re.sub(r"[^A-Z0-9]", "", tenant.upper())[:15],
        "today": today.isoformat(),
        "year": today.year,
    }
    env = environment("yaml")
    texts = {f: env.get_template(f"new/{f}.j2").render(context) for f in SCAFFOLD}
    target.mkdir(parents=True)
    for file, text in texts.items():
        (target / file).write_text(text, encoding="utf-8")
    return [(target / f).relative_to(root) for f in SCAFFOLD]
