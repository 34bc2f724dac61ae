"""A cheap upper bound of the name score, computed for many candidates at once.

The full alignment (:mod:`proscreen.matching.align`) costs tens of microseconds
per pair in Python; most candidates the inverted index returns share a key or
two with the query and score far below any threshold. This module bounds the
name score of every candidate from above with a few numpy operations, so only
the candidates that could matter are aligned exactly.

The bound follows the score's own formula. Every token pairs at best with its
most similar token on the other side (an optimistic similarity: the edit
similarity raised to the equivalence, phonetic, initial and abbreviation
floors wherever those could apply), and an unpaired token costs at least the
cheapest unpaired-token cost. So

    score <= N / (N + P + c * X)

with N the best possible agreement, P the least partial-pair cost and X the
weight of tokens that cannot pair at all. Names that need other comparisons
(Han/Hangul syllables against such a query, one token written as several:
equal or near-equal joined keys) are bounded by 1.

Arrays (built by :func:`build_arrays`, kept in the index file):

* ``vocab_blob``: the distinct tokens (newline-separated); ``tok_len``, ``tok_first``,
  ``tok_meta`` (Metaphone hash), ``tok_cls_start``/``tok_cls`` (name-class hashes);
* ``ent_name_start``: per entity, its first name; ``name_start``: per name, its first
  token occurrence; ``occ_tok``/``occ_w``: token id and weight per occurrence;
  ``name_key`` (hash of the joined tokens), ``name_flag`` (1: always score exactly),
  ``key_blob``: the joined tokens of every name (newline-separated).
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import OSA, Indel
from rapidfuzz.process import cdist

from proscreen.matching.config import MatchConfig
from proscreen.matching.prepare import PreparedEntity, PreparedQuery
from proscreen.names.analyze import NameForm
from proscreen.names.phonetic import skeleton

Arrays = dict[str, npt.NDArray[np.generic]]
#: A name whose joined tokens are at least this similar to the query's is always scored exactly.
KEY_SIM_ALWAYS = 0.8

_SCRIPTS: dict[str, int] = {}


@lru_cache(maxsize=200_000)
def text_hash(text: str) -> int:
    """A stable 63-bit hash (0 is kept for "none")."""
    if not text:
        return 0
    value = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little") >> 1
    return value or 1


def _flag(form: NameForm) -> int:
    """1 for a name written in Han/Hangul syllables (compared syllable by syllable with such queries)."""
    return 1 if form.syllables else 0


class ArrayBuilder:
    """Collects the bound arrays while an index is built."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self.tok_cls: list[tuple[int, ...]] = []
        self.ent_name_start = array("q", [0])
        self.name_start = array("q", [0])
        self.occ_tok = array("i")
        self.occ_w = array("f")
        self.name_key = array("Q")
        self.name_flag = array("B")
        self.keys: list[str] = []

    def add(self, entity: PreparedEntity) -> None:
        for form in entity.names:
            for token, weight, classes in zip(form.tokens, form.weights, form.classes, strict=True):
                tid = self.vocab.get(token)
                if tid is None:
                    tid = self.vocab[token] = len(self.vocab)
                    self.tok_cls.append(tuple(sorted(text_hash(c) for c in classes)))
                self.occ_tok.append(tid)
                self.occ_w.append(weight)
            self.name_start.append(len(self.occ_tok))
            self.name_key.append(text_hash(form.key))
            self.name_flag.append(_flag(form))
            self.keys.append(form.key)
        self.ent_name_start.append(len(self.name_key))

    def arrays(self) -> Arrays:
        from proscreen.names.phonetic import metaphone, skeleton

        tokens = list(self.vocab)
        vocab_blob = _pack(tokens)
        key_blob = _pack(self.keys)
        cls_counts = np.fromiter((len(c) for c in self.tok_cls), dtype=np.int64, count=len(self.tok_cls))
        cls_start = np.zeros(len(tokens) + 1, dtype=np.int64)
        np.cumsum(cls_counts, out=cls_start[1:])
        cls = np.fromiter((h for c in self.tok_cls for h in c), dtype=np.uint64, count=int(cls_start[-1]))
        return {
            "vocab_blob": vocab_blob,
            "tok_len": np.fromiter((len(t) for t in tokens), dtype=np.int32, count=len(tokens)),
            "tok_first": np.fromiter((ord(t[0]) for t in tokens), dtype=np.int32, count=len(tokens)),
            "tok_meta": np.fromiter((text_hash(metaphone(t)) for t in tokens), dtype=np.uint64, count=len(tokens)),
            "tok_skel": np.fromiter((text_hash(skeleton(t)) for t in tokens), dtype=np.uint64, count=len(tokens)),
            "tok_cls_start": cls_start,
            "tok_cls": cls,
            "ent_name_start": np.frombuffer(self.ent_name_start, dtype=np.int64).copy(),
            "name_start": np.frombuffer(self.name_start, dtype=np.int64).copy(),
            "occ_tok": np.frombuffer(self.occ_tok, dtype=np.int32).copy(),
            "occ_w": np.frombuffer(self.occ_w, dtype=np.float32).copy(),
            "name_key": np.frombuffer(self.name_key, dtype=np.uint64).copy(),
            "name_flag": np.frombuffer(self.name_flag, dtype=np.uint8).copy(),
            "key_blob": key_blob,
        }


def _pack(texts: Sequence[str]) -> npt.NDArray[np.uint8]:
    data = "\n".join(texts).encode("ascii", "replace")
    return np.frombuffer(data, dtype=np.uint8).copy()


def unpack(blob: npt.NDArray[np.uint8], count: int) -> list[str]:
    """The strings written by :func:`_pack` (count given, since an empty blob is one empty string)."""
    if count == 0:
        return []
    return blob.tobytes().decode("ascii").split("\n")


def _ranges(starts: npt.NDArray[np.int64], counts: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Concatenated ``arange(s, s + c)`` for every start and count (counts > 0)."""
    total = int(counts.sum())
    ends = np.cumsum(counts)
    out = np.ones(total, dtype=np.int64)
    out[0] = starts[0]
    if len(starts) > 1:
        out[ends[:-1]] = starts[1:] - (starts[:-1] + counts[:-1] - 1)
    return np.cumsum(out)


class Bounder:
    """Upper bounds of name scores for candidates of one index (the arrays of :class:`ArrayBuilder`)."""

    def __init__(self, arrays: Arrays) -> None:
        self.a = arrays
        self._vocab: list[str] | None = None
        self._keys: list[str] | None = None
        self._vocab_arr: npt.NDArray[np.object_] | None = None
        self._keys_arr: npt.NDArray[np.object_] | None = None

    def set_strings(self, vocab: list[str], keys: list[str]) -> None:
        """Give the token and key strings directly (a merged index has no blobs)."""
        self._vocab = vocab
        self._keys = keys

    @property
    def vocab(self) -> list[str]:
        if self._vocab is None:
            self._vocab = unpack(self.a["vocab_blob"], len(self.a["tok_len"]))  # type: ignore[arg-type]
        return self._vocab

    @property
    def keys(self) -> list[str]:
        if self._keys is None:
            self._keys = unpack(self.a["key_blob"], len(self.a["name_key"]))  # type: ignore[arg-type]
        return self._keys

    def _strings(self) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.object_]]:
        if self._vocab_arr is None or self._keys_arr is None:
            self._vocab_arr = np.array(self.vocab, dtype=object)
            self._keys_arr = np.array(self.keys, dtype=object)
        return self._vocab_arr, self._keys_arr

    def bounds(
        self, query: PreparedQuery, positions: npt.NDArray[np.int64], cfg: MatchConfig
    ) -> npt.NDArray[np.float64]:
        """Per candidate position: an upper bound of its name score against ``query``."""
        a = self.a
        if len(positions) == 0:
            return np.zeros(0)
        ens = a["ent_name_start"]
        n_start = ens[positions].astype(np.int64)
        n_count = ens[positions + 1].astype(np.int64) - n_start
        has = n_count > 0
        result = np.zeros(len(positions))
        if not has.any():
            return result
        name_ids = _ranges(n_start[has], n_count[has])
        ns = a["name_start"]
        o_start = ns[name_ids].astype(np.int64)
        o_count = ns[name_ids + 1].astype(np.int64) - o_start
        occ = _ranges(o_start, o_count)
        seg = np.zeros(len(name_ids), dtype=np.int64)
        np.cumsum(o_count[:-1], out=seg[1:])
        occ_tok: npt.NDArray[np.int32] = a["occ_tok"][occ]  # type: ignore[assignment]
        occ_w = a["occ_w"][occ].astype(np.float64)
        vocab, keys = self._strings()
        ustr = vocab[occ_tok]
        name_keys = keys[name_ids]
        flags = np.asarray(a["name_flag"][name_ids], dtype=np.uint8) > 0
        name_key = a["name_key"][name_ids]
        best = np.zeros(len(name_ids))
        for form in query.forms:
            if not form.tokens:
                continue
            value = self._form_bound(form, ustr, occ_tok, seg, occ_w, cfg)
            if form.syllables:
                value[flags] = 1.0
            value[name_key == text_hash(form.key)] = 1.0
            keysim = cdist([form.key], name_keys, scorer=Indel.normalized_similarity)[0]
            value[keysim >= KEY_SIM_ALWAYS] = 1.0
            np.maximum(best, value, out=best)
        ent_seg = np.zeros(int(has.sum()), dtype=np.int64)
        np.cumsum(n_count[has][:-1], out=ent_seg[1:])
        result[has] = np.maximum.reduceat(best, ent_seg)
        return result

    def _form_bound(
        self,
        form: NameForm,
        ustr: npt.NDArray[np.object_],
        uniq: npt.NDArray[np.int32],
        seg: npt.NDArray[np.int64],
        occ_w: npt.NDArray[np.float64],
        cfg: MatchConfig,
    ) -> npt.NDArray[np.float64]:
        a = self.a
        qt = list(form.tokens)
        dist = cdist(qt, ustr, scorer=OSA.distance, dtype=np.int32).astype(np.float64)
        q_len = np.array([len(t) for t in qt], dtype=np.float64)
        u_len = a["tok_len"][uniq].astype(np.float64)
        longest = np.maximum.outer(q_len, u_len)
        sim = 1.0 - cfg.edit_cost * dist**cfg.edit_exponent / longest
        first_eq = np.equal.outer(np.array([ord(t[0]) for t in qt]), a["tok_first"][uniq])
        shortest = np.minimum.outer(q_len, u_len)
        sim[shortest == 1] = 0.0
        sim[first_eq & (shortest == 1)] = cfg.initial_sim
        sim[dist == 0] = 1.0
        abbrev = first_eq & (shortest <= 3) & (longest >= 5)
        sim[abbrev] = np.maximum(sim[abbrev], cfg.abbreviation_sim)
        q_meta = np.array([text_hash(code) for code in form.phonetic], dtype=np.uint64)
        phonetic = np.equal.outer(q_meta, a["tok_meta"][uniq]) & (shortest >= 5) & (sim >= 0.5) & (q_meta != 0)[:, None]
        # equal consonant skeletons: the floor for names across Arabic/Hebrew script (optimistic elsewhere)
        q_skel = np.array([text_hash(skeleton(t)) for t in qt], dtype=np.uint64)
        same_skel = np.equal.outer(q_skel, a["tok_skel"][uniq])
        sim = np.where(phonetic, np.maximum(sim, cfg.phonetic_sim), sim)
        sim = np.where(same_skel, np.maximum(sim, cfg.skeleton_sim), sim)
        if any(form.classes):
            cls_start = a["tok_cls_start"]
            c_start = cls_start[uniq].astype(np.int64)
            c_count = cls_start[uniq + 1].astype(np.int64) - c_start
            with_cls = np.flatnonzero(c_count > 0)
            if len(with_cls):
                tok_cls = a["tok_cls"][_ranges(c_start[with_cls], c_count[with_cls])]
                owner = np.repeat(with_cls, c_count[with_cls])
                for i, classes in enumerate(form.classes):
                    if not classes:
                        continue
                    wanted = np.fromiter((text_hash(c) for c in classes), dtype=np.uint64, count=len(classes))
                    shared = owner[np.isin(tok_cls, wanted)]
                    sim[i, shared] = np.maximum(sim[i, shared], cfg.equivalent_sim)
        sim[sim < cfg.pair_min] = 0.0
        occ_sim = sim  # query tokens x occurrences
        partial = min(1.0, cfg.partial_cost)
        # query side: best partner per name; listed side: best partner per occurrence
        bq = np.maximum.reduceat(occ_sim, seg, axis=1)  # q x names
        wq = np.array(form.weights, dtype=np.float64)[:, None]
        num = (wq * bq).sum(axis=0) / 2.0
        den = (wq * np.where(bq > 0, bq + partial * (1.0 - bq), 0.0)).sum(axis=0) / 2.0
        x_q = (wq * (bq == 0)).sum(axis=0)
        br = occ_sim.max(axis=0)
        num += np.add.reduceat(occ_w * br, seg) / 2.0
        den += np.add.reduceat(occ_w * np.where(br > 0, br + partial * (1.0 - br), 0.0), seg) / 2.0
        x_r = np.add.reduceat(occ_w * (br == 0), seg)
        # tokens that cannot pair cost at least what the scorer charges for unpaired ones
        conflict = np.minimum(x_q, x_r)
        person = cfg.query_extra_cost * (x_q - conflict) + cfg.entity_extra_cost * (x_r - conflict)
        org = cfg.org_extra_cost * (x_q + x_r - 2 * conflict)
        den += cfg.conflict_cost * conflict + np.minimum(person, org)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(den > 0, num / den, 0.0)
        return np.asarray(out, dtype=np.float64)
