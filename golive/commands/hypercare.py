"""``golive hypercare TENANT``: hyper-care day by day, against the thresholds of the settings.

For each of the first N U.S. federal business days from the go-live date: the
date, whether the standup was held, claims submitted, the acknowledgement,
denial, ERA auto-match and auto-correction success rates, and the
investigation; a rate that breaches its threshold is marked (text: ``!``,
markdown: bold and "(breach)"). The rates are those the hypercare policy
judges, computed in ``golive.policies.hypercare_days``.

The tenant must be live or bau with readable tenant.yaml and golive.yaml;
otherwise there is no table and the command exits 2 saying why. It exits 0
whenever it shows the table: whether a breach blocks (it does when it has no
investigation) is ``golive validate``'s verdict.

``--format json`` prints one object::

    {
      "tenant": "riverbend-cardio",
      "name": "Riverbend Cardiology Associates",
      "phase": "bau",
      "golive_date": "2026-10-06",
      "business_days": 5,
      "thresholds": {"acknowledgement": {"at_least": 0.98}, "denial": {"at_most": 0.01},
                     "era_auto_match": {"above": 0.9}, "auto_correction": {"above": 0.6}},
      "days": [
        {"day": 1, "date": "2026-10-06", "due": true, "standup": true,
         "metrics_row": 0, "submitted": 148,
         "rates": {"acknowledgement": {"value": 0.9865, "numerator": 146, "denominator": 148,
                                       "threshold": 0.98, "breach": false},
                   "denial": {...}, "era_auto_match": {...}, "auto_correction": {...}},
         "investigation": null, "breaches": []}
      ],
      "breaches": [{"day": 5, "date": "2026-10-13", "rate": "denial", "value": 0.045,
                    "threshold": 0.01, "investigation": null}]
    }

``due`` is false for days after ``--as-of`` (a live tenant's coming days);
``metrics_row`` is the index of the day's row in ``hypercare.metrics``, null when
the day has none (then every count and ``value`` is null); ``value`` is also
null when its denominator is zero. ``breaches`` lists every breached rate, with
or without an investigation.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from golive.commands._common import EXIT_OK, date_arg, output
from golive.core.errors import UsageError

HELP = "a tenant's hyper-care, day by day, against the thresholds"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from golive.reporters import HYPERCARE_REPORTERS

    parser.add_argument("tenant", metavar="TENANT")
    parser.add_argument("--as-of", type=date_arg, metavar="YYYY-MM-DD", help="treat it as today")
    parser.add_argument("--format", choices=sorted(HYPERCARE_REPORTERS), default="text")
    parser.add_argument("--output", metavar="FILE", help="write the table to FILE")


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from golive.core.business_days import today
    from golive.core.layout import find_repo
    from golive.engine.run import check_repo
    from golive.reporters import HYPERCARE_REPORTERS

    result = check_repo(find_repo(args.repo), [args.tenant], args.as_of or today())
    result.raise_crashes()
    [report] = result.tenants
    if not report.hypercare:
        if report.phase in ("onboarding", None):
            why = f"it is in phase {report.phase}" if report.phase else "its tenant.yaml cannot be read"
        else:
            why = "its tenant.yaml or golive.yaml does not load or match its schema (see golive validate)"
        raise UsageError(f"{report.tenant} has no hyper-care to show: {why}")
    with output(args.output, stdout) as out:
        HYPERCARE_REPORTERS[args.format](report, out)
    return EXIT_OK
