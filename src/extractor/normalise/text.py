"""The one way strings are folded for lookups and comparisons."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Accents dropped, casefolded, one kind of apostrophe: the key every list is looked up by."""
    if text.isascii():  # most words: nothing to decompose
        return text.replace("`", "'").lower()
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()
