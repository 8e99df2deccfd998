"""X12 EDI files (837, 277CA, 835): read and validated with pyx12, returned as plain values.

- :mod:`~golive.x12.reader`: one file's bytes through pyx12's validator: its segments
  (with lines and loops) and the problems the implementation guide finds;
- :mod:`~golive.x12.claims`: what golive checks in a file: the ISA header, the
  transaction set and the claims.
"""

from golive.x12.claims import (
    Claim,
    IsaHeader,
    Status,
    TransactionSet,
    claims_277ca,
    claims_835,
    claims_837,
    isa_header,
    transaction_set,
)
from golive.x12.reader import Issue, Segment, X12File, read

__all__ = [
    "Claim",
    "IsaHeader",
    "Issue",
    "Segment",
    "Status",
    "TransactionSet",
    "X12File",
    "claims_277ca",
    "claims_835",
    "claims_837",
    "isa_header",
    "read",
    "transaction_set",
]
