"""The engine: judge tenants by a revision's rulebook and report what it finds.

- :mod:`~golive.engine.rulebook`: the schemas and policy settings of one revision;
- :mod:`~golive.engine.tenant_dir`: one tenant directory read (regular files only),
  parsed and checked against the schemas (:mod:`~golive.engine.schemas`, whose
  errors :mod:`~golive.engine.schema_messages` words for people);
- :mod:`~golive.engine.assess`: one tenant judged: policies, waivers
  (:mod:`~golive.engine.waivers`), checklist, crashes;
- :mod:`~golive.engine.run`: many tenants, from the result cache
  (:mod:`~golive.engine.cache`, keyed by :mod:`~golive.engine.cache_key`) or afresh;
- :mod:`~golive.engine.rule_catalogue`: every rule id golive can report, explained.
"""
