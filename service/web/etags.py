"""ETags from the entity's version column; If-Match is required on every mutation."""

from __future__ import annotations

from flask import request
from werkzeug.exceptions import PreconditionRequired

from service.errors import VersionConflict


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
    value = header.strip()
    if value == "*":
        return None
    if value.startswith("W/"):
        raise VersionConflict("If-Match needs a strong ETag")
    tag = value.split(",")[0].strip().strip('"')
    if not tag.isdigit():
        raise VersionConflict(f"If-Match {value!r} is not an ETag this service issued")
    return int(tag)
