"""Name normalisation: scripts, transliteration, legal forms, person-name parts (pure functions).

Entry point: :func:`proscreen.names.analyze.analyze_name` (text, kind) -> ``NameForm``.
Modules: ``script`` (transliteration), ``text`` (cleaning, validation), ``orgs``
(legal forms, "M/s"), ``persons`` (titles), ``numbers``, ``phonetic``, ``symbols``
(name-equivalence classes), ``tables`` (word lists), ``countries``.
Nothing heavy is imported here: rigour, ICU and anyascii load on first use.
"""
