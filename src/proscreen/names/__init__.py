"""Name normalisation: scripts, transliteration, legal forms, person-name parts (pure functions)."""
