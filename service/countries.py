"""Country codes: which strings are countries, and the one form they are kept in.

ISO 3166-1 alpha-2 as pycountry ships it (249 codes, kept up to date by its maintainers
from the ISO and Debian iso-codes data), plus "XK": Kosovo has no ISO code, and the
user-assigned XK is what the EU, CLDR, Wikidata and the development files' GeoNames data
use for it. A code is accepted in any case and kept upper-case; a list is kept sorted and
without repeats, so two writes of the same countries compare equal.
"""

from __future__ import annotations

from collections.abc import Iterable

import pycountry

EXTRA_CODES = {"XK": "Kosovo"}
CODES: frozenset[str] = frozenset(c.alpha_2 for c in pycountry.countries) | frozenset(EXTRA_CODES)
MAX_COUNTRIES = 32  # an entity or a query names a few; OFAC's longest entry names 23


def canonical(code: str) -> str | None:
    """The code in its kept form, or None when it is not a country."""
    upper = code.upper() if code.isascii() else code
    return upper if upper in CODES else None


def problem(codes: object) -> str | None:
    """Why ``codes`` is not a list of country codes, or None."""
    if not isinstance(codes, list):
        return "must be a list of ISO 3166-1 alpha-2 country codes"
    if len(codes) > MAX_COUNTRIES:
        return f"at most {MAX_COUNTRIES} countries"
    for code in codes:
        if not isinstance(code, str) or canonical(code) is None:
            shown = repr(code)[:40]
            return f"{shown} is not an ISO 3166-1 alpha-2 country code (e.g. SY, LB, RU)"
    return None


def normalized(codes: Iterable[str]) -> list[str]:
    """Valid codes in their kept form: upper-case, sorted, each once."""
    return sorted({c for c in (canonical(code) for code in codes) if c is not None})


def name_of(code: str) -> str:
    """The country's English short name ("Syrian Arab Republic"), for the console and cards."""
    found = pycountry.countries.get(alpha_2=code)
    return found.name if found is not None else EXTRA_CODES.get(code, code)
