"""Imported once by the batch forkserver (see :mod:`proscreen.batch`): warm what every worker needs.

The name analyser's tables take seconds and hundreds of MB to load. Loaded here,
in the process that forks the workers, every worker inherits them (shared
copy-on-write) instead of loading its own copy.
"""

from __future__ import annotations

import contextlib

from proscreen.matching import prepare_query
from proscreen.model import Query

# A warm-up only: any failure here must not stop the forkserver; a worker then loads what it needs itself.
with contextlib.suppress(Exception):
    prepare_query(Query("Warm Up Trading Ltd", "LegalEntity"))
