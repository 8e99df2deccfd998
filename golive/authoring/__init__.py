"""Authoring tenants: scaffold a new one (:mod:`~golive.authoring.scaffold`) and flip one live
(:mod:`~golive.authoring.flip`) on its own branch."""
