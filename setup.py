"""Build hook: ship what ``golive init`` writes into a new config repository inside the package.

The default rulebook (schemas/, policies/settings.yaml), the dependency lock and the
GitHub workflows live at the top of this repository (where golive checks its own
example tenants); a wheel must carry them, so they are copied into
``golive/rulebook/`` of the build. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithRulebook(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "golive" / "rulebook"
        (target / "schemas").mkdir(parents=True, exist_ok=True)
        (target / "policies").mkdir(parents=True, exist_ok=True)
        for schema in sorted((HERE / "schemas").glob("*.schema.json")):
            shutil.copyfile(schema, target / "schemas" / schema.name)
        shutil.copyfile(HERE / "policies" / "settings.yaml", target / "policies" / "settings.yaml")
        shutil.copyfile(HERE / "requirements.lock", target / "requirements.lock")
        (target / "workflows").mkdir(exist_ok=True)
        for workflow in sorted((HERE / ".github" / "workflows").glob("*.yml")):
            shutil.copyfile(workflow, target / "workflows" / workflow.name)


setup(cmdclass={"build_py": BuildWithRulebook})
