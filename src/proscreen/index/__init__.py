"""Candidate retrieval over normalised names: built once per list version, persisted, loaded fast.

Public API: :class:`SearchIndex` (``build``, ``save``, ``load``, ``candidates``, ``entities``).
"""

from proscreen.index.search import SearchIndex

__all__ = ["SearchIndex"]
