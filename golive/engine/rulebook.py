"""What tenants are judged by: the schemas and the policy settings of one revision."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from golive.engine import cache
from golive.engine.schemas import Schemas
from golive.policies.settings import Settings, parse_settings, settings_source
from golive.policies.trust import Trust, load_trust


@dataclass(frozen=True)
class Rulebook:
    """The schemas and policy settings of one revision: what its tenants are judged by."""

    schemas: Schemas
    settings: Settings
    root: Path            # where they were read from (a worker process reads them again)
    settings_source: bytes = b""
    # The anchors of policies/trust/ that signed evidence is verified against.
    trust: Trust = field(default_factory=Trust)

    @classmethod
    def from_repo(cls, repo: Path) -> Rulebook:
        source = settings_source(repo)   # read once: parsed here, and digested for the cache
        return cls(Schemas.from_dir(repo), parse_settings(source), repo, source, load_trust(repo))

    def digest(self, as_of: dt.date) -> str:
        """What a cached result depends on besides the tenant's own files."""
        return cache.rulebook_digest(self.schemas.digest_items(),
                                     self.settings_source + b"\0trust:" + self.trust.digest.encode(), as_of)
