"""The bottom layer: the values and plumbing every room uses, importing nothing else of golive.

errors and findings (the values every check produces), the checklist and phases, the
repo layout and golive's state directory, YAML with positions (loading, documents,
editing values in place), regular files, U.S. federal business days, hyper-care rates,
the redaction boundary (and the secrets screen behind it), and the Jinja2 templates.
"""
