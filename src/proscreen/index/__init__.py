"""Candidate retrieval over normalised names: built once per list version, persisted, loaded fast.

Public API: :class:`SearchIndex` (``build``, ``save``, ``load``, ``lookup``, ``candidates``,
``bounds``, ``entities``); :func:`~proscreen.index.rank.rank` (retrieval, score bounds, then
exact scores only where a bound says they could matter); :func:`~proscreen.index.merge.merge`
(several versions' indexes searched as one).
"""

from proscreen.index.search import SearchIndex

__all__ = ["SearchIndex"]
