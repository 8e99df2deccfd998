"""Signer certificates under attack: a certificate made to look trusted when it is not.

The attacker is the one of tests/test_signed_pdf_attacks.py (write access to a pull
request, throwaway keys, no private key of a pinned anchor); here the forgery is in
the certificate chain rather than the PDF.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from golive.cli import main
from golive.policies.signed_pdf import PdfState, verify_pdf
from tests.conftest import make_repo
from tests.signing import LETTER, WHEN, sign_evidence


def _certificate(issuer: sign_evidence.Identity, name: str, valid: tuple[int, int], usage: str | None,
                 server_only: bool = False) -> sign_evidence.Identity:
    """A certificate ``issuer`` signs for ``name``: valid over the years ``valid`` (1 Jan to
    1 Jan), with key usage ``usage`` (an attribute of x509.KeyUsage, None: no extension)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    key = sign_evidence._key()
    flags = dict.fromkeys(("digital_signature", "content_commitment", "key_encipherment",
                           "data_encipherment", "key_agreement", "key_cert_sign", "crl_sign",
                           "encipher_only", "decipher_only"), False)
    builder = (x509.CertificateBuilder().subject_name(sign_evidence._name(name))
               .issuer_name(issuer.cert.subject).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(dt.datetime(valid[0], 1, 1, tzinfo=dt.UTC))
               .not_valid_after(dt.datetime(valid[1], 1, 1, tzinfo=dt.UTC))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True))
    if usage is not None:
        builder = builder.add_extension(x509.KeyUsage(**{**flags, usage: True}), critical=True)
    if server_only:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    return sign_evidence.Identity(builder.sign(issuer.key, hashes.SHA256()), key)


@pytest.mark.parametrize(("valid", "usage", "server_only", "reason"), [
    ((2025, 2026), "digital_signature", False,
     "its certificate was not valid at the signing time the signature claims (2026-11-04 14:30 "
     "UTC; valid from 2025-01-01 to 2026-01-01)"),
    ((2027, 2029), "digital_signature", False,
     "its certificate was not valid at the signing time the signature claims (2026-11-04 14:30 "
     "UTC; valid from 2027-01-01 to 2029-01-01)"),
    ((2026, 2029), "key_encipherment", False,
     "its certificate is not for signing documents (key usage: key_encipherment)"),
    ((2026, 2029), None, False, "its certificate is not for signing documents (key usage: none)"),
    ((2026, 2029), "digital_signature", True,
     "its certificate is not for signing documents (key usage: digital_signature; extended key "
     "usage: server_auth)"),
])
def test_a_certificate_the_anchor_issued_that_could_not_sign_then_is_untrusted_and_says_why(
        keys: tuple, valid: tuple[int, int], usage: str | None, server_only: bool, reason: str) -> None:
    ca, _, trust = keys
    who = _certificate(ca, "Availity EDI Certification", valid, usage, server_only)
    proof = verify_pdf(sign_evidence.sign_pdf(LETTER, who, ca, WHEN), trust.certificates)
    assert (proof.state, proof.reason) == (PdfState.UNTRUSTED, reason)
    assert "pin its CA" not in proof.advice   # pinning would not make it good


@pytest.mark.parametrize("forger", ["self-signed, the anchor's name", "a CA with the anchor's name",
                                    "a certificate the anchor issued, used as a CA"])
def test_an_impostor_of_the_anchor_does_not_chain(keys: tuple, forger: str) -> None:
    _, signer, trust = keys
    twin = sign_evidence.make_ca("Test CA")   # the anchor's subject, another key
    if forger.startswith("self-signed"):
        who, issuer = twin, twin
    elif forger.startswith("a CA"):
        who, issuer = sign_evidence.issue(twin, "Pat Rivera"), twin
    else:
        who, issuer = sign_evidence.issue(signer, "Pat Rivera"), signer
    proof = verify_pdf(sign_evidence.sign_pdf(LETTER, who, issuer, WHEN), trust.certificates)
    assert proof.state is PdfState.UNTRUSTED
    assert "does not chain to a trust anchor in policies/trust/" in proof.reason
    assert proof.advice.startswith("if that signer is to be trusted, pin its CA certificate")


def test_an_expired_signer_is_one_finding_at_the_evidence_line(
        keys: tuple, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Through golive validate: the finding names the file, the line, what and how to fix."""
    from cryptography.hazmat.primitives import serialization

    ca, _, _ = keys
    repo = make_repo(tmp_path / "repo", ("acme-ortho",))
    (repo / "policies" / "trust" / "test-ca.pem").write_bytes(
        ca.cert.public_bytes(serialization.Encoding.PEM))
    tenant = repo / "tenants" / "acme-ortho"
    rel = "evidence/availity-certification.pdf"
    who = _certificate(ca, "Availity EDI Certification", (2025, 2026), "digital_signature")
    letter = sign_evidence.sign_pdf((tenant / rel).read_bytes(), who, ca, WHEN)
    (tenant / rel).write_bytes(letter)
    edi = tenant / "edi.yaml"
    edi.write_text(sign_evidence.record_hash(edi.read_text(encoding="utf-8"), rel, letter),
                   encoding="utf-8")
    code = main(["validate", "--repo", str(repo), "--format", "json", "--as-of", "2026-11-25",
                 "--no-cache", "--jobs", "1"])
    out, err = capsys.readouterr()
    found = [f for f in json.loads(out)["findings"] if f["rule"] == "GL-PARTNER-CERT-SIGNATURE"]
    assert (code, err) == (1, "")
    line = 1 + edi.read_text(encoding="utf-8").splitlines().index(f"      evidence: {rel}")
    assert [(f["file"], f["line"], f["path"]) for f in found] == [
        ("tenants/acme-ortho/edi.yaml", line, "trading_partners[0].certification.evidence")]
    assert found[0]["message"] == (
        "the certification of 'availity': 'evidence/availity-certification.pdf' is signed by "
        "Availity EDI Certification, but its certificate was not valid at the signing time the "
        "signature claims (2026-11-04 14:30 UTC; valid from 2025-01-01 to 2026-01-01); ask for "
        "the document signed again with a certificate valid that day")


def test_a_certificate_naming_its_ocsp_responder_and_crl_is_judged_without_fetching(
        keys: tuple) -> None:
    """No look-up and no connection, though the certificate says where to ask (AIA, CRL DP)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    ca, _, trust = keys
    key = sign_evidence._key()
    url = x509.UniformResourceIdentifier
    cert = (x509.CertificateBuilder().subject_name(sign_evidence._name("Pat Rivera"))
            .issuer_name(ca.cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(sign_evidence.NOT_BEFORE).not_valid_after(sign_evidence.NOT_AFTER)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                           critical=True)
            .add_extension(x509.AuthorityInformationAccess([
                x509.AccessDescription(x509.oid.AuthorityInformationAccessOID.OCSP,
                                       url("http://ocsp.ca.example/")),
                x509.AccessDescription(x509.oid.AuthorityInformationAccessOID.CA_ISSUERS,
                                       url("http://ca.example/ca.cer"))]), critical=False)
            .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                [url("http://crl.ca.example/ca.crl")], None, None, None)]), critical=False)
            .sign(ca.key, hashes.SHA256()))
    signed = sign_evidence.sign_pdf(LETTER, sign_evidence.Identity(cert, key), ca, WHEN)
    seen: list[str] = []

    def audit(event: str, args: tuple[object, ...]) -> None:
        if event in ("socket.getaddrinfo", "socket.connect", "socket.gethostbyname") and watching:
            seen.append(event)

    watching = True
    sys.addaudithook(audit)   # stays for the process; records only while this test runs
    try:
        proof = verify_pdf(signed, trust.certificates)
    finally:
        watching = False
    assert (proof.state, seen) == (PdfState.SIGNED, [])
