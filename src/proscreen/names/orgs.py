"""Organisation names: legal forms ("(Pvt.) Ltd." = "Private Limited" = ``llc``) and "M/s" prefixes.

Legal forms are found with rigour's org-type database (ISO 20275 and more, in
many languages and scripts: "Aktiengesellschaft", "ООО", "Sp. z o.o.") and
the supplementary tables in :mod:`proscreen.names.tables`. They are taken out
of the name's tokens and kept as a set of generic forms, compared separately.
"""

from __future__ import annotations

import re

from proscreen.names.tables import GLUED_LEGAL_FORMS, LEGAL_FORM_PHRASES, LEGAL_FORM_TOKENS, ORG_PREFIXES


def extract_legal_forms(text: str) -> tuple[str, list[str]]:
    """(text without long legal forms, generic forms found) for case-folded ``text``.

    Long forms ("aktiengesellschaft", "sp. z o.o.", "(pvt.) ltd.") are cut
    wherever they are; short ones ("ag", "sa") are left to
    :func:`split_legal_tokens`, which only takes them at either end of a name.
    """
    from rigour.names import extract_org_types

    found: list[str] = []
    for pattern, generic in _PHRASES:
        if pattern.search(text):
            rest = pattern.sub(" ", text)
            if any(ch.isalnum() for ch in rest):
                text = rest
                found.append(generic)
    for matched, generic in extract_org_types(text, generic=True):
        if len(matched.replace(".", "").replace(" ", "")) < 4:
            continue
        rest = re.sub(r"(?<!\w)" + re.escape(matched) + r"(?!\w)", " ", text)
        if any(ch.isalnum() for ch in rest):
            text = rest
            found.append(str(generic))
    return text, found


_PHRASES = (
    (re.compile(r"\(?\b(?:pvt|private|pte|pty)\b\.?\)?\s*\(?\b(?:ltd|limited)\b\.?\)?"), "llc"),
    (re.compile(r"\bco\s*[.,]?\s*,?\s*ltd\b\.?"), "llc"),
)


_PLACE_TAIL = re.compile(
    r"^(.*\b(?:ltd|limited|llc|l\.l\.c|inc|corp|corporation|co|company|gmbh|jsc|plc|sa|ag|llp|fze|pte)\b\.?\)?)"
    r"\s*,\s*[^,()]{2,40}$",
    re.IGNORECASE,
)


def drop_place_tail(text: str) -> str:
    """Drop a place written after the legal form: "Akhtar & Sons (Pvt.) Ltd., Karachi" -> "... Ltd."."""
    match = _PLACE_TAIL.match(text)
    if match is None:
        return text
    tail = re.split(r"[^\w]+", text[match.end(1) :].lower())
    if any(word in LEGAL_FORM_TOKENS or word in _LEGAL_WORDS for word in tail):
        return text  # "Co., Ltd.": the tail is a legal form, not a place
    return match.group(1)


_LEGAL_WORDS = frozenset({"limited", "incorporated", "company", "corporation", "co", "inc", "ltd", "llc"})


def drop_prefixes(tokens: list[str]) -> list[str]:
    """Tokens without "M/s", "Messrs" or a leading article; unchanged if nothing would remain."""
    for prefix in ORG_PREFIXES:
        n = len(prefix)
        if len(tokens) > n and tuple(tokens[:n]) == prefix:
            return tokens[n:]
    return tokens


def split_legal_tokens(tokens: list[str]) -> tuple[list[str], list[str]]:
    """(tokens, generic legal forms): phrases anywhere, single forms at either end, glued forms split."""
    if len(tokens) < 2:
        return _unglue(tokens), []
    found: list[str] = []
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for phrase, generic in LEGAL_FORM_PHRASES:
            n = len(phrase)
            if tuple(tokens[i : i + n]) == phrase and len(tokens) > n:
                found.append(generic)
                i += n
                break
        else:
            out.append(tokens[i])
            i += 1
    while len(out) > 1 and out[-1] in LEGAL_FORM_TOKENS:
        found.append(LEGAL_FORM_TOKENS[out.pop()])
    while len(out) > 1 and out[0] in LEGAL_FORM_TOKENS:
        found.append(LEGAL_FORM_TOKENS[out.pop(0)])
    if not out:
        return tokens, []
    return _unglue(out), found


def _unglue(tokens: list[str]) -> list[str]:
    """Split a legal form glued to a name: "jscargument" -> "argument" (the form is dropped)."""
    out: list[str] = []
    for token in tokens:
        for form in GLUED_LEGAL_FORMS:
            if len(token) >= len(form) + 4 and token.startswith(form):
                token = token[len(form) :]
                break
            if len(token) >= len(form) + 4 and token.endswith(form):
                token = token[: -len(form)]
                break
        out.append(token)
    return out
