"""ETags from the entity's version column; If-Match is required on every mutation.

Whatever If-Match holds is answered 4xx, never a 500: a well-formed entity tag that no
entity can carry (weak, not a number, past the version column's range) is 412 like any
stale one, and a value that is not an entity tag at all is 400. A version past the
column's range used to reach the store and overflow its driver (SQLite and PostgreSQL).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from flask import request
from flask_smorest import abort
from werkzeug.exceptions import PreconditionRequired

from service.errors import VersionConflict

F = TypeVar("F", bound=Callable[..., Any])

# Versions are INTEGER columns: 32-bit on PostgreSQL. A larger number was never issued.
MAX_VERSION = 2**31 - 1
# The first entity tag of the list (RFC 9110: opaque-tag = DQUOTE *etagc DQUOTE).
LEADING_TAG = re.compile(r'(W/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(?:,|\Z)')


IF_MATCH_ATTRIBUTE = "_polyonym_if_match"


def conditional(*, required: bool) -> Callable[[F], F]:
    """Declare that a view reads If-Match (``required``: 428 without it), so the OpenAPI
    document (service.web.contract) declares the header and its 412 / 428."""

    def declare(view: F) -> F:
        setattr(view, IF_MATCH_ATTRIBUTE, required)
        return view

    return declare


def etag_for(version: int) -> str:
    return f'"{version}"'


def required_version() -> int | None:
    """The version If-Match names (None for ``*``); 428 without the header.

    The compare itself happens in the store's UPDATE ... WHERE version = :v, never before it.
    """
    header = request.headers.get("If-Match")
    if header is None:
        raise PreconditionRequired("send If-Match with the entity's ETag to change it")
    return parse_if_match(header)


def optional_version() -> int | None:
    header = request.headers.get("If-Match")
    return None if header is None else parse_if_match(header)


def parse_if_match(header: str) -> int | None:
    """``"3"`` -> 3, ``*`` -> None; VersionConflict (412) for a tag no version can match,
    400 for a value that is no entity tag. Only the first tag of a list is used."""
    value = header.strip()
    if value == "*":
        return None
    match = LEADING_TAG.match(value)
    if match is None:
        bare = value.split(",")[0].strip()
        if not is_ascii_number(bare):  # a bare number is taken, as it always was
            abort(
                400,
                messages={"headers": {"If-Match": [f"{value[:80]!r} is not an entity tag"]}},
            )
        tag = bare
    elif match.group(1):
        raise VersionConflict("If-Match needs a strong ETag")
    else:
        tag = match.group(2)
    if not is_ascii_number(tag) or len(tag) > len(str(MAX_VERSION)) or int(tag) > MAX_VERSION:
        raise VersionConflict(f"If-Match {value[:80]!r} is not an ETag this service issued")
    return int(tag)


def is_ascii_number(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` also takes "²", which ``int`` then refuses."""
    return text.isascii() and text.isdigit()
