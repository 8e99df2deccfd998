"""Signed sign-off e-mails under attack: messages made to look proven when they are not.

Each test forges what someone with write access to a pull request could commit:
a DKIM signature made with a throwaway key pinned for the customer's domain (as
if the customer's mail server had signed something else), then edited. The keys
are made afresh on every run, as tools/sign_evidence.py makes them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from golive.policies.signed_email import DkimState, verify_email
from tests.conftest import ROOT
from tests.signing import sign_evidence

EML = (ROOT / "tests" / "bad" / "uat-eml-unsigned" / "tenant" / "evidence" / "uat-signoff.eml").read_bytes()


def _dkim_sign(message: bytes, key: object, headers: list[str], domain: str = "acme-ortho.example",
               stamps: str = "") -> bytes:
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
    tag = (f"v=1; a=rsa-sha256; c=relaxed/simple; d={domain}; s=golive-example; {stamps}"
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


def _epoch(day: str) -> int:
    return int(dt.datetime.fromisoformat(f"{day}T16:14:32+00:00").timestamp())


def test_a_dkim_signature_is_judged_at_its_own_time_not_the_clocks(dkim_key: tuple) -> None:
    """x= (expires) passed long ago does not undo a sign-off: the verdict never depends on today."""
    key, pinned = dkim_key
    stamps = f"t={_epoch('2026-11-12')}; x={_epoch('2026-11-19')}; "
    signed = _dkim_sign(EML, key, ["from", "to", "subject", "date"], stamps=stamps)
    assert verify_email(signed, pinned).dkim is DkimState.SIGNED
    backwards = f"t={_epoch('2026-11-12')}; x={_epoch('2026-11-11')}; "
    proof = verify_email(_dkim_sign(EML, key, ["from", "to", "subject", "date"], stamps=backwards),
                         pinned)
    assert (proof.dkim, proof.reason) == (DkimState.BROKEN, "its DKIM signature cannot be verified "
                                          "(it expires (x=) before it was made (t=))")
