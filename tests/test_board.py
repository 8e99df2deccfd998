"""The go-live board (``golive status --format html``), rendered in a real headless Chromium.

Chromium is a system package (Debian ``chromium``; ``.ci/run`` installs it). Where
it is missing the browser tests are skipped, except on CI (``CI=true``), where a
missing browser is a failure: the board must have been seen in one there.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from golive.cli import main
from tests.conftest import make_repo

TENANTS = ("acme-ortho", "riverbend-cardio", "summit-peds")
HOSTILE = "<script>alert(1)</script>"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")


class Dom(HTMLParser):
    """What the tests look at in a page: its elements (tag, attributes, text inside) and its text."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], list[str]]] = []
        self.open: list[tuple[str, dict[str, str], list[str]]] = []
        self.text: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = (tag, {k: v or "" for k, v in attrs}, [])
        self.elements.append(element)
        if tag not in ("br", "meta", "input", "img", "link"):  # HTML void elements
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for element in self.open:
            element[2].append(data)

    def find(self, tag: str, **attrs: str) -> list[tuple[str, dict[str, str], list[str]]]:
        return [e for e in self.elements if e[0] == tag and all(e[1].get(k) == v for k, v in attrs.items())]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed; on CI the board must be checked in a real browser")
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    return found


def browse(page: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def board(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo", TENANTS)
    tenant_yaml = repo / "tenants" / "summit-peds" / "tenant.yaml"
    text = tenant_yaml.read_text(encoding="utf-8")
    assert text.count("name: Summit Pediatrics") == 1
    tenant_yaml.write_text(text.replace("name: Summit Pediatrics", f'name: "{HOSTILE}"'), encoding="utf-8")
    page = tmp_path / "board.html"
    assert main(["status", "--repo", str(repo), "--format", "html", "--output", str(page),
                 "--as-of", "2026-11-25"]) == 0
    return page


def test_the_page_is_self_contained(board: Path) -> None:
    html = board.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    dom = Dom(html)
    assert dom.find("script") == []
    for tag, attrs, _ in dom.elements:  # nothing is fetched: no external source, style or link
        assert not {"src", "srcset"} & set(attrs), tag
        assert not attrs.get("href", "#").startswith(("http", "//")), attrs
    assert "@import" not in html and "url(" not in html


def test_the_browser_shows_every_tenant(board: Path, tmp_path: Path) -> None:
    shown = browse(board, tmp_path, "--dump-dom")
    assert shown.returncode == 0, shown.stderr
    dom = Dom(shown.stdout)
    rows = {attrs["data-tenant"]: "".join(text) for _, attrs, text in dom.find("tr")
            if "data-tenant" in attrs}
    assert set(rows) == set(TENANTS)
    assert "15/16 done" in rows["acme-ortho"]
    assert "16/16 done" in rows["riverbend-cardio"]
    assert "4/13 done" in rows["summit-peds"]   # the post-flip items are not due yet
    # The hostile name is text on the page, not an element.
    assert dom.find("script") == []
    assert HOSTILE in "".join(dom.text)
    assert HOSTILE in rows["summit-peds"]
    # Live and bau tenants have a chart per rate; the onboarding one has none.
    sections = [attrs["id"] for tag, attrs, _ in dom.elements if tag == "section"]
    assert sections == [f"tenant-{t}" for t in TENANTS]
    assert _svgs_per_section(shown.stdout) == {"acme-ortho": 4, "riverbend-cardio": 4, "summit-peds": 0}


def _svgs_per_section(page: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for chunk in page.split('<section class="tenant" id="tenant-')[1:]:
        tenant = chunk[:chunk.index('"')]
        counts[tenant] = chunk[:chunk.index("</section>")].count("<svg")
    return counts


def test_the_browser_takes_a_screenshot(board: Path, tmp_path: Path) -> None:
    png = tmp_path / "board.png"
    shot = browse(board, tmp_path, f"--screenshot={png}", "--window-size=1280,900")
    assert shot.returncode == 0, shot.stderr
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1280, 900)


def test_a_breach_is_a_red_dot_saying_why(board: Path) -> None:
    dom = Dom(board.read_text(encoding="utf-8"))
    [(_, _, text)] = dom.find("circle", **{"class": "dot breach"})
    assert "".join(text) == ("Thu 2026-11-19: 86.9% (53/61), at or below the threshold "
                             "(investigation INC-5604)")


@pytest.mark.parametrize(("ci", "outcome"), [("", pytest.skip.Exception), ("true", pytest.fail.Exception)])
def test_without_chromium(monkeypatch: pytest.MonkeyPatch, ci: str, outcome: type[BaseException]) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome):
        chromium()


def test_the_board_counts_as_status_does(board: Path, tmp_path: Path) -> None:
    """Every tenant's "n/m done" on the board is the text status's "n/m checklist items done"."""
    import io
    import re

    repo = tmp_path / "repo"
    out = io.StringIO()
    assert main(["status", "--repo", str(repo), "--as-of", "2026-11-25"], stdout=out) == 0
    status = dict(re.findall(r"^(\S+) \(.*\n  (\d+/\d+) checklist items done$", out.getvalue(), re.M))
    dom = Dom(board.read_text(encoding="utf-8"))
    shown = {attrs["data-tenant"]: re.search(r"(\d+/\d+) done", "".join(text)).group(1)  # type: ignore[union-attr]
             for _, attrs, text in dom.find("tr") if "data-tenant" in attrs}
    assert status == shown and len(shown) == len(TENANTS)


def test_the_board_says_what_it_was_made_from_and_when(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.gitrepo import git, init_config_repo

    repo = init_config_repo(tmp_path / "repo", TENANTS)
    head = git(repo, "rev-parse", "HEAD").strip()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764930000")   # 2025-12-05 10:20 UTC
    page = tmp_path / "board.html"
    assert main(["status", "--repo", str(repo), "--format", "html", "--output", str(page)]) == 0
    made = "".join(Dom(page.read_text(encoding="utf-8")).find("div", id="made")[0][2])
    assert made == f"Made from commit {head[:12]} at 2025-12-05 10:20 UTC"
    (repo / "tenants" / "summit-peds" / "notes.md").write_text("draft\n", encoding="utf-8")
    assert main(["status", "--repo", str(repo), "--format", "html", "--output", str(page)]) == 0
    made = "".join(Dom(page.read_text(encoding="utf-8")).find("div", id="made")[0][2])
    assert made.startswith(f"Made from commit {head[:12]} with uncommitted changes at ")
