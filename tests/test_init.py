"""``golive init``: a config repository of one's own, from an empty directory to a check."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from golive.authoring.init import editor_settings
from golive.cli import main
from golive.engine.schemas import TENANT_FILES

ROOT = Path(__file__).resolve().parent.parent


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(root.rglob("*")) if ".git" not in p.relative_to(root).parts}


def test_init_new_validate_in_an_empty_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "config"
    repo.mkdir()
    monkeypatch.chdir(repo)
    code, out, err = run("init")
    assert (code, err) == (0, "") and out.startswith("initialised a git repository in .\n")
    assert (repo / ".git").is_dir()
    assert run("new", "acme")[0] == 0
    code, out, err = run("validate", "-v")
    assert (code, err) == (0, ""), out + err
    assert "missing" not in out and "1 tenant checked: 0 errors, 0 warnings, 0 blocking — ok" in out
    # Every $schema line golive wrote resolves to a file that exists.
    lines = [(p, line) for p in repo.rglob("*.yaml") if ".git" not in p.parts
             for line in p.read_text(encoding="utf-8").splitlines() if "$schema=" in line]
    assert len(lines) == len(TENANT_FILES) - 2   # every scaffolded file: not golive.yaml, waivers.yaml
    for path, line in lines:
        target = (path.parent / line.split("$schema=", 1)[1].strip()).resolve()
        assert target.is_file(), (path, line)
    # The rulebook is golive's own, byte for byte.
    for schema in (ROOT / "schemas").glob("*.schema.json"):
        assert (repo / "schemas" / schema.name).read_bytes() == schema.read_bytes()
    assert (repo / "policies/settings.yaml").read_bytes() == (ROOT / "policies/settings.yaml").read_bytes()


def test_init_refuses_a_directory_that_has_any_of_its_files_and_writes_nothing(tmp_path: Path) -> None:
    repo = tmp_path / "config"
    (repo / "policies").mkdir(parents=True)
    (repo / "policies" / "settings.yaml").write_text("mine\n", encoding="utf-8")
    before = snapshot(repo)
    code, out, err = run("init", str(repo))
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert "policies/settings.yaml" in err and "nothing was written" in err
    assert snapshot(repo) == before and not (repo / ".git").exists()


def test_init_at_the_top_of_an_existing_work_tree_and_not_below_it(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    requirement = "golive @ git+https://git.example/golive@v0.1.0"
    before = snapshot(tmp_path)
    code, out, err = run("init", str(tmp_path / "ops"), "--golive", requirement)
    # golive finds a config repository at the top of a work tree: below it, nothing would find this one.
    assert (code, out) == (2, "") and "inside the git work tree" in err and err.count("\n") == 1
    assert snapshot(tmp_path) == before
    code, out, _ = run("init", str(tmp_path), "--golive", requirement)
    assert code == 0 and "initialised" not in out
    assert (tmp_path / "requirements.txt").read_text().splitlines()[-1] == requirement
    assert run("new", "acme", "--repo", str(tmp_path))[0] == 0
    assert run("validate", "--repo", str(tmp_path))[0] == 0


@pytest.mark.parametrize("requirement", [
    "golive; rm -rf /", "-e .", "--index-url http://evil.example", "../../x", "garbage", "numpy", "",
    "golive==0.1.0 --hash=sha256:00", "golive @ ", "golivex==1",
])
def test_init_takes_only_a_requirement_for_golive(tmp_path: Path, requirement: str) -> None:
    code, out, err = run("init", str(tmp_path / "ops"), "--golive", requirement)
    assert (code, out) == (2, "") and "is not a requirement for golive" in err
    assert not (tmp_path / "ops").exists()


@pytest.mark.parametrize("requirement", [
    "golive==0.1.0", "golive>=0.1,<0.2", "golive~=0.1.0", "golive @ git+https://git.example/golive@4f2a9c1",
    "golive @ https://files.example/golive-0.1.0-py3-none-any.whl",
])
def test_init_pins_the_golive_it_is_told(tmp_path: Path, requirement: str) -> None:
    assert run("init", str(tmp_path / "ops"), "--golive", requirement)[0] == 0
    assert (tmp_path / "ops" / "requirements.txt").read_text().splitlines()[-1] == requirement


def test_init_says_when_its_default_pin_needs_an_index(tmp_path: Path) -> None:
    code, out, _ = run("init", str(tmp_path / "ops"))
    assert code == 0 and "if golive is not on your package index" in out


def test_init_takes_repo_as_its_directory_and_refuses_two(tmp_path: Path) -> None:
    assert run("init", "--repo", str(tmp_path / "a"))[0] == 0
    assert (tmp_path / "a" / "schemas").is_dir()
    code, out, err = run("init", str(tmp_path / "b"), "--repo", str(tmp_path / "c"))
    assert (code, out) == (2, "") and "not both" in err
    assert not (tmp_path / "b").exists() and not (tmp_path / "c").exists()


def test_init_under_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x\n")
    code, out, err = run("init", str(tmp_path / "afile" / "sub"))
    assert (code, out) == (2, "") and err.count("\n") == 1 and err.startswith("golive: ")


def test_new_refuses_to_name_schemas_that_do_not_exist(tmp_path: Path) -> None:
    (tmp_path / "tenants").mkdir()
    (tmp_path / ".git").mkdir()
    code, out, err = run("new", "acme", "--repo", str(tmp_path))
    assert (code, out) == (2, "") and "golive init" in err and err.count("\n") == 1
    assert not (tmp_path / "tenants" / "acme").exists()


def test_validate_without_a_rulebook_says_how_to_start_one(tmp_path: Path) -> None:
    (tmp_path / "tenants").mkdir()
    (tmp_path / ".git").mkdir()
    code, _, err = run("validate", "--repo", str(tmp_path))
    assert code == 2 and "golive init" in err and err.count("\n") == 1


def test_the_editor_reads_yaml_as_golive_does() -> None:
    """This repository's .vscode/settings.json is what golive init writes, and it covers every file."""
    shipped = (ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8")
    assert shipped == editor_settings()
    settings = json.loads(shipped)
    assert settings["yaml.yamlVersion"] == "1.1"
    globs = settings["yaml.schemas"]
    shipped_schemas = {p.name for p in (ROOT / "schemas").glob("*.schema.json")}
    assert {Path(schema).name for schema in globs} == shipped_schemas
    assert sorted(g.rsplit("/", 1)[1] for g in globs.values() if "/rules/" not in g) == sorted(TENANT_FILES)
    for schema in globs:
        assert (ROOT / schema).is_file()


def test_a_built_wheel_carries_the_rulebook_and_init_works_from_it(tmp_path: Path) -> None:
    """Installed from a wheel (no source checkout around it), golive init still finds the rulebook."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md", "requirements.lock"):
        shutil.copy(ROOT / name, src / name)
    for name in ("golive", "schemas", "policies", ".github"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "-w", str(tmp_path / "dist"), str(src)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("golive-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert sorted(n for n in names if n.startswith("golive/rulebook/schemas/")) == sorted(
        f"golive/rulebook/schemas/{p.name}" for p in (ROOT / "schemas").glob("*.schema.json"))
    assert sorted(n for n in names if n.startswith("golive/rulebook/workflows/")) == sorted(
        f"golive/rulebook/workflows/{p.name}" for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert {"golive/rulebook/policies/settings.yaml", "golive/rulebook/requirements.lock"} <= set(names)
    # Run golive from the wheel alone (dependencies from this environment), in an empty directory.
    target = tmp_path / "empty"
    target.mkdir()
    env = {**os.environ, "PYTHONPATH": str(wheel)}
    done = subprocess.run([sys.executable, "-c", "import golive, sys; from golive.cli import main; "
                           "assert '.whl' in golive.__file__, golive.__file__; sys.exit(main())", "init"],
                          cwd=target, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert re.search(r"wrote \d+ files", done.stdout)
    assert (target / "schemas" / "tenant.schema.json").read_bytes() == \
        (ROOT / "schemas" / "tenant.schema.json").read_bytes()


def _complete(tmp_path: Path, shell_script: str, words: list[str]) -> list[str]:
    probe = (f"{shell_script}\nCOMP_WORDS=({' '.join(shlex.quote(w) for w in words)})\n"
             f"COMP_CWORD={len(words) - 1}\n_golive\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n")
    done = subprocess.run(["bash", "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    return sorted(done.stdout.split())


def test_bash_completion_knows_commands_options_and_tenants(tmp_path: Path) -> None:
    code, bash, _ = run("completion", "bash")
    assert code == 0
    for tenant in ("acme-ortho", "summit-peds"):
        (tmp_path / "tenants" / tenant).mkdir(parents=True)
    assert _complete(tmp_path, bash, ["golive", "va"]) == ["validate"]
    assert _complete(tmp_path, bash, ["golive", "validate", "--ba"]) == ["--base"]
    assert "--trigger" in _complete(tmp_path, bash, ["golive", "rollback", "--"])
    assert _complete(tmp_path, bash, ["golive", "status", "summ"]) == ["summit-peds"]
    assert _complete(tmp_path, bash, ["golive", "validate", "--format", "s"]) == ["sarif"]
    assert _complete(tmp_path, bash, ["golive", "status", "--format", ""]) == \
        ["html", "json", "markdown", "text"]
    assert _complete(tmp_path, bash, ["golive", "rollback", "--trigger", "mass-e"]) == \
        ["mass-envelope-rejections"]
    code, zsh, _ = run("completion", "zsh")
    assert code == 0 and zsh.startswith("autoload -U +X bashcompinit && bashcompinit\n")


def test_init_writes_workflows_that_install_the_pinned_golive(tmp_path: Path) -> None:
    """A config repository's workflows are golive's own, installing the pinned golive from
    requirements.txt (its dependencies hash-checked from requirements.lock) instead of building it."""
    repo = tmp_path / "ops"
    assert run("init", str(repo))[0] == 0
    folder = repo / ".github" / "workflows"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        p.name for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert (repo / "requirements.lock").read_bytes() == (ROOT / "requirements.lock").read_bytes()
    for path in folder.iterdir():
        installs = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                    if "pip install" in line]
        assert installs, path.name
        for line in installs:
            assert ("--require-hashes -r" in line and line.rstrip('"').endswith("requirements.lock")) or \
                ("--no-deps -r" in line and line.rstrip('"').endswith("requirements.txt")), line
    zizmor = shutil.which("zizmor") or str(Path(sys.executable).parent / "zizmor")
    if not Path(zizmor).exists():
        pytest.skip("zizmor is not installed (it comes with the test extras)")
    done = subprocess.run([zizmor, "--offline", "--min-severity", "medium", "--format", "json", str(folder)],
                          capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0 and json.loads(done.stdout) == [], done.stdout + done.stderr
