"""Signed evidence under attack: files made to look proven when they are not.

Each test forges what someone with write access to a pull request could commit
(no private key of a pinned anchor in hand, only throwaway keys made here and
the signed files the examples show) and asserts that golive does not call it
proven. The keys are made afresh on every run, as tools/sign_evidence.py makes them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys

import pytest

from golive.policies.signed_email import DkimState, verify_email
from golive.policies.signed_pdf import PdfState, verify_pdf
from golive.policies.trust import Trust
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import sign_evidence  # tools/ is not a package

LETTER = (ROOT / "tests" / "bad" / "partner-cert-pdf-unsigned" / "tenant" / "evidence"
          / "availity-certification.pdf").read_bytes()
WHEN = dt.datetime(2026, 11, 4, 14, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def keys() -> tuple[sign_evidence.Identity, sign_evidence.Identity, Trust]:
    from cryptography.hazmat.primitives import serialization

    ca = sign_evidence.make_ca("Test CA")
    signer = sign_evidence.issue(ca, "Pat Rivera", "pat.rivera@acme-ortho.example")
    return ca, signer, Trust(certificates=(ca.cert.public_bytes(serialization.Encoding.DER),))


def _with_decision_field(pdf: bytes) -> bytes:
    """``pdf`` with an empty text field "Decision" on its first page (as a form is sent out)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    page_ref = writer.root["/Pages"]["/Kids"].raw_get(0)
    name = generic.NameObject
    field = writer.add_object(generic.DictionaryObject({
        name("/FT"): name("/Tx"), name("/T"): generic.TextStringObject("Decision"),
        name("/V"): generic.TextStringObject(""), name("/Type"): name("/Annot"),
        name("/Subtype"): name("/Widget"), name("/P"): page_ref,
        name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (72, 60, 400, 80)]),
        name("/DA"): generic.TextStringObject("/Helv 12 Tf 0 g")}))
    writer.root["/AcroForm"] = writer.add_object(generic.DictionaryObject(
        {name("/Fields"): generic.ArrayObject([field])}))
    writer.update_root()
    page = page_ref.get_object()
    page["/Annots"] = generic.ArrayObject([field])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _fill_decision(pdf: bytes, text: str) -> bytes:
    """``pdf`` with the "Decision" field set to ``text`` in an incremental update (no signature)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    field = writer.root["/AcroForm"]["/Fields"].raw_get(0).get_object()
    field["/V"] = generic.TextStringObject(text)
    writer.update_container(field)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_form_field_filled_after_the_last_signature_is_a_modification(keys: tuple) -> None:
    ca, signer, trust = keys
    form = _with_decision_field(sign_evidence.first_revision(LETTER))
    signed = _sign_as_is(form, signer, ca)
    assert verify_pdf(signed, trust.certificates).state is PdfState.SIGNED
    filled = _fill_decision(signed, "Approved for go-live on December 1")
    proof = verify_pdf(filled, trust.certificates)
    assert (proof.state, proof.signer) == (PdfState.BROKEN, "Pat Rivera")
    assert proof.reason == ("a form field was filled in or added after the last signature, and no "
                            "signature covers it")


def _sign_as_is(pdf: bytes, who: sign_evidence.Identity, ca: sign_evidence.Identity) -> bytes:
    """``pdf`` signed as it is, every revision kept (sign_pdf signs from the first %%EOF)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(field_name="Signature1", md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    out = io.BytesIO()
    sign_evidence._DatedSigner(WHEN, meta, who.signer(ca)).sign_pdf(writer, output=out)
    return out.getvalue()


@pytest.mark.parametrize("tail", [
    b"PK\x03\x04" + b"\x00" * 26 + b"approval.txt",                     # a ZIP after the PDF
    b"4 0 obj\n<< /Length 44 >>\nstream\nBT (Approved: December 1) Tj ET\nendstream\nendobj\n",
    b"1 0 obj\n<< /Type /Catalog >>\nendobj\nstartxref\n{startxref}\n%%EOF\n",   # a fake revision
])
def test_bytes_appended_after_the_last_revision_are_not_signed(keys: tuple, tail: bytes) -> None:
    ca, signer, trust = keys
    signed = sign_evidence.sign_pdf(LETTER, signer, ca, WHEN)
    startxref = re.findall(rb"startxref\s+(\d+)\s+%%EOF", signed)[-1]
    proof = verify_pdf(signed + tail.replace(b"{startxref}", startxref), trust.certificates)
    assert (proof.state, proof.signer) == (PdfState.BROKEN, "Pat Rivera")
    assert "no signature covers" in proof.reason
    # White space after the final %%EOF is what writers leave; it changes nothing.
    assert verify_pdf(signed + b"\r\n\x00\n", trust.certificates).state is PdfState.SIGNED


def test_a_pdf_whose_signature_dictionary_is_null_is_broken_not_a_crash(keys: tuple) -> None:
    ca, signer, trust = keys
    signed = sign_evidence.sign_pdf(LETTER, signer, ca, WHEN)
    # The signature field's /V points at an object that is not there (read as null).
    hollow = re.sub(rb"/V (\d+) 0 R", lambda m: b"/V 999 0 R".ljust(len(m.group(0))), signed, count=1)
    assert hollow != signed
    assert verify_pdf(hollow, trust.certificates).state in (PdfState.NOT_PDF, PdfState.BROKEN)


EML = (ROOT / "tests" / "bad" / "uat-eml-unsigned" / "tenant" / "evidence" / "uat-signoff.eml").read_bytes()


def _dkim_sign(message: bytes, key: object, headers: list[str], domain: str = "acme-ortho.example",
               ) -> bytes:
    """A DKIM-Signature (rsa-sha256, relaxed/simple) over ``headers``, by hand.

    dkimpy refuses to sign without From; a forger is not bound by that, so this signs as
    RFC 6376 3.4 and 3.7 describe, for any list of headers.
    """
    import base64
    import hashlib

    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    text = message.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    head, _, body = text.partition(b"\r\n\r\n")
    body = body.rstrip(b"\r\n") + b"\r\n"   # "simple" body: trailing empty lines dropped
    fields: list[tuple[str, bytes]] = []
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t"):
            fields[-1] = (fields[-1][0], fields[-1][1] + b" " + line.strip())
        else:
            name, _, value = line.partition(b":")
            fields.append((name.decode().strip().lower(), value))

    def relaxed(name: str, value: bytes) -> bytes:
        return name.encode() + b":" + b" ".join(value.split()) + b"\r\n"

    signed = b"".join(relaxed(n, v) for h in headers for n, v in reversed(fields) if n == h)
    tag = (f"v=1; a=rsa-sha256; c=relaxed/simple; d={domain}; s=golive-example; "
           f"h={':'.join(headers)}; bh={base64.b64encode(hashlib.sha256(body).digest()).decode()}; b=")
    digest_input = signed + relaxed("dkim-signature", tag.encode())[:-2]
    b = key.sign(digest_input, padding.PKCS1v15(), hashes.SHA256())  # type: ignore[attr-defined]
    return f"DKIM-Signature: {tag}{base64.b64encode(b).decode()}\n".encode() + message


@pytest.fixture(scope="module")
def dkim_key() -> tuple[object, object]:
    key = sign_evidence._key()
    record = sign_evidence.dkim_record(key).encode()
    name = "golive-example._domainkey.acme-ortho.example"
    return key, lambda asked: record if asked.rstrip(".") == name else None


def test_the_hand_made_signature_is_one_dkim_accepts(dkim_key: tuple) -> None:
    key, pinned = dkim_key
    signed = _dkim_sign(EML, key, ["from", "to", "subject", "date"])
    assert verify_email(signed, pinned).dkim is DkimState.SIGNED


@pytest.mark.parametrize(("headers", "edit", "missing"), [
    (["to", "subject", "date"], (b"From: Pat Rivera <pat.rivera@acme-ortho.example>",
                                 b"From: Chris Dunn <chris.dunn@acme-ortho.example>"), "From"),
    (["from", "to", "subject"], (b"Date: Thu, 12 Nov 2026", b"Date: Fri, 13 Nov 2026"), "Date"),
])
def test_a_from_or_date_the_dkim_signature_does_not_cover_proves_nothing(
        dkim_key: tuple, headers: list[str], edit: tuple[bytes, bytes], missing: str) -> None:
    key, pinned = dkim_key
    forged = _dkim_sign(EML, key, headers).replace(*edit)
    proof = verify_email(forged, pinned)
    assert proof.dkim is DkimState.BROKEN
    assert proof.reason == (f"its DKIM signature does not cover its {missing} header (h=), so anyone "
                            "could have written it")


def test_a_body_signed_only_in_part_proves_nothing(dkim_key: tuple) -> None:
    import dkim
    from cryptography.hazmat.primitives import serialization

    key, pinned = dkim_key
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    message = EML.replace(b"\n", b"\r\n")
    header = dkim.sign(message, b"golive-example", b"acme-ortho.example", pem,
                       include_headers=[b"from", b"to", b"subject", b"date"], length=True)
    signed = (header + message).replace(b"\r\n", b"\n")
    assert verify_email(signed, pinned).dkim is DkimState.SIGNED   # l= the whole body: it holds
    added = signed + b"\nP.S. We approve go-live on Monday, November 16 instead.\n"
    proof = verify_email(added, pinned)
    assert proof.dkim is DkimState.BROKEN
    assert proof.reason.startswith("its DKIM signature covers only the first ")
    assert proof.reason.endswith(" bytes (l=), so anyone could have added the rest")


@pytest.mark.parametrize(("edit", "why"), [
    ((b"Content-Transfer-Encoding", b"Content-Transfer-Enc\xffding"), "Unexpected characters"),
    ((b"b=", b"b=A"), "its DKIM signature cannot be verified"),
])
def test_a_malformed_signed_e_mail_is_broken_not_a_crash(
        dkim_key: tuple, edit: tuple[bytes, bytes], why: str) -> None:
    key, pinned = dkim_key
    mangled = _dkim_sign(EML, key, ["from", "to", "subject", "date"]).replace(*edit, 1)
    proof = verify_email(mangled, pinned)
    assert proof.dkim is DkimState.BROKEN and why in proof.reason
