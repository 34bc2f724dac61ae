"""Several indexes seen as one: one lookup and one bound computation per screen, not one per list.

The merged index holds the union of the parts' keys (postings concatenated, positions
shifted) and their bound arrays side by side; the parts' prepared entities stay where
they are and are read through :class:`MultiEntityStore`. Position ``p`` of the merged
index is position ``p - offsets[i]`` of part ``i = part_of(p)``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

import numpy as np
import numpy.typing as npt

from proscreen.index.bound import _ranges
from proscreen.index.search import SearchIndex
from proscreen.matching.prepare import PreparedEntity


class MultiEntityStore(Sequence[PreparedEntity]):
    """The prepared entities of several indexes, one after the other."""

    def __init__(self, parts: Sequence[SearchIndex]) -> None:
        self.parts = list(parts)
        sizes = [len(p) for p in parts]
        self.offsets = np.zeros(len(parts) + 1, dtype=np.int64)
        np.cumsum(sizes, out=self.offsets[1:])

    def __len__(self) -> int:
        return int(self.offsets[-1])

    def part_of(self, pos: int) -> int:
        return int(np.searchsorted(self.offsets, pos, side="right")) - 1

    @overload
    def __getitem__(self, pos: int) -> PreparedEntity: ...

    @overload
    def __getitem__(self, pos: slice) -> list[PreparedEntity]: ...

    def __getitem__(self, pos: int | slice) -> PreparedEntity | list[PreparedEntity]:
        if isinstance(pos, slice):
            return [self[i] for i in range(*pos.indices(len(self)))]
        if pos < 0:
            pos += len(self)
        part = self.part_of(pos)
        return self.parts[part].entities[pos - int(self.offsets[part])]

    def __iter__(self) -> Iterator[PreparedEntity]:
        for part in self.parts:
            yield from part.entities


def merge(parts: Sequence[SearchIndex]) -> SearchIndex:
    """One index over ``parts`` (which must all carry bound arrays); a single part is returned as is."""
    if len(parts) == 1:
        return parts[0]
    store = MultiEntityStore(parts)
    arrays: dict[str, npt.NDArray[np.generic]] = {}
    # inverted index: group equal key hashes, concatenate their postings (shifted positions)
    hashes = np.concatenate([p._key_hash for p in parts]) if parts else np.zeros(0, np.uint64)
    lens = np.concatenate([p._key_len for p in parts]).astype(np.int64)
    starts: list[npt.NDArray[np.int64]] = []
    postings: list[npt.NDArray[np.int64]] = []
    base = 0
    for i, p in enumerate(parts):
        starts.append(p._key_start.astype(np.int64) + base)
        postings.append(p._postings.astype(np.int64) + int(store.offsets[i]))
        base += len(p._postings)
    all_starts = np.concatenate(starts)
    all_postings = np.concatenate(postings)
    order = np.argsort(hashes, kind="stable")
    sorted_hash = hashes[order]
    gathered = all_postings[_ranges(all_starts[order], lens[order])] if len(order) else all_postings[:0]
    first = np.ones(len(sorted_hash), dtype=bool)
    first[1:] = sorted_hash[1:] != sorted_hash[:-1]
    group_start = np.flatnonzero(first)
    key_len = np.add.reduceat(lens[order], group_start) if len(group_start) else lens[:0]
    key_start = np.zeros(len(group_start), dtype=np.int64)
    if len(group_start) > 1:
        np.cumsum(key_len[:-1], out=key_start[1:])
    arrays["key_hash"] = sorted_hash[group_start]
    arrays["key_start"] = key_start
    arrays["key_len"] = key_len.astype(np.int32)
    arrays["postings"] = gathered.astype(np.int32)
    # bound arrays side by side
    cat = {name: [p._arrays[name] for p in parts] for name in _PLAIN}
    for name, items in cat.items():
        arrays[name] = np.concatenate(items)
    arrays["tok_cls_start"] = _shifted([p._arrays["tok_cls_start"] for p in parts])
    arrays["ent_name_start"] = _shifted([p._arrays["ent_name_start"] for p in parts])
    arrays["name_start"] = _shifted([p._arrays["name_start"] for p in parts])
    vocab_base = np.cumsum([0] + [len(p._arrays["tok_len"]) for p in parts])
    arrays["occ_tok"] = np.concatenate(
        [p._arrays["occ_tok"].astype(np.int32) + int(vocab_base[i]) for i, p in enumerate(parts)]
    )
    index = SearchIndex(arrays, {"entities": len(store), "keys": len(arrays["key_hash"])}, entities=store)
    bounders = [p.bounder for p in parts]
    if index.bounder is not None and all(b is not None for b in bounders):
        index.bounder.set_strings(
            [t for b in bounders if b is not None for t in b.vocab],
            [k for b in bounders if b is not None for k in b.keys],
        )
    return index


#: Bound arrays concatenated as they are.
_PLAIN = ("tok_len", "tok_first", "tok_meta", "tok_skel", "tok_cls", "occ_w", "name_key", "name_flag")


def _shifted(parts: list[npt.NDArray[np.generic]]) -> npt.NDArray[np.int64]:
    """Concatenate CSR start arrays (each beginning at 0 and ending at its total)."""
    out: list[npt.NDArray[np.int64]] = [np.zeros(1, dtype=np.int64)]
    base = 0
    for arr in parts:
        a = arr.astype(np.int64)
        out.append(a[1:] + base)
        base += int(a[-1])
    return np.concatenate(out)
