"""What a PDF proves: whether it is one, and whether its embedded signature holds.

A signature holds when the signed bytes are unchanged (its digest matches), the
document was not changed by a later incremental update beyond what signing
itself adds (after the last signature, validation data only; nothing after the
last revision's ``%%EOF``), the signature verifies, and the signer's certificate chains to a
trust anchor pinned in ``policies/trust/`` (PAdES / ISO 32000-2 12.8, chain
building as RFC 5280). The chain is judged at the signing time the signature
claims, never at the clock's time, and with no fetching: no revocation lists,
no OCSP, no network. The result is the same on every run and every machine.

pyHanko logs a full traceback when it meets an untrusted signer or an
incremental update; the finding already says why, so its loggers are silenced
(a ``NullHandler``, not propagated).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import importlib
import io
import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

# Where the PDF header may start (ISO 32000-2 7.5.2 allows bytes before it; readers look this far).
_HEADER_WINDOW = 1024
# What pyHanko raises, besides its own errors, on bytes that are not a well-formed PDF: a
# reference to a missing object reads as null, which has no keys; a catalog that is not a
# dictionary fails the assertion pyHanko makes about it.
_UNREADABLE = (ValueError, KeyError, TypeError, IndexError, AttributeError, AssertionError)
# PDF white space (ISO 32000-2 7.2.3): all a writer may leave after the final %%EOF.
_WHITE_SPACE = b"\x00\t\n\x0c\r "


class PdfState(enum.Enum):
    NOT_PDF = "not a PDF"
    UNSIGNED = "unsigned"
    BROKEN = "broken"          # modified after signing, or a signature that does not verify
    UNTRUSTED = "untrusted"    # intact, but the signer does not chain to a pinned anchor
    SIGNED = "signed"


@dataclass(frozen=True)
class PdfProof:
    """The verdict on one PDF; ``signer`` is the certificate's common name, ``signed_at`` aware."""

    state: PdfState
    reason: str = ""
    signer: str = ""
    signer_email: str = ""
    issuer: str = ""
    signed_at: dt.datetime | None = None
    # What to do about an UNTRUSTED signature (the finding's "how to fix").
    advice: str = ""


def _quiet() -> None:
    for name in ("pyhanko", "pyhanko_certvalidator"):
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


def _name(name: object, key: str) -> str:
    native = getattr(name, "native", {}) or {}
    value = native.get(key, "") if isinstance(native, dict) else ""
    return value if isinstance(value, str) else ""


def load() -> None:
    """Import pyHanko (about half a CPU second), quietly; later calls cost nothing.

    :func:`verify_pdf` calls it; a parent process calls it before its workers fork, so
    that they share one import rather than each making its own.
    """
    _quiet()
    with warnings.catch_warnings():
        # pyHanko's signer modules import DSA names cryptography deprecates; nothing here uses DSA.
        from cryptography.utils import CryptographyDeprecationWarning

        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        for module in ("pyhanko.pdf_utils.reader", "pyhanko.sign.validation",
                       "pyhanko.sign.diff_analysis", "pyhanko_certvalidator"):
            importlib.import_module(module)


def verify_pdf(data: bytes, anchors: Sequence[bytes]) -> PdfProof:
    """Read ``data`` as a PDF and verify every embedded signature against ``anchors`` (DER).

    The first signature that does not hold decides; a PDF with none is ``UNSIGNED``.
    """
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        return PdfProof(PdfState.NOT_PDF, "it does not start with a PDF header (%PDF-)")
    load()
    from asn1crypto import x509
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError, ValidationInfoReadingError
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_regular_signatures)
    except (PdfError, *_UNREADABLE) as exc:   # pyHanko's reader on hostile bytes fails in these ways too
        return PdfProof(PdfState.NOT_PDF, f"it cannot be read as a PDF ({_first_line(exc)})")
    if not signatures:
        return PdfProof(PdfState.UNSIGNED)
    roots = [x509.Certificate.load(der) for der in anchors]
    first: PdfProof | None = None
    for number, signature in enumerate(signatures, 1):
        try:
            claimed = signature.self_reported_timestamp
            cert = signature.signer_cert
            who = _name(cert.subject, "common_name") or "an unnamed signer"
            context = ValidationContext(trust_roots=roots, allow_fetching=False, moment=claimed,
                                        revocation_mode="soft-fail")
            status = validate_pdf_signature(signature, context)
        except (SignatureValidationError, ValidationInfoReadingError, PdfError, *_UNREADABLE) as exc:
            return PdfProof(PdfState.BROKEN, f"its signature cannot be verified ({_first_line(exc)})")
        proof = _judge(status, who, _name(cert.issuer, "common_name"),
                       _name(cert.subject, "email_address"), claimed, number == len(signatures))
        if proof.state is PdfState.UNTRUSTED:
            # An extension asn1crypto cannot parse leaves the plain reason standing.
            with contextlib.suppress(*_UNREADABLE):
                proof = _unfit(cert, claimed, proof, anchors)
        if proof.state is not PdfState.SIGNED:
            return proof
        first = first or proof
    assert first is not None
    if _unsigned_tail(reader, data):
        return dataclasses.replace(first, state=PdfState.BROKEN, reason=(
            "bytes follow the end of its last revision that no signature covers (data appended "
            "after the final %%EOF)"))
    return first


def _unsigned_tail(reader: object, data: bytes) -> bool:
    """Whether bytes other than white space follow the ``%%EOF`` of the file's last revision.

    No signature covers them, and pyHanko, reading the file from its last ``startxref``, never
    sees them; a lenient viewer may (objects appended with no cross-reference section).
    """
    xrefs = getattr(reader, "xrefs", None)
    try:
        start = xrefs.get_startxref_for_revision(xrefs.total_revisions - 1)  # type: ignore[union-attr]
    except (AttributeError, IndexError, KeyError, ValueError):
        return True
    end = data.find(b"%%EOF", start)
    return end < 0 or data[end + len(b"%%EOF"):].strip(_WHITE_SPACE) != b""


def _judge(status: object, who: str, issuer: str, email: str,
           claimed: dt.datetime | None, last: bool) -> PdfProof:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    def proof(state: PdfState, reason: str = "") -> PdfProof:
        return PdfProof(state, reason, who, email, issuer, claimed)

    if not getattr(status, "intact", False):
        return proof(PdfState.BROKEN, "the document was modified after it was signed "
                                      "(the signed bytes no longer match the signature)")
    if not getattr(status, "valid", False):
        return proof(PdfState.BROKEN, "the signature does not verify against the signer's key")
    coverage = getattr(status, "coverage", None)
    level = getattr(status, "modification_level", None)
    # A later revision may add validation data (DSS, document time stamps); before a later
    # signature, it may also fill form fields (a countersignature fills its own), since that
    # signature covers them. After the last signature, nothing else: a field filled or added
    # there is seen by every reader and signed by nobody.
    allowed = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES) + (
        () if last else (ModificationLevel.FORM_FILLING,))
    if coverage is not None and coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        return proof(PdfState.BROKEN, "its signature covers only part of the file (its byte range "
                                      "leaves out more than the signature itself)")
    if coverage is not SignatureCoverageLevel.ENTIRE_FILE and level not in allowed:
        if level is ModificationLevel.FORM_FILLING:
            return proof(PdfState.BROKEN, "a form field was filled in or added after the last "
                                          "signature, and no signature covers it")
        return proof(PdfState.BROKEN, "the document was modified after it was signed "
                                      "(a later revision changes its content)")
    if getattr(status, "docmdp_ok", True) is False:
        return proof(PdfState.BROKEN, "the document was changed beyond what its signature permits")
    if not getattr(status, "trusted", False):
        why = getattr(status, "trust_problem_indic", None)
        detail = f" ({why.name.lower().replace('_', ' ')})" if why is not None else ""
        return dataclasses.replace(proof(PdfState.UNTRUSTED, (
            f"the certificate (issued by {issuer or 'an unnamed CA'}) does not chain to a trust "
            f"anchor in policies/trust/{detail}")), advice=(
            "if that signer is to be trusted, pin its CA certificate there in a reviewed pull request"))
    return proof(PdfState.SIGNED)


def _unfit(cert: object, claimed: dt.datetime | None, proof: PdfProof,
           anchors: Sequence[bytes]) -> PdfProof:
    """``proof`` saying why, when a pinned anchor issued the signer's certificate and yet it
    could not sign then: outside its validity period at the signing time the signature claims,
    or not for signing documents (key usage, RFC 5280 4.2.1.3, without digitalSignature or
    nonRepudiation; an extended key usage that leaves out document signing). Pinning its CA
    would not make that good, so the finding says what would.
    """
    if not _issued_by_anchor(cert, anchors):
        return proof
    start = getattr(cert, "not_valid_before", None)
    end = getattr(cert, "not_valid_after", None)
    if claimed is not None and isinstance(start, dt.datetime) and isinstance(end, dt.datetime) \
            and not start <= claimed <= end:
        return dataclasses.replace(proof, reason=(
            f"its certificate was not valid at the signing time the signature claims "
            f"({claimed.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC; valid from "
            f"{start.astimezone(dt.UTC):%Y-%m-%d} to {end.astimezone(dt.UTC):%Y-%m-%d})"),
            advice="ask for the document signed again with a certificate valid that day")
    usage = getattr(getattr(cert, "key_usage_value", None), "native", None)
    extended = getattr(getattr(cert, "extended_key_usage_value", None), "native", None)
    shown = f"key usage: {', '.join(sorted(usage)) if usage else 'none'}"
    if extended:
        shown += f"; extended key usage: {', '.join(sorted(extended))}"
    return dataclasses.replace(proof, reason=f"its certificate is not for signing documents ({shown})",
                               advice="ask for the document signed with a certificate issued for "
                                      "signing (key usage digitalSignature or nonRepudiation)")


def _issued_by_anchor(cert: object, anchors: Sequence[bytes]) -> bool:
    """Whether a pinned anchor's key signed ``cert`` (an asn1crypto certificate)."""
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature

    try:
        leaf = x509.load_der_x509_certificate(cert.dump())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False
    for der in anchors:
        try:
            leaf.verify_directly_issued_by(x509.load_der_x509_certificate(der))
            return True
        except (InvalidSignature, ValueError, TypeError):
            continue
    return False


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
