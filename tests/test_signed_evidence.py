"""Signed evidence: PDFs and sign-off e-mails proven from the files, offline, with pinned anchors.

The broken-tenant cases of tests/bad/ show each failure at its line; here are the
properties around them: no network is touched, pyHanko's log stays quiet, the
script that signs the examples works from scratch, and the corners the cases do
not reach (an incremental update, a sign-off near midnight, a signer known by name only).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from golive.cli import main
from golive.policies.signed_email import DkimState, verify_email
from golive.policies.signed_pdf import PdfState, verify_pdf
from tests.conftest import ROOT, make_repo
from tests.signing import LETTER, WHEN, sign_evidence

BAD = ROOT / "tests" / "bad"
SIGNATURE_CASES = sorted(p.name for p in BAD.iterdir()
                         if p.name.startswith(("partner-cert-pdf-", "uat-pdf-", "uat-eml-")))
EXAMPLES = ("acme-ortho", "riverbend-cardio", "summit-peds")

_NETWORK: list[str] = []
_WATCHING: list[bool] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _WATCHING and event in ("socket.getaddrinfo", "socket.connect", "socket.gethostbyname"):
        _NETWORK.append(f"{event} {args!r}")


sys.addaudithook(_audit)   # stays for the process; it records only while a test watches


def _validate(repo: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict, str]:
    code = main(["validate", "--repo", str(repo), "--format", "json", "--as-of", "2026-11-25",
                 "--no-cache", "--jobs", "1"])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def _case_repo(tmp_path: Path, case: str) -> Path:
    from tests.test_bad_examples import _build

    repo, _ = _build(BAD / case, tmp_path)
    return repo


def test_every_signature_check_runs_without_the_network(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An audit hook sees any name look-up or connection golive attempts, failed or not."""
    repos = [make_repo(tmp_path / "examples", EXAMPLES)]
    repos += [_case_repo(tmp_path / case, case) for case in SIGNATURE_CASES]
    _NETWORK.clear()
    _WATCHING.append(True)
    try:
        results = [_validate(repo, capsys) for repo in repos]
    finally:
        _WATCHING.clear()
    assert _NETWORK == []
    assert results[0][1]["summary"]["errors"] == 0
    rules = {f["rule"] for _, report, _ in results[1:] for f in report["findings"]}
    assert {"GL-PARTNER-CERT-SIGNATURE", "GL-UAT-SIGNATURE"} <= rules   # the checks did run


@pytest.mark.skipif(shutil.which("unshare") is None or os.geteuid() != 0,
                    reason="needs unshare -n (root) to take the network away")
def test_validation_passes_with_no_network_at_all(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "examples", EXAMPLES)
    run = subprocess.run(["unshare", "-n", sys.executable, "-m", "golive", "validate", "--repo",
                          str(repo), "--as-of", "2026-11-25", "--no-cache"],
                         capture_output=True, text=True, timeout=300, check=False)
    assert (run.returncode, run.stderr) == (0, "")
    assert run.stdout.endswith("3 tenants checked: 0 errors, 0 warnings, 0 blocking — ok\n")


@pytest.mark.parametrize("case", ["partner-cert-pdf-untrusted-signer",
                                  "partner-cert-pdf-modified-after-signing"])
def test_an_untrusted_or_broken_signature_is_one_finding_and_no_log(
        case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report, err = _validate(_case_repo(tmp_path, case), capsys)
    assert (code, err) == (1, "")
    assert [f["rule"] for f in report["findings"]] == ["GL-PARTNER-CERT-SIGNATURE"]
    assert "Availity EDI Certification" in report["findings"][0]["message"]


def test_a_correctly_signed_pdf_holds(keys: tuple) -> None:
    ca, signer, trust = keys
    proof = verify_pdf(sign_evidence.sign_pdf(LETTER, signer, ca, WHEN), trust.certificates)
    assert (proof.state, proof.signer, proof.signer_email, proof.signed_at) == (
        PdfState.SIGNED, "Pat Rivera", "pat.rivera@acme-ortho.example", WHEN)


def test_an_incremental_update_after_signing_is_a_modification(keys: tuple) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    ca, signer, trust = keys
    signed = sign_evidence.sign_pdf(LETTER, signer, ca, WHEN)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    stream = generic.StreamObject(stream_data=b"BT /F1 10 Tf 72 100 Td (Date: November 3, 2026) Tj ET")
    page["/Contents"] = writer.add_object(stream)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    proof = verify_pdf(out.getvalue(), trust.certificates)
    assert proof.state is PdfState.BROKEN
    assert "modified after it was signed" in proof.reason


def test_a_countersigned_pdf_holds(keys: tuple) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    ca, signer, trust = keys
    second = sign_evidence.issue(ca, "Sam Ortiz")
    signed = sign_evidence.sign_pdf(LETTER, signer, ca, WHEN)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    meta = signers.PdfSignatureMetadata(field_name="Signature2", md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    out = io.BytesIO()
    sign_evidence._DatedSigner(WHEN + dt.timedelta(hours=1), meta, second.signer(ca)).sign_pdf(
        writer, output=out)
    proof = verify_pdf(out.getvalue(), trust.certificates)
    assert (proof.state, proof.signer) == (PdfState.SIGNED, "Pat Rivera")   # the first signer speaks


def test_a_pdf_with_no_anchor_pinned_is_untrusted(keys: tuple) -> None:
    ca, signer, _ = keys
    proof = verify_pdf(sign_evidence.sign_pdf(LETTER, signer, ca, WHEN), ())
    assert proof.state is PdfState.UNTRUSTED and "issued by Test CA" in proof.reason


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\nnot really", b"Availity letter\n" * 40])
def test_what_is_not_a_pdf_says_so(data: bytes) -> None:
    assert verify_pdf(data, ()).state is PdfState.NOT_PDF


EML = (BAD / "uat-eml-unsigned" / "tenant" / "evidence" / "uat-signoff.eml").read_bytes()


def test_a_dkim_key_not_pinned_is_named() -> None:
    key = sign_evidence._key()
    signed = sign_evidence.sign_eml(EML, key, "acme-ortho.example")
    proof = verify_email(signed, lambda name: None)
    assert proof.dkim is DkimState.BROKEN
    assert "policies/trust/dkim/golive-example._domainkey.acme-ortho.example.txt" in proof.reason
    record = sign_evidence.dkim_record(key).encode()
    assert verify_email(signed, lambda name: record).dkim is DkimState.SIGNED


def test_a_signature_for_another_domain_does_not_prove_the_sender() -> None:
    key = sign_evidence._key()
    signed = sign_evidence.sign_eml(EML, key, "mail-relay.example")
    record = sign_evidence.dkim_record(key).encode()
    proof = verify_email(signed, lambda name: record)
    assert proof.dkim is DkimState.BROKEN and "not for the sender's domain" in proof.reason


def _uat(tmp_path: Path, capsys: pytest.CaptureFixture[str], eml: bytes, signed_by: str,
         signed_on: str = "2026-11-12") -> list[str]:
    """The acme-ortho example with ``eml`` as its sign-off: the messages of GL-UAT-SIGNATURE."""
    repo = make_repo(tmp_path / "repo", ("acme-ortho",))
    tenant = repo / "tenants" / "acme-ortho"
    (tenant / "evidence" / "uat-signoff.eml").write_bytes(eml)
    text = (tenant / "golive.yaml").read_text(encoding="utf-8")
    text = sign_evidence.record_hash(text, "evidence/uat-signoff.eml", eml)
    text = text.replace("signed_by: Pat Rivera <pat.rivera@acme-ortho.example>", f"signed_by: {signed_by}")
    (tenant / "golive.yaml").write_text(text.replace("signed_on: 2026-11-12", f"signed_on: {signed_on}"),
                                        encoding="utf-8")
    _, report, _ = _validate(repo, capsys)
    return [f"{f['severity']} {f['message']}" for f in report["findings"] if f["rule"] == "GL-UAT-SIGNATURE"]


def test_a_signer_known_by_name_is_matched_by_the_customers_mail_domain(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _uat(tmp_path / "a", capsys, EML, "Pat Rivera") == [
        "warning the UAT sign-off: 'evidence/uat-signoff.eml' carries no DKIM signature, so only its "
        "hash proves it; export the e-mail as received, with its DKIM-Signature header"]
    outsider = EML.replace(b"pat.rivera@acme-ortho.example>\n", b"pat.rivera@freemail.example>\n", 1)
    assert _uat(tmp_path / "b", capsys, outsider, "Pat Rivera")[0] == (
        "error the UAT sign-off: 'evidence/uat-signoff.eml' is from pat.rivera@freemail.example, outside "
        "the customer's mail domains (acme-ortho.example, from tenant.yaml contacts); record the signer "
        "as Name <address>")


def test_the_sign_off_day_is_the_tenants_day(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 23:30 in Chicago on the 12th is the 13th in UTC: still the 12th where the customer is.
    late = EML.replace(b"Date: Thu, 12 Nov 2026 10:14:32 -0600", b"Date: Fri, 13 Nov 2026 05:30:00 +0000")
    found = _uat(tmp_path / "a", capsys, late, "Pat Rivera <pat.rivera@acme-ortho.example>")
    assert [m for m in found if "sent on" in m] == []
    early = EML.replace(b"Date: Thu, 12 Nov 2026 10:14:32 -0600", b"Date: Thu, 12 Nov 2026 05:30:00 +0000")
    found = _uat(tmp_path / "b", capsys, early, "Pat Rivera <pat.rivera@acme-ortho.example>")
    assert [m for m in found if "sent on" in m] == [
        "error the UAT sign-off: 'evidence/uat-signoff.eml' was sent on 2026-11-11 (America/Chicago "
        "time), not on 2026-11-12 (signed_on)"]


def test_settings_make_an_unsigned_sign_off_an_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _case_repo(tmp_path, "uat-eml-unsigned")
    settings = repo / "policies" / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("    uat_signoff: warning\n", "    uat_signoff: error\n"),
                        encoding="utf-8")
    code, report, _ = _validate(repo, capsys)
    assert code == 1
    assert [(f["rule"], f["severity"]) for f in report["findings"]] == [("GL-UAT-SIGNATURE", "error")]


def test_the_script_signs_everything_afresh_and_keeps_no_private_key(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """tools/sign_evidence.py from scratch: new anchors, and every example and case agrees with them."""
    copy = make_repo(tmp_path / "repo", EXAMPLES)
    shutil.copytree(BAD, copy / "tests" / "bad", symlinks=True)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (copy / "policies").rglob("*.*")}
    assert sign_evidence.main([str(copy)]) == 0
    capsys.readouterr()
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (copy / "policies").rglob("*.*")}
    assert before.keys() == after.keys()   # the same anchors, by name ...
    assert [p.name for p in after if before[p] != after[p]] == [
        "example-ca.pem", "golive-example._domainkey.acme-ortho.example.txt"]   # ... with new keys
    written = [p for p in copy.rglob("*") if p.is_file() and p.stat().st_mtime >= tmp_path.stat().st_mtime]
    assert not [p for p in written if b"PRIVATE KEY" in p.read_bytes()
                and "integrity-secret-private-key" not in str(p)]
    code, report, _ = _validate(copy, capsys)
    assert (code, report["findings"]) == (0, [])
    import yaml

    for case in SIGNATURE_CASES:   # each case laid over the copy's own (re-signed) tenants
        spec = yaml.safe_load((copy / "tests" / "bad" / case / "case.yaml").read_text(encoding="utf-8"))
        repo = make_repo(tmp_path / "cases" / case)
        shutil.rmtree(repo / "policies")
        shutil.copytree(copy / "policies", repo / "policies")
        shutil.copytree(copy / "tenants" / spec["base"], repo / "tenants" / spec["base"])
        shutil.copytree(copy / "tests" / "bad" / case / "tenant", repo / "tenants" / spec["base"],
                        dirs_exist_ok=True)
        _, report, _ = _validate(repo, capsys)
        assert sorted((f["rule"], f["line"]) for f in report["findings"]) == sorted(
            (e["rule"], e["line"]) for e in spec["expect"]), case


def _proofs(repo: Path, tenant: str, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    main(["status", "--repo", str(repo), "--format", "json", "--as-of", "2026-11-25"])
    report = json.loads(capsys.readouterr().out)["tenants"][tenant]
    return {f"{e['file']}:{e['path']}": f"{e['evidence']} {e['proof']}" for e in report["evidence"]}


def test_status_shows_proven_hash_only_and_not_proven(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    examples = make_repo(tmp_path / "examples", EXAMPLES)
    assert _proofs(examples, "acme-ortho", capsys) == {
        "golive.yaml:e2e_test": "evidence/e2e-report.md hash only",
        "golive.yaml:uat_signoff": "evidence/uat-signoff.eml proven",
        "edi.yaml:trading_partners[0].certification": "evidence/availity-certification.pdf proven",
        "edi.yaml:trading_partners[1].certification": "evidence/waystar-certification.pdf proven",
        "edi.yaml:trading_partners[2].certification": "evidence/ngs-medicare-certification.pdf proven",
    }
    main(["status", "--repo", str(examples), "--as-of", "2026-11-25"])
    assert "  proven     uat_signoff: evidence/uat-signoff.eml\n" in capsys.readouterr().out
    for case, want in [("partner-cert-pdf-unsigned", "hash only"),
                       ("partner-cert-pdf-untrusted-signer", "not proven"),
                       ("partner-cert-pdf-signed-on-another-day", "not proven")]:
        proofs = _proofs(_case_repo(tmp_path / case, case), "acme-ortho", capsys)
        assert proofs["edi.yaml:trading_partners[0].certification"] == (
            f"evidence/availity-certification.pdf {want}"), case
    main(["status", "--repo", str(examples), "--format", "html", "--as-of", "2026-11-25"])
    board = capsys.readouterr().out
    assert ('<li class="proof-hash_only" title="e2e_test"><span class="key">evidence/e2e-report.md'
            '</span><span class="state">hash only</span></li>') in board


def test_a_pull_request_that_breaks_a_trust_anchor_is_invalid(tmp_path: Path) -> None:
    from golive.pullrequest.rulebook_changes import review

    repo = make_repo(tmp_path / "repo")
    (repo / "policies" / "trust" / "partner.pem").write_text("-----BEGIN CERTIFICATE-----\nnot base64!\n"
                                                            "-----END CERTIFICATE-----\n")
    found = list(review(repo, ["policies/trust/partner.pem"]))
    assert [(f.rule, f.file, f.severity.value) for f in found] == [
        ("GL-CHECKS-INVALID", "policies/trust/partner.pem", "error")]
    assert "a certificate that cannot be read" in found[0].message
    (repo / "policies" / "trust" / "partner.pem").unlink()
    assert [f.rule for f in review(repo, ["policies/trust/example-ca.pem"])] == ["GL-CHECKS-CHANGED"]


def test_an_unreadable_trust_anchor_stops_the_run_with_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_repo(tmp_path / "repo", ("acme-ortho",))
    (repo / "policies" / "trust" / "dkim" / "selector1.acme-ortho.example.txt").write_text("p=abc\n")
    assert main(["validate", "--repo", str(repo), "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "policies/trust/dkim/selector1.acme-ortho.example.txt" in err
