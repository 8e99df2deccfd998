"""What tenants are judged by: the schemas and the policy settings of one revision."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from golive.engine import cache
from golive.engine.schemas import Schemas
from golive.policies.settings import Settings, parse_settings, settings_source


@dataclass(frozen=True)
class Rulebook:
    """The schemas and policy settings of one revision: what its tenants are judged by."""

    schemas: Schemas
    settings: Settings
    root: Path            # where they were read from (a worker process reads them again)
    settings_source: bytes = b""

    @classmethod
    def from_repo(cls, repo: Path) -> Rulebook:
        source = settings_source(repo)   # read once: parsed here, and digested for the cache
        return cls(Schemas.from_dir(repo), parse_settings(source), repo, source)

    def digest(self, as_of: dt.date) -> str:
        """What a cached result depends on besides the tenant's own files."""
        return cache.rulebook_digest(self.schemas.digest_items(), self.settings_source, as_of)
