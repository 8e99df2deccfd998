"""What the signed-evidence tests share: tools/sign_evidence.py (``tools/`` is not a package),
the unsigned partner letter they sign, the signing time, and throwaway keys made afresh on
every run (:func:`throwaway_keys`, behind each test module's own ``keys`` fixture)."""

from __future__ import annotations

import datetime as dt
import sys

from golive.policies.trust import Trust
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import sign_evidence

LETTER = (ROOT / "tests" / "bad" / "partner-cert-pdf-unsigned" / "tenant" / "evidence"
          / "availity-certification.pdf").read_bytes()
WHEN = dt.datetime(2026, 11, 4, 14, 30, tzinfo=dt.UTC)


Keys = tuple[sign_evidence.Identity, sign_evidence.Identity, Trust]


def throwaway_keys() -> Keys:
    """(a throwaway CA, a signer it issued, a trust holding that CA alone)."""
    from cryptography.hazmat.primitives import serialization

    ca = sign_evidence.make_ca("Test CA")
    signer = sign_evidence.issue(ca, "Pat Rivera", "pat.rivera@acme-ortho.example")
    return ca, signer, Trust(certificates=(ca.cert.public_bytes(serialization.Encoding.DER),))
