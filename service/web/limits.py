"""JSON the parser must never see: nesting that exhausts the stack, numbers too long to convert.

Checked on the raw body before any view parses it, so such a body is a 400 problem, never a
RecursionError or ValueError turned into a 500 (``[[[[...]]]]`` 100,000 deep -> 400); and a
chunked body cut off at the size limit is a 413, not a truncated document.
"""

from __future__ import annotations

import re

from flask import request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

# The deepest documented body (a reconciliation batch: queries -> query -> properties ->
# property -> value) nests 5 levels; 32 leaves room and stays far below Python's stack.
MAX_JSON_DEPTH = 32
# No number in the API needs more digits than a 64-bit integer; Python refuses > 4,300.
MAX_NUMBER_DIGITS = 100
# A JSON string literal, escapes included: what gets blanked before brackets are counted.
STRING_LITERAL = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
LONG_NUMBER = re.compile(rb"\d{%d,}" % (MAX_NUMBER_DIGITS + 1))
OPENERS = frozenset(b"[{")
CLOSERS = frozenset(b"]}")


def json_depth(structure: bytes) -> int:
    """Deepest bracket nesting of JSON with its strings removed: b'[{}, [[]]]' -> 3."""
    depth = deepest = 0
    for byte in structure:
        if byte in OPENERS:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    break
        elif byte in CLOSERS:
            depth -= 1
    return deepest


def check_json_body() -> None:
    """Refuse a JSON body nested deeper than MAX_JSON_DEPTH or with an absurdly long number."""
    req = request._get_current_object()  # type: ignore[attr-defined]  # one proxy lookup
    if not req.is_json:
        return
    data = req.get_data(cache=True)
    if req.content_length is None:
        limit = req.max_content_length
        if limit is not None and len(data) >= limit:
            # werkzeug silently stops reading a chunked body at the limit: say so.
            raise RequestEntityTooLarge(f"the body is larger than {limit} bytes")
    if data.count(b"[") + data.count(b"{") <= MAX_JSON_DEPTH and not LONG_NUMBER.search(data):
        return  # the common small body: nothing can nest too deep or be too long
    structure = STRING_LITERAL.sub(b'""', data)
    openers = structure.count(b"[") + structure.count(b"{")
    if openers > MAX_JSON_DEPTH and json_depth(structure) > MAX_JSON_DEPTH:
        raise BadRequest(f"the JSON body nests deeper than {MAX_JSON_DEPTH} levels")
    if LONG_NUMBER.search(structure):
        raise BadRequest(f"the JSON body has a number longer than {MAX_NUMBER_DIGITS} digits")
