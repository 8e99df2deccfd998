"""X12 EDI files (837, 277CA, 835): scanned, validated with pyx12, returned as plain values.

- :mod:`~golive.x12.layout`: a file's bytes before pyx12: encoding, separators,
  where each segment starts, what a translator would reject or misread;
- :mod:`~golive.x12.envelope`: every interchange, group and transaction set, and
  their control numbers and counts;
- :mod:`~golive.x12.reader`: the file through pyx12's validator: its segments
  (with numbers and loops) and the problems the implementation guide finds;
- :mod:`~golive.x12.claims`: the claims of an 837, 277CA or 835;
- :mod:`~golive.x12.trace`: batch ids, dates and the 835's balance, which tie the
  smoke run's files together.
"""

from golive.x12.claims import Claim, ServiceLine, Status, claims_277ca, claims_835, claims_837
from golive.x12.envelope import Group, Interchange, TransactionSet, interchanges
from golive.x12.layout import Layout, Note, scan
from golive.x12.reader import PROBLEMS_KEPT, Issue, Segment, X12File, parse, read

__all__ = [
    "PROBLEMS_KEPT",
    "Claim",
    "Group",
    "Interchange",
    "Issue",
    "Layout",
    "Note",
    "Segment",
    "ServiceLine",
    "Status",
    "TransactionSet",
    "X12File",
    "claims_277ca",
    "claims_835",
    "claims_837",
    "interchanges",
    "parse",
    "read",
    "scan",
]
