"""Name similarity: align the tokens of two analysed names and weigh what agrees.

Tokens are paired greedily, best pair first; a token may also pair with two
or three adjacent tokens of the other name written as one ("VladimirPutin",
"Jin Ping"). The score is

    sum(weight * similarity of each pair)
    / (sum(pair weights) + conflict_cost * substituted + extra costs of unpaired tokens)

A token with no partner on one side while the other side also has an
unpaired token is a *substitution* (Daniel Tusk / Donald Tusk) and costs the
most; unpaired tokens with nothing to conflict with are *extras* (a patronymic
the list gives and the query leaves out) and cost less. Numbers must agree,
a name matched only through initials or particles is capped, and Han/Hangul
names are compared syllable by syllable when both are written that way.
"""

from __future__ import annotations

from rapidfuzz.distance import OSA

from proscreen.matching.config import MatchConfig
from proscreen.names.analyze import OBJECT, ORG, NameForm
from proscreen.names.phonetic import metaphone, skeleton
from proscreen.names.script import ARABIC, HEBREW

#: Scripts whose transliteration loses or bends vowels: compared on consonant skeletons too.
LOSSY = frozenset({ARABIC, HEBREW})

Pair = tuple[float, tuple[int, ...], tuple[int, ...]]


_CACHE_LIMIT = 500_000
_caches: dict[int, dict[tuple[str, str, bool], float]] = {}


def token_similarity(a: str, b: str, qf: NameForm, qi: int, rf: NameForm, ri: int, cfg: MatchConfig) -> float:
    """Similarity of token ``qf.tokens[qi]`` and ``rf.tokens[ri]`` in [0, 1] (cached per config)."""
    if a == b:
        return 1.0
    cross = qf.script != rf.script and (qf.script in LOSSY or rf.script in LOSSY)
    cache = _caches.get(id(cfg))
    if cache is None or len(cache) > _CACHE_LIMIT:
        cache = _caches[id(cfg)] = {}
    key = (a, b, cross)
    sim = cache.get(key)
    if sim is None:
        sim = cache[key] = _token_similarity(a, b, qf.classes[qi], rf.classes[ri], cross, cfg)
    return sim


def _token_similarity(a: str, b: str, ca: frozenset[str], cb: frozenset[str], cross: bool, cfg: MatchConfig) -> float:
    if a.isdigit() or b.isdigit():
        return 0.0
    la, lb = len(a), len(b)
    if la == 1 or lb == 1:
        return cfg.initial_sim if a[0] == b[0] else 0.0
    if (la <= 3 and lb >= 5 and b.startswith(a)) or (lb <= 3 and la >= 5 and a.startswith(b)):
        return cfg.abbreviation_sim
    if ca and cb and not ca.isdisjoint(cb):
        return cfg.equivalent_sim
    sim = _edit_similarity(a, b, cfg)
    if cfg.phonetic_sim > sim >= 0.5 and min(la, lb) >= 5:
        pa = metaphone(a)
        if len(pa) >= 2 and pa == metaphone(b):
            sim = cfg.phonetic_sim
    if cross and sim < cfg.skeleton_sim:
        ska = skeleton(a)
        if (len(ska) >= 3 or (len(ska) == 2 and a[0] == b[0])) and ska == skeleton(b):
            sim = cfg.skeleton_sim
    return sim if sim > 0.0 else 0.0


def _edit_similarity(a: str, b: str, cfg: MatchConfig) -> float:
    """1 for equal strings, falling with the number of edits per letter."""
    edits = OSA.distance(a, b)
    longest = len(a) if len(a) > len(b) else len(b)
    return float(1.0 - cfg.edit_cost * float(edits) ** cfg.edit_exponent / longest)


_row_caches: dict[int, dict[tuple[tuple[str, ...], str, bool], tuple[float, ...]]] = {}


def _row(q: NameForm, b: str, cb: frozenset[str], cross: bool, cfg: MatchConfig) -> tuple[float, ...]:
    """Similarities of one listed token to every query token (cached per query name and config)."""
    cache = _row_caches.get(id(cfg))
    if cache is None or len(cache) > _CACHE_LIMIT:
        cache = _row_caches[id(cfg)] = {}
    key = (q.tokens, b, cross)
    row = cache.get(key)
    if row is None:
        row = cache[key] = tuple(
            1.0 if a == b else _token_similarity(a, b, q.classes[i], cb, cross, cfg) for i, a in enumerate(q.tokens)
        )
    return row


def _candidate_pairs(q: NameForm, r: NameForm, cfg: MatchConfig) -> list[Pair]:
    qt, rt = q.tokens, r.tokens
    cross = q.script != r.script and (q.script in LOSSY or r.script in LOSSY)
    pair_min = cfg.pair_min
    rows = [_row(q, b, r.classes[j], cross, cfg) for j, b in enumerate(rt)]
    pairs: list[Pair] = [
        (sim, (i,), (j,)) for j, row in enumerate(rows) for i, sim in enumerate(row) if sim >= pair_min
    ]
    if len(qt) + len(rt) < 3:
        return pairs
    q_best = [max(col) for col in zip(*rows, strict=True)] if rows else []
    r_best = [max(row) if row else 0.0 for row in rows]
    # one token written as two or three adjacent tokens on the other side; only for weakly paired tokens
    for many, many_best, one, one_best, flip in ((rt, r_best, qt, q_best, False), (qt, q_best, rt, r_best, True)):
        if len(many) < 2:
            continue
        loose = [idx for idx, best in enumerate(one_best) if best < 0.9 and len(one[idx]) >= 4]
        if not loose:
            continue
        for start in range(len(many) - 1):
            first = many[start]
            heads = [idx for idx in loose if (one[idx][:2] == first[:2] or cross) and len(one[idx]) > len(first)]
            if not heads:
                continue
            for k in (2, 3):
                if start + k > len(many) or min(many_best[start : start + k]) >= 0.9:
                    continue
                joined = "".join(many[start : start + k])
                if not joined.isalpha():
                    continue
                group = tuple(range(start, start + k))
                for idx in heads:
                    token = one[idx]
                    if abs(len(token) - len(joined)) > 3:
                        continue
                    sim = _edit_similarity(token, joined, cfg) if token[0] == joined[0] else 0.0
                    skel = skeleton(token) if cross and sim < cfg.skeleton_sim else ""
                    if len(skel) >= 4 and skel == skeleton(joined):
                        sim = cfg.skeleton_sim
                    if sim >= pair_min:
                        pairs.append((sim, group, (idx,)) if flip else (sim, (idx,), group))
    return pairs


def _syllable_score(q: NameForm, r: NameForm, cfg: MatchConfig) -> tuple[float, str]:
    qs, rs = list(q.syllables), list(r.syllables)
    common = 0
    pool = list(rs)
    for s in qs:
        if s in pool:
            pool.remove(s)
            common += 1
    q_extra, r_extra = len(qs) - common, len(rs) - common
    conflict = min(q_extra, r_extra)
    den = common + cfg.conflict_cost * conflict
    den += cfg.query_extra_cost * (q_extra - conflict) + cfg.entity_extra_cost * (r_extra - conflict)
    score = common / den if den else 0.0
    return score, f"{common} of {len(qs)}/{len(rs)} syllables agree"


def name_similarity(q: NameForm, r: NameForm, cfg: MatchConfig) -> tuple[float, str]:
    """(score in [0, 1], explanation) for two analysed names."""
    return _score(q, r, cfg, explain=True)


def name_score(q: NameForm, r: NameForm, cfg: MatchConfig) -> float:
    """The score of :func:`name_similarity` without building its explanation (the fast path)."""
    return _score(q, r, cfg, explain=False)[0]


def _score(q: NameForm, r: NameForm, cfg: MatchConfig, explain: bool) -> tuple[float, str]:
    if q.syllables and r.syllables and q.script == r.script:
        return _syllable_score(q, r, cfg)
    if q.key == r.key:
        return 1.0, f"same name: {' '.join(r.tokens)}" if explain else ""
    pairs = _candidate_pairs(q, r, cfg)
    pairs.sort(key=lambda p: (-p[0], -len(p[1]) - len(p[2])))
    used_q: set[int] = set()
    used_r: set[int] = set()
    chosen: list[Pair] = []
    for pair in pairs:
        _, qi, ri = pair
        if used_q.intersection(qi) or used_r.intersection(ri):
            continue
        used_q.update(qi)
        used_r.update(ri)
        chosen.append(pair)
    qt, rt = q.tokens, r.tokens
    qw, rw = q.weights, r.weights
    num = 0.0
    den = 0.0
    anchors = 0
    q_extra = 0.0
    r_extra = 0.0
    partial = cfg.partial_cost if len(chosen) > 1 else 1.0
    for sim, qi, ri in chosen:
        wq = sum(qw[i] for i in qi)
        wr = sum(rw[j] for j in ri)
        if len(qi) == 1 and len(ri) == 1 and (len(qt[qi[0]]) == 1) != (len(rt[ri[0]]) == 1):
            # an initial for a full name: only the initial's weight agrees, the rest is unmatched
            weight = min(wq, wr)
            q_extra += wq - weight
            r_extra += wr - weight
        else:
            weight = (wq + wr) / 2.0
            strong = (wq >= 0.6 and wr >= 0.6) or len(qt) == 1 or len(rt) == 1
            if strong and len(qt[qi[0]]) > 1 and len(rt[ri[0]]) > 1:
                anchors += 1
        num += weight * sim
        den += weight * (sim + partial * (1.0 - sim))
    strong_q_extra = 0.0
    for i, w in enumerate(qw):
        if i not in used_q:
            q_extra += w
            if w >= 0.6:
                strong_q_extra += w
    for j, w in enumerate(rw):
        if j not in used_r:
            r_extra += w
    conflict = min(q_extra, r_extra)
    den += cfg.conflict_cost * conflict
    if anchors == 1 and strong_q_extra > 0 and len(qt) > 1:
        # one name part in common and the query says more: not enough to tell it is the same party
        den += cfg.conflict_cost * max(0.0, min(strong_q_extra, q_extra - conflict)) / 2.0
    if r.kind in (ORG, OBJECT):
        den += cfg.org_extra_cost * (q_extra + r_extra - 2 * conflict)
    else:
        den += cfg.query_extra_cost * (q_extra - conflict) + cfg.entity_extra_cost * (r_extra - conflict)
    score = num / den if den > 0 else 0.0
    notes: list[str] = []
    if anchors == 0 and score > cfg.anchorless_cap:
        score = cfg.anchorless_cap
        notes.append("only initials or particles agree")
    if q.numbers and r.numbers and q.numbers != r.numbers:
        score *= cfg.number_mismatch
        notes.append(f"numbers differ: {'/'.join(sorted(q.numbers))} vs {'/'.join(sorted(r.numbers))}")
    if q.legal_forms and r.legal_forms and q.legal_forms.isdisjoint(r.legal_forms):
        score *= cfg.legal_form_mismatch
        notes.append("legal forms differ")
    score = min(score, 1.0)
    if not explain:
        return score, ""
    parts: list[str] = []
    for sim, qi, ri in chosen:
        qs = "".join(qt[i] for i in qi)
        rs = "+".join(rt[j] for j in ri)
        parts.append(qs if sim == 1.0 and len(ri) == 1 else f"{qs}~{rs}({sim:.2f})")
    missing_q = [qt[i] for i in range(len(qt)) if i not in used_q]
    missing_r = [rt[j] for j in range(len(rt)) if j not in used_r]
    detail = " ".join(parts) or "no token agrees"
    if missing_q:
        detail += " | query only: " + " ".join(missing_q)
    if missing_r:
        detail += " | listed only: " + " ".join(missing_r)
    if notes:
        detail += " | " + "; ".join(notes)
    return score, detail
