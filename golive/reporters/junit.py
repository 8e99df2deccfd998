"""JUnit XML: the checklist as a test report that CI systems list and count.

``<testsuites name="golive">`` holds a ``<testsuite>`` per tenant (its phase,
status and go-live date as properties) and, in it, a ``<testcase>`` per checklist
key in runbook order (``name`` the key, ``classname`` the tenant). A test case

- fails (``<failure>``) when the key has blocking findings, listing each as
  ``file:line:column: error message [RULE]``;
- is skipped when the key is ``not_yet`` (a post-flip item before its day);
- passes otherwise.

Findings that do not block (warnings, waived findings, errors the base revision
already had) and items missing before they are demanded go to the test case's
``<system-out>``. In pull-request mode, findings about changed schemas and
policies come first, in a suite of their own (``schemas-and-policies``).

Counts sit on every suite and on the root; nothing time- or host-dependent is
written, so the same result gives the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TextIO

from golive.core.checklist import CHECKLIST
from golive.core.findings import MISSING, NOT_YET, Finding, Result, TenantReport

if TYPE_CHECKING:
    from golive.reporters import Options

# The suite of findings about the checks themselves (pull-request mode).
RULEBOOK_SUITE = "schemas-and-policies"
# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def finding_line(f: Finding) -> str:
    """One finding as a line of a failure or of system-out."""
    label = "waived" if f.waived else f.severity.value
    standing = [r for r in f.standing if r != "waived"]   # the label says it
    old = f" ({'; '.join(standing)})" if standing else ""
    return f"{f.file}:{f.line}:{f.column}: {label} {f.message} [{f.rule}]{old}"


def _testcase(report: TenantReport, key: str, found: Sequence[Finding]) -> ET.Element:
    case = ET.Element("testcase", name=key, classname=report.tenant)
    blocking = [f for f in found if f.blocking]
    others = [finding_line(f) for f in found if not f.blocking]
    state = report.checklist.get(key)
    if blocking:
        message = blocking[0].message if len(blocking) == 1 else _plural(len(blocking), "blocking finding")
        failure = ET.SubElement(case, "failure", message=_clean(message),
                                type=" ".join(dict.fromkeys(f.rule for f in blocking)))
        failure.text = _clean("".join(finding_line(f) + "\n" for f in blocking))
    elif state == NOT_YET and not found:
        phase = report.phase or "this phase"
        ET.SubElement(case, "skipped", message=f"not yet: not demanded in phase {phase}")
    elif state == MISSING and not found:
        others.append(f"checklist: missing (not demanded in phase {report.phase})" if report.phase
                      else "checklist: missing")
    if others:
        ET.SubElement(case, "system-out").text = _clean("".join(line + "\n" for line in others))
    return case


def _count(element: ET.Element, cases: Sequence[ET.Element]) -> None:
    element.set("tests", str(len(cases)))
    element.set("failures", str(sum(1 for c in cases if c.find("failure") is not None)))
    element.set("errors", "0")
    element.set("skipped", str(sum(1 for c in cases if c.find("skipped") is not None)))


def _suite(name: str, cases: Sequence[ET.Element], props: dict[str, str | None]) -> ET.Element:
    suite = ET.Element("testsuite", name=name)
    if any(v is not None for v in props.values()):
        properties = ET.SubElement(suite, "properties")
        for prop, value in props.items():
            if value is not None:
                ET.SubElement(properties, "property", name=prop, value=_clean(value))
    _count(suite, cases)
    suite.extend(cases)
    return suite


def _by_key(found: Iterable[Finding]) -> dict[str, list[Finding]]:
    by_key: dict[str, list[Finding]] = {}
    for f in found:
        by_key.setdefault(f.checklist, []).append(f)
    return by_key


def _tenant_suite(report: TenantReport) -> ET.Element:
    by_key = _by_key(report.findings)
    keys = [*CHECKLIST, *sorted(set(by_key) - set(CHECKLIST))]
    cases = [_testcase(report, key, by_key.get(key, ())) for key in keys]
    props = {"phase": report.phase, "status": report.status, "golive_date": report.golive_date}
    return _suite(report.tenant, cases, props)


def _rulebook_suite(found: Sequence[Finding]) -> ET.Element:
    """Findings about changed schemas and policies, which belong to no tenant."""
    report = TenantReport(RULEBOOK_SUITE, None, None, None, tuple(found), {})
    by_key = _by_key(found)
    return _suite(RULEBOOK_SUITE, [_testcase(report, key, by_key[key]) for key in sorted(by_key)], {})


def document(result: Result) -> ET.Element:
    """The ``<testsuites>`` element of a run."""
    root = ET.Element("testsuites", name="golive")
    suites = [_tenant_suite(report) for report in result.tenants]
    if result.rulebook_changes:
        suites.insert(0, _rulebook_suite(result.rulebook_changes))
    _count(root, [case for suite in suites for case in suite.iter("testcase")])
    root.extend(suites)
    return root


def findings(result: Result, out: TextIO, options: Options) -> None:
    root = document(result)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
