"""Sign the example tenants' evidence with throwaway keys, and pin what verifies them.

    python tools/sign_evidence.py [REPO]

Makes, in memory, a throwaway certificate authority ("golive example CA"), one
certificate per signer it issues, a second CA nobody trusts, and an RSA key for
DKIM. With them it

- signs every example PDF under ``tenants/*/evidence/`` (PAdES, the signing time
  on the day the tenant records) and the UAT sign-off e-mail (DKIM, selector
  ``golive-example``);
- writes the public halves as trust anchors: ``policies/trust/example-ca.pem`` and
  ``policies/trust/dkim/golive-example._domainkey.<domain>.txt``;
- writes the evidence of the broken-tenant cases of ``tests/bad/`` that need a
  signature (modified after signing, signed outside the anchors, wrong signer,
  wrong day, DKIM broken) with their YAML;
- records each signed file's new ``sha256`` in the tenant YAML beside it.

The private keys are never written anywhere: once the script ends nobody can sign
with them again. Running it again therefore makes new keys and new anchors, and
every signed file and hash changes with them (re-record the frozen outputs after).
A PDF signed before is signed afresh from its first revision (its bytes up to the
first ``%%EOF``), an e-mail from its text without ``DKIM-Signature`` headers.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import re
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import dkim
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.oid import NameOID

with warnings.catch_warnings():
    warnings.simplefilter("ignore", CryptographyDeprecationWarning)
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

SELECTOR = "golive-example"
NOT_BEFORE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
NOT_AFTER = dt.datetime(2031, 1, 1, tzinfo=dt.UTC)


@dataclass
class Identity:
    """A certificate and its private key (kept in memory only)."""

    cert: x509.Certificate
    key: rsa.RSAPrivateKey

    def signer(self, ca: Identity) -> signers.SimpleSigner:
        der_key = self.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption())
        ca_cert = asn1_x509.Certificate.load(ca.cert.public_bytes(serialization.Encoding.DER))
        return signers.SimpleSigner(
            signing_cert=asn1_x509.Certificate.load(self.cert.public_bytes(serialization.Encoding.DER)),
            signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
            cert_registry=SimpleCertificateStore.from_certs([ca_cert]))


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str, email: str | None = None) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, "golive examples (throwaway)"),
             x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if email:
        parts.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    return x509.Name(parts)


def make_ca(common_name: str) -> Identity:
    key = _key()
    name = _name(common_name)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, key_cert_sign=True, crl_sign=True,
                                         encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    return Identity(cert, key)


def issue(ca: Identity, common_name: str, email: str | None = None) -> Identity:
    key = _key()
    builder = (x509.CertificateBuilder().subject_name(_name(common_name, email))
               .issuer_name(ca.cert.subject).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                            key_encipherment=False, data_encipherment=False,
                                            key_agreement=False, key_cert_sign=False, crl_sign=False,
                                            encipher_only=False, decipher_only=False), critical=True))
    if email:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]),
                                        critical=False)
    return Identity(builder.sign(ca.key, hashes.SHA256()), key)


class _DatedSigner(signers.PdfSigner):
    """A PDF signer whose signing time is given, not the clock's."""

    def __init__(self, when: dt.datetime, meta: signers.PdfSignatureMetadata,
                 signer: signers.Signer) -> None:
        super().__init__(meta, signer)
        self._when = when

    def init_signing_session(self, pdf_out, existing_fields_only=False):  # type: ignore[no-untyped-def]
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._when
        return session


def first_revision(data: bytes) -> bytes:
    """The bytes of a PDF up to its first ``%%EOF`` (what it was before any signature)."""
    end = data.find(b"%%EOF")
    if end < 0:
        return data
    end += len(b"%%EOF")
    while data[end:end + 1] in (b"\r", b"\n"):
        end += 1
    return data[:end]


def sign_pdf(data: bytes, who: Identity, ca: Identity, when: dt.datetime) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(first_revision(data)), strict=False)
    meta = signers.PdfSignatureMetadata(field_name="Signature1", md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    out = io.BytesIO()
    _DatedSigner(when, meta, who.signer(ca)).sign_pdf(writer, output=out)
    return out.getvalue()


def unsigned_eml(data: bytes) -> bytes:
    """The message without its DKIM-Signature headers (each with its folded lines)."""
    head, sep, body = data.partition(b"\n\n")
    kept: list[bytes] = []
    skipping = False
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t") and skipping:
            continue
        skipping = line.lower().startswith(b"dkim-signature:")
        if not skipping:
            kept.append(line)
    return b"\n".join(kept) + sep + body


def sign_eml(data: bytes, key: rsa.RSAPrivateKey, domain: str) -> bytes:
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    message = unsigned_eml(data).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    header = dkim.sign(message, SELECTOR.encode(), domain.encode(), pem,
                       include_headers=[b"from", b"to", b"cc", b"subject", b"date", b"message-id"])
    return (header + message).replace(b"\r\n", b"\n")


def dkim_record(key: rsa.RSAPrivateKey) -> str:
    der = key.public_key().public_bytes(serialization.Encoding.DER,
                                        serialization.PublicFormat.SubjectPublicKeyInfo)
    return f"v=DKIM1; k=rsa; p={base64.b64encode(der).decode()}\n"


def record_hash(yaml_text: str, rel: str, data: bytes) -> str:
    """``yaml_text`` with the ``sha256:`` that follows ``evidence: rel`` set to the hash of ``data``."""
    pattern = re.compile(rf"(evidence: {re.escape(rel)}\n\s*sha256: )[0-9a-f]{{64}}")
    new, n = pattern.subn(lambda m: m.group(1) + hashlib.sha256(data).hexdigest(), yaml_text)
    if n != 1:
        raise SystemExit(f"sign_evidence: no single 'evidence: {rel}' with a sha256 after it")
    return new


def at(day: str, clock: str, zone: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=ZoneInfo(zone))


class Repo:
    """The files the script reads and writes, under one config repository."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def read(self, rel: str) -> bytes:
        return (self.root / rel).read_bytes()

    def write(self, rel: str, data: bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def evidence(self, tenant: str, yaml_file: str, rel: str, data: bytes, into: str = "") -> None:
        """Write evidence ``rel`` of ``tenant`` and record its hash in ``yaml_file``.

        ``into`` (a tests/bad case) writes both there instead, the YAML copied from the tenant.
        """
        target = f"{into}/tenant" if into else f"tenants/{tenant}"
        source = self.root / f"tenants/{tenant}/{yaml_file}"
        existing = self.root / target / yaml_file
        text = (existing if into and existing.exists() else source).read_text(encoding="utf-8")
        before = self.root / target / rel
        old = hashlib.sha256(before.read_bytes()).hexdigest() if before.is_file() else None
        self.write(f"{target}/{rel}", data)
        self.write(f"{target}/{yaml_file}", record_hash(text, rel, data).encode())
        if old and not into:
            self.follow(old, hashlib.sha256(data).hexdigest(), rel)

    def follow(self, old: str, new: str, rel: str) -> None:
        """Record the new hash in the broken-tenant cases that lay their YAML over a tenant's
        and keep its evidence file (those with their own copy of ``rel`` keep their hash)."""
        for overlay in sorted((self.root / "tests" / "bad").glob("*/tenant")):
            if (overlay / rel).exists():
                continue
            for path in sorted(overlay.glob("*.yaml")):
                raw = path.read_bytes()   # bytes: some cases are not UTF-8 on purpose
                if old.encode() in raw:
                    path.write_bytes(raw.replace(old.encode(), new.encode()))


# (tenant, partner id's evidence, certified_on, zone, signer) of every certification letter.
LETTERS = [
    ("acme-ortho", "evidence/availity-certification.pdf", "2026-11-04", "America/Chicago",
     "Availity EDI Certification"),
    ("acme-ortho", "evidence/waystar-certification.pdf", "2026-11-06", "America/Chicago",
     "Waystar Payer Connectivity"),
    ("acme-ortho", "evidence/ngs-medicare-certification.pdf", "2026-11-09", "America/Chicago",
     "NGS EDI Help Desk"),
    ("riverbend-cardio", "evidence/availity-certification.pdf", "2026-09-18", "America/New_York",
     "Availity EDI Certification"),
    ("riverbend-cardio", "evidence/cgs-medicare-certification.pdf", "2026-09-24", "America/New_York",
     "CGS EDI Enrollment"),
    ("summit-peds", "evidence/availity-certification.pdf", "2026-11-20", "America/Denver",
     "Availity EDI Certification"),
]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    repo = Repo(Path(args[0] if args else Path(__file__).resolve().parents[1]))
    ca = make_ca("golive example CA")
    stranger = make_ca("Unpinned CA")
    dkim_key = _key()
    pdf = "evidence/availity-certification.pdf"

    for tenant, rel, day, zone, who in LETTERS:
        signed = sign_pdf(repo.read(f"tenants/{tenant}/{rel}"), issue(ca, who), ca,
                          at(day, "14:30:00", zone))
        repo.evidence(tenant, "edi.yaml", rel, signed)

    jordan = issue(ca, "Jordan Ellis", "jordan.ellis@riverbend-cardio.example")
    uat_pdf = repo.read("tenants/riverbend-cardio/evidence/uat-signoff.pdf")
    repo.evidence("riverbend-cardio", "golive.yaml", "evidence/uat-signoff.pdf",
                  sign_pdf(uat_pdf, jordan, ca, at("2026-09-30", "16:05:00", "America/New_York")))
    repo.evidence("riverbend-cardio", "golive.yaml", "evidence/e2e-report.pdf",
                  sign_pdf(repo.read("tenants/riverbend-cardio/evidence/e2e-report.pdf"),
                           issue(ca, "RCM Platform Implementation QA"), ca,
                           at("2026-09-28", "17:40:00", "America/New_York")))

    eml = repo.read("tenants/acme-ortho/evidence/uat-signoff.eml")
    repo.evidence("acme-ortho", "golive.yaml", "evidence/uat-signoff.eml",
                  sign_eml(eml, dkim_key, "acme-ortho.example"))
    repo.write("policies/trust/example-ca.pem", ca.cert.public_bytes(serialization.Encoding.PEM))
    repo.write(f"policies/trust/dkim/{SELECTOR}._domainkey.acme-ortho.example.txt",
               dkim_record(dkim_key).encode())

    # The broken-tenant cases: one per way a signature fails to prove its item.
    letter = first_revision(repo.read(f"tenants/acme-ortho/{pdf}"))
    when = at("2026-11-04", "14:30:00", "America/Chicago")
    signed = sign_pdf(letter, issue(ca, "Availity EDI Certification"), ca, when)
    # Bytes inside the signed range changed after signing: "November 4" becomes "November 3".
    modified = signed.replace(b"(Date: November 4, 2026)", b"(Date: November 3, 2026)", 1)
    assert modified != signed
    repo.evidence("acme-ortho", "edi.yaml", pdf, modified,
                  "tests/bad/partner-cert-pdf-modified-after-signing")
    repo.evidence("acme-ortho", "edi.yaml", pdf,
                  sign_pdf(letter, issue(stranger, "Availity EDI Certification"), stranger, when),
                  "tests/bad/partner-cert-pdf-untrusted-signer")
    repo.evidence("acme-ortho", "edi.yaml", pdf, letter, "tests/bad/partner-cert-pdf-unsigned")
    repo.evidence("acme-ortho", "edi.yaml", pdf,
                  b"Availity EDI Trading Partner Certification\n\nDate: November 4, 2026\n"
                  b"(a text file saved under a .pdf name)\n",
                  "tests/bad/partner-cert-pdf-not-a-pdf")
    repo.evidence("acme-ortho", "edi.yaml", pdf,
                  sign_pdf(letter, issue(ca, "Availity EDI Certification"), ca,
                           at("2026-11-05", "09:10:00", "America/Chicago")),
                  "tests/bad/partner-cert-pdf-signed-on-another-day")
    repo.evidence("riverbend-cardio", "golive.yaml", "evidence/uat-signoff.pdf",
                  sign_pdf(uat_pdf, issue(ca, "Casey Morgan", "casey.morgan@riverbend-cardio.example"),
                           ca, at("2026-09-30", "16:05:00", "America/New_York")),
                  "tests/bad/uat-pdf-signed-by-someone-else")

    acme = "tenants/acme-ortho/evidence/uat-signoff.eml"
    plain = unsigned_eml(repo.read(acme))
    wrong_from = plain.replace(b"From: Pat Rivera <pat.rivera@acme-ortho.example>",
                               b"From: Chris Dunn <chris.dunn@acme-ortho.example>")
    other_day = plain.replace(b"Date: Thu, 12 Nov 2026 10:14:32 -0600",
                              b"Date: Fri, 13 Nov 2026 10:14:32 -0600")
    assert wrong_from != plain and other_day != plain
    rel = "evidence/uat-signoff.eml"
    repo.evidence("acme-ortho", "golive.yaml", rel, sign_eml(wrong_from, dkim_key, "acme-ortho.example"),
                  "tests/bad/uat-eml-from-not-the-signer")
    repo.evidence("acme-ortho", "golive.yaml", rel, sign_eml(other_day, dkim_key, "acme-ortho.example"),
                  "tests/bad/uat-eml-sent-on-another-day")
    tampered = sign_eml(plain, dkim_key, "acme-ortho.example").replace(
        b"approves go-live on Tuesday", b"approves go-live on Monday")
    repo.evidence("acme-ortho", "golive.yaml", rel, tampered, "tests/bad/uat-eml-dkim-fails")
    repo.evidence("acme-ortho", "golive.yaml", rel, plain, "tests/bad/uat-eml-unsigned")
    print("signed the example evidence; new trust anchors in policies/trust/ (the private keys are gone)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
