"""The registries keep their contract: every policy module is registered and says what it checks,
every rule id golive can emit is explained, every command is in the command registry.

The checks are functions of a package's modules, so that they can be shown to fail: a
policy module that exists but is not registered (written by the test into a directory
added to the package's path) is reported.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import sys
import typing
from pathlib import Path
from types import ModuleType

import pytest

import golive
from golive import reporters
from golive.commands import COMMANDS
from golive.core.checklist import CHECKLIST
from golive.engine.rule_catalogue import all_rules, describe
from golive.policies import registry, rules

PACKAGE = Path(golive.__file__).parent
RULE_ID = re.compile(r"GL-[A-Z0-9]+(?:-[A-Z0-9]+)*")


def policy_modules(package: ModuleType) -> list[ModuleType]:
    """The modules of ``package`` that are policies: every one whose name has no leading '_'."""
    return [importlib.import_module(f"{package.__name__}.{info.name}")
            for info in pkgutil.iter_modules(package.__path__) if not info.name.startswith("_")]


def module_name(rule_id: str) -> str:
    """The module a rule lives in: its id without ``GL-``, lower case, '-' as '_'."""
    return rule_id.removeprefix("GL-").lower().replace("-", "_")


def registry_problems(package: ModuleType) -> list[str]:
    """What breaks the policies' contract, one line each (none when it holds)."""
    registered = {p.__name__ for p in registry.POLICIES.values()}
    problems = []
    for module in policy_modules(package):
        name = module.__name__
        if name not in registered:
            problems.append(f"{name} is not registered in golive.policies.registry")
        rule = getattr(module, "ID", "")
        if name.rpartition(".")[2] != module_name(rule):
            problems.append(f"{name}: a module for {rule} is named {module_name(rule)}.py")
        key = getattr(module, "CHECKLIST", None)
        if key not in CHECKLIST:
            problems.append(f"{name}: CHECKLIST {key!r} is not a checklist key")
        doc = module.__doc__ or ""
        if re.search(r"golive[./][a-z_]", doc):   # golive explain and SARIF show it to users
            problems.append(f"{name}: its docstring names a module of golive's code")
        for example in ("Passing", "Failing"):
            if not re.search(rf"^{example}\b", doc, re.M):
                problems.append(f"{name}: its docstring has no {example.lower()} example")
        if getattr(module, "ID", None) not in all_rules():
            problems.append(f"{name}: {getattr(module, 'ID', None)!r} is not explained by golive explain")
    return problems


def emitted_rule_ids(root: Path = PACKAGE) -> set[str]:
    """Every rule id written in golive's code: each string that is a whole ``GL-...`` id."""
    found = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and RULE_ID.fullmatch(value):
                found.add(value)
    return found


def test_every_policy_module_keeps_the_contract() -> None:
    assert registry_problems(rules) == []
    assert len(policy_modules(rules)) == len(registry.POLICIES)


UNREGISTERED = '''"""Checks nothing yet.

Passing: anything.

Failing: nothing.
"""

ID = "GL-FORGOTTEN"
CHECKLIST = "integrity"
'''


def test_an_unregistered_policy_module_breaks_the_contract(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "forgotten.py").write_text(UNREGISTERED, encoding="utf-8")
    (tmp_path / "careless.py").write_text('"""No examples; see golive.core."""\nID = "GL-NOPE"\n'
                                          'CHECKLIST = "nope"\n', encoding="utf-8")
    monkeypatch.setattr(rules, "__path__", [*rules.__path__, str(tmp_path)])
    try:
        problems = registry_problems(rules)
    finally:   # not left importable for other tests
        for name in ("forgotten", "careless"):
            sys.modules.pop(f"{rules.__name__}.{name}", None)
    assert problems == [
        "golive.policies.rules.careless is not registered in golive.policies.registry",
        "golive.policies.rules.careless: a module for GL-NOPE is named nope.py",
        "golive.policies.rules.careless: CHECKLIST 'nope' is not a checklist key",
        "golive.policies.rules.careless: its docstring names a module of golive's code",
        "golive.policies.rules.careless: its docstring has no passing example",
        "golive.policies.rules.careless: its docstring has no failing example",
        "golive.policies.rules.careless: 'GL-NOPE' is not explained by golive explain",
        "golive.policies.rules.forgotten is not registered in golive.policies.registry",
        "golive.policies.rules.forgotten: 'GL-FORGOTTEN' is not explained by golive explain",
    ]


def test_every_rule_id_golive_can_emit_is_explained() -> None:
    emitted = emitted_rule_ids()
    assert set(registry.POLICIES) <= emitted and "GL-YAML-TAB" in emitted   # the scan finds them
    assert sorted(emitted - set(all_rules())) == []
    for rule in all_rules():
        doc = describe(rule)
        assert doc.id == rule and doc.checklist in CHECKLIST and doc.summary and doc.fix, rule
    assert len(all_rules()) == len(set(all_rules()))


def test_the_scan_would_see_an_unexplained_rule_id(tmp_path: Path) -> None:
    (tmp_path / "new.py").write_text('RULE = "GL-BRAND-NEW"\nnot_an_id = "GL-"\n', encoding="utf-8")
    assert emitted_rule_ids(tmp_path) == {"GL-BRAND-NEW"}


def test_every_command_module_is_registered() -> None:
    from golive import commands

    modules = {f"{commands.__name__}.{info.name}" for info in pkgutil.iter_modules(commands.__path__)
               if not info.name.startswith("_")}
    assert modules == {getattr(c, "__name__", "") for c in COMMANDS.values()}
    assert all(isinstance(c.HELP, str) and c.HELP for c in COMMANDS.values())


def _hints(function: object, names: dict[str, object]) -> list[object]:
    """The annotated types of ``function``'s parameters, in order (``self`` left out)."""
    hints = typing.get_type_hints(function, localns=names)
    params = [p for p in inspect.signature(function).parameters if p != "self"]   # type: ignore[arg-type]
    return [hints[p] for p in params]


def test_every_reporter_satisfies_its_registry() -> None:
    """Each registry's value type is a protocol; every reporter in it takes exactly those arguments."""
    from golive.apply import Applied, Difference
    from golive.apply.planning import Plan
    from golive.authoring.flip import Flip
    from golive.core.findings import Result, TenantReport
    from golive.rollback import Rollback
    from golive.targets import AuditEntry, StoreView

    names: dict[str, object] = {n.__name__: n for n in (Applied, Difference, Plan, Flip, Result, TenantReport,
                                                         Rollback, AuditEntry, StoreView, reporters.Options)}
    declared = typing.get_type_hints(reporters, localns=names)
    registries = {name: value for name, value in vars(reporters).items() if name.endswith("_REPORTERS")}
    assert len(registries) == 11
    for name, registry_ in registries.items():
        protocol = typing.get_args(declared[name])[1]
        wanted = _hints(protocol.__call__, names)
        for fmt, entry in registry_.items():
            assert _hints(entry.load(), names) == wanted, (name, fmt)
