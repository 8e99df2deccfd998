"""Policy settings: the thresholds of the checklist, read from ``policies/settings.yaml``.

Settings are data, validated against the declared schema below when they are
loaded; a settings file that does not validate stops the run (exit 2), because
judging tenants with half-read thresholds would be worse than not judging them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema_rs

from golive.core.errors import ConfigRepoError
from golive.core.findings import format_path
from golive.core.layout import SETTINGS_FILE
from golive.core.yaml_loader import load_bytes


def _rate(title: str) -> dict[str, Any]:
    return {"type": "number", "minimum": 0, "maximum": 1, "title": title}


# What a setting that grades a finding may say: report it as an error, as a warning, or not at all.
GRADES = ("error", "warning", "ignore")  # not "off": YAML 1.1 reads that as false
GOLIVE_DATE_CHECKS = ("weekend", "federal_holiday", "day_before_holiday", "friday")
# The checklist items whose evidence may be a signed PDF or a signed e-mail.
SIGNED_ITEMS = ("uat_signoff", "partner_certifications", "e2e_test")


def _grades(keys: tuple[str, ...]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False,
            "properties": {key: {"enum": list(GRADES)} for key in keys}}


SETTINGS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["loader", "hypercare"],
    "properties": {
        "loader": {
            "type": "object",
            "additionalProperties": False,
            "required": ["max_file_bytes"],
            "properties": {
                "max_file_bytes": {"type": "integer", "minimum": 1024},
                # optional: evidence is hashed in chunks, so this bounds time, not memory
                "max_evidence_bytes": {"type": "integer", "minimum": 1024},
            },
        },
        "smoke_run": {  # optional: golive's defaults (Settings) when absent
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "x12_max_bytes": {"type": "integer", "minimum": 1024},
                "x12_time_tolerance_hours": {"type": "number", "minimum": 0, "maximum": 168},
            },
        },
        "hypercare": {
            "type": "object",
            "additionalProperties": False,
            "required": [
                "business_days", "oncall_response_minutes_max",
                "acknowledgement_rate_at_least", "denial_rate_at_most",
                "era_auto_match_rate_above", "auto_correction_success_rate_above",
            ],
            "properties": {
                "business_days": {"type": "integer", "minimum": 1, "maximum": 30},
                "oncall_response_minutes_max": {"type": "integer", "minimum": 1},
                "acknowledgement_rate_at_least": _rate("acknowledged / submitted"),
                "denial_rate_at_most": _rate("denied / submitted"),
                "era_auto_match_rate_above": _rate("ERAs auto-matched / received"),
                "auto_correction_success_rate_above": _rate("auto-corrections succeeded / attempted"),
            },
        },
        # Both optional, so that a settings file written before them still loads.
        "golive_date": _grades(GOLIVE_DATE_CHECKS),
        "evidence": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"unsigned": _grades(SIGNED_ITEMS)},
        },
    },
}


@dataclass(frozen=True)
class Settings:
    max_file_bytes: int = 1 << 20
    max_evidence_bytes: int = 100 << 20
    smoke_run_x12_max_bytes: int = 2 << 20
    smoke_run_x12_time_tolerance_hours: float = 12
    hypercare_business_days: int = 5
    oncall_response_minutes_max: int = 60
    acknowledgement_rate_at_least: float = 0.98
    denial_rate_at_most: float = 0.01
    era_auto_match_rate_above: float = 0.90
    auto_correction_success_rate_above: float = 0.60
    # Each a grade (GRADES): the go-live date checks, by GOLIVE_DATE_CHECKS ...
    golive_date: tuple[tuple[str, str], ...] = tuple((k, "warning") for k in GOLIVE_DATE_CHECKS)
    # ... and an unsigned PDF or e-mail as the evidence of each of SIGNED_ITEMS.
    unsigned_evidence: tuple[tuple[str, str], ...] = tuple((k, "warning") for k in SIGNED_ITEMS)

    def golive_date_grade(self, check: str) -> str:
        """``error``, ``warning`` or ``ignore`` for one of :data:`GOLIVE_DATE_CHECKS`."""
        return dict(self.golive_date)[check]

    def unsigned_grade(self, item: str) -> str:
        """``error``, ``warning`` or ``ignore`` for unsigned evidence of one of :data:`SIGNED_ITEMS`."""
        return dict(self.unsigned_evidence)[item]


def parse_settings(raw: bytes, origin: str = SETTINGS_FILE) -> Settings:
    """Read and validate settings bytes; raise :class:`ConfigRepoError` with one line if bad."""
    doc = load_bytes(raw)
    if isinstance(doc, list):
        problem = doc[0]
        raise ConfigRepoError(f"{origin}:{problem.line}:{problem.column}: {problem.message}")
    error = None
    if not jsonschema_rs.is_valid(SETTINGS_SCHEMA, doc.data):
        # python-jsonschema only to say what is wrong (it is slower to import and to run).
        import jsonschema

        validator = jsonschema.Draft202012Validator(SETTINGS_SCHEMA)
        error = jsonschema.exceptions.best_match(validator.iter_errors(doc.data))
    if error is not None:
        path = tuple(error.absolute_path)
        line, col = doc.locate(path)
        where = format_path(path) or "settings"
        raise ConfigRepoError(f"{origin}:{line}:{col}: {where}: {error.message}")
    data = doc.data
    hc = data["hypercare"]
    smoke = data.get("smoke_run", {})
    return Settings(
        smoke_run_x12_max_bytes=smoke.get("x12_max_bytes", Settings.smoke_run_x12_max_bytes),
        smoke_run_x12_time_tolerance_hours=smoke.get("x12_time_tolerance_hours",
                                                     Settings.smoke_run_x12_time_tolerance_hours),
        max_file_bytes=data["loader"]["max_file_bytes"],
        max_evidence_bytes=data["loader"].get("max_evidence_bytes", Settings.max_evidence_bytes),
        hypercare_business_days=hc["business_days"],
        oncall_response_minutes_max=hc["oncall_response_minutes_max"],
        acknowledgement_rate_at_least=hc["acknowledgement_rate_at_least"],
        denial_rate_at_most=hc["denial_rate_at_most"],
        era_auto_match_rate_above=hc["era_auto_match_rate_above"],
        auto_correction_success_rate_above=hc["auto_correction_success_rate_above"],
        golive_date=_graded(GOLIVE_DATE_CHECKS, data.get("golive_date", {})),
        unsigned_evidence=_graded(SIGNED_ITEMS, data.get("evidence", {}).get("unsigned", {})),
    )


def _graded(keys: tuple[str, ...], given: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Each key's grade as given, ``warning`` where the file says nothing."""
    return tuple((key, given.get(key, "warning")) for key in keys)


def settings_source(repo: Path) -> bytes:
    """The bytes of ``policies/settings.yaml``; a missing or unreadable file is :class:`ConfigRepoError`."""
    try:
        return (repo / SETTINGS_FILE).read_bytes()
    except FileNotFoundError:
        raise ConfigRepoError(f"{SETTINGS_FILE} is missing; restore it from git, or start a config "
                              "repository with golive init") from None
    except OSError as exc:
        raise ConfigRepoError(f"cannot read {SETTINGS_FILE}: {exc.strerror}") from None


def load_settings(repo: Path) -> Settings:
    return parse_settings(settings_source(repo))
