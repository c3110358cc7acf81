"""The one way strings are folded for lookups and comparisons."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Iterable

# Apostrophes to one kind; "ı" (dotless i) to "i", as the regex engine matches them ignoring case
# ("İ" and "ſ" need nothing: NFKD gives "I" plus a dot, and "s").
_FOLDED = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "ı": "i"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Accents dropped, casefolded, one kind of apostrophe: the key every list is looked up by."""
    if text.isascii():  # most words: nothing to decompose
        return text.replace("`", "'").lower()
    text = unicodedata.normalize("NFKD", text.translate(_FOLDED))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


_REGEX_CASE = str.maketrans({"ı": "i", "ſ": "s", "\u0307": None})


def lower_as_regex(text: str) -> str:
    """Lower case as the regex engine sees it ignoring case: "ı" and "ſ" match "i" and "s", and "İ"
    lowers to "i" plus a combining dot. Accents stay ("zéro")."""
    low = text.lower()
    return low if low.isascii() else low.translate(_REGEX_CASE)


def occurrences(text: str, needles: Iterable[str]) -> list[int]:
    """Where any of `needles` (strings, or the characters of one string) starts in `text`, in
    order: str.find skips to each at once, where the regex engine would test every position."""
    found = []
    for needle in needles:
        i = text.find(needle)
        while i >= 0:
            found.append(i)
            i = text.find(needle, i + 1)
    return sorted(found)
