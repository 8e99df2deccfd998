"""Signed PDFs under attack: files made to look proven when they are not.

Each test forges what someone with write access to a pull request could commit
(no private key of a pinned anchor in hand, only throwaway keys made here and
the signed files the examples show) and asserts that golive does not call it
proven. The keys are made afresh on every run, as tools/sign_evidence.py makes them.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from golive.cli import main
from golive.policies.signed_pdf import PdfState, verify_pdf
from tests.signing import LETTER, WHEN, sign_evidence


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


def test_a_live_tenants_signed_file_replaced_with_its_hash_is_blocked(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A pull request swaps riverbend-cardio's signed UAT PDF (live at the base) for another
    file and records the new file's hash: the hash then matches, and the transition rule
    still blocks the edit of signed evidence, at the line of the hash that changed."""
    from tests.gitrepo import commit_all, git, init_config_repo

    repo = init_config_repo(tmp_path / "repo")
    git(repo, "checkout", "-q", "-b", "feature")
    tenant = repo / "tenants" / "riverbend-cardio"
    rel = "evidence/uat-signoff.pdf"
    swapped = sign_evidence.first_revision((tenant / rel).read_bytes())   # the unsigned letter
    (tenant / rel).write_bytes(swapped)
    golive = tenant / "golive.yaml"
    golive.write_text(sign_evidence.record_hash(golive.read_text(encoding="utf-8"), rel, swapped),
                      encoding="utf-8")
    commit_all(repo, "Replace the UAT sign-off")
    code = main(["validate", "--repo", str(repo), "--format", "json", "--base", "main",
                 "--as-of", "2026-11-25"])
    report = json.loads(capsys.readouterr().out)
    found = [(f["rule"], f["file"], f["path"]) for f in report["findings"] if f["new"]]
    assert code == 1
    assert ("GL-TRANSITION-EVIDENCE", "tenants/riverbend-cardio/golive.yaml", "uat_signoff") in found


@pytest.mark.parametrize("untrusted_first", [False, True])
def test_a_second_signature_by_an_untrusted_signer_spoils_the_file(
        keys: tuple, untrusted_first: bool) -> None:
    """Held without a change: every signature must hold, whichever comes first."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    ca, signer, trust = keys
    stranger = sign_evidence.make_ca("Unpinned CA")
    mallory = sign_evidence.issue(stranger, "Mallory Example")
    first, second = ((mallory, stranger), (signer, ca)) if untrusted_first else (
        (signer, ca), (mallory, stranger))
    signed = sign_evidence.sign_pdf(LETTER, *first, WHEN)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    meta = signers.PdfSignatureMetadata(field_name="Signature2", md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    out = io.BytesIO()
    sign_evidence._DatedSigner(WHEN, meta, second[0].signer(second[1])).sign_pdf(writer, output=out)
    proof = verify_pdf(out.getvalue(), trust.certificates)
    assert (proof.state, proof.signer) == (PdfState.UNTRUSTED, "Mallory Example")


def test_a_signature_over_part_of_the_file_is_broken(keys: tuple) -> None:
    """A signature made (with the signer's own key) over a byte range that stops short."""
    import asyncio
    import hashlib

    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    ca, signer, trust = keys
    signed = sign_evidence.sign_pdf(LETTER, signer, ca, WHEN)
    found = re.search(rb"/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", signed)
    assert found is not None
    a, b, c = map(int, found.groups())

    def resign(length: int) -> bytes:
        data = signed.replace(found.group(0),
                              f"/ByteRange [0 {a} {b} {length}]".encode().ljust(len(found.group(0))), 1)
        digest = hashlib.sha256(data[:a] + data[b:b + length]).digest()
        cms = asyncio.run(signer.signer(ca).async_sign(
            digest, "sha256", signed_attr_settings=PdfCMSSignedAttributes(signing_time=WHEN)))
        return data[:a + 1] + cms.dump().hex().encode().ljust(b - a - 2, b"0") + data[b - 1:]

    assert verify_pdf(resign(c), trust.certificates).state is PdfState.SIGNED   # the whole file
    proof = verify_pdf(resign(c - 200), trust.certificates)
    assert (proof.state, proof.reason) == (PdfState.BROKEN, "its signature covers only part of the "
                                           "file (its byte range leaves out more than the signature itself)")
