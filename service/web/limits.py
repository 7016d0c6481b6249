"""Input no view may see: JSON that exhausts the stack or a converter, and NUL characters.

The JSON checks run on the raw body before any view parses it, so such a body is a 400
problem, never a RecursionError or ValueError turned into a 500 (``[[[[...]]]]`` 100,000
deep -> 400); and a chunked body cut off at the size limit is a 413, not a truncated
document.

Every check here is one forward pass over the body: a request that costs nothing to send
must cost the worker no more than reading it. (An earlier string-stripping regex,
``"[^"\\]*(?:\\.[^"\\]*)*"``, backtracked to the end of the body from every quote of a
string that never closed: 40 KB cost 5-10 s of CPU before its 400.)

NUL characters are refused on every route (422 naming the field): PostgreSQL cannot store
or even compare text holding one, so a NUL reaching the store was a 500 (DataError).
"""

from __future__ import annotations

import json
import re
from array import array
from collections.abc import Iterable
from itertools import accumulate
from typing import Any

from flask import request
from flask_smorest import abort
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge

from service.nul import NUL, nul_paths
from service.web.parser import NUL_MESSAGE
from service.web.schemas import names_budget_problem

# The deepest documented body (a reconciliation batch: queries -> query -> properties ->
# property -> value) nests 5 levels; 32 leaves room and stays far below Python's stack.
MAX_JSON_DEPTH = 32
# No number in the API needs more digits than a 64-bit integer; Python refuses > 4,300.
MAX_NUMBER_DIGITS = 100
# A JSON string literal, escapes included, or an unclosed one running to the end of the
# body. Linear by construction: the possessive loops never give back what they consumed,
# and the closing alternative always matches after them (a quote, or the end of the body,
# maybe after one lone backslash), so an attempt that starts at a quote always succeeds
# and no byte is scanned by two attempts. Anything else fails on its first byte.
STRING_LITERAL = re.compile(rb'"(?:[^"\\]++|\\.)*+(?:"|\\?\Z)', re.DOTALL)
# A run of more than MAX_NUMBER_DIGITS digits. The look-behind lets an attempt start only
# where a run starts, so each run is scanned once (``\d{101,}`` alone rescans every shorter
# run from each of its digits).
LONG_NUMBER = re.compile(rb"(?<![0-9])[0-9]{%d}" % (MAX_NUMBER_DIGITS + 1))
# Brackets become +1 / -1 (as signed bytes) and everything else is deleted, so depth is a
# running sum computed in C: b'[{}]' -> [1, 1, -1, -1].
BRACKET_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[{]}")
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def strip_strings(body: bytes) -> bytes:
    """``body`` with every JSON string literal (closed or not) replaced by ``""``."""
    return STRING_LITERAL.sub(b'""', body)


def json_depth(structure: bytes) -> int:
    """Deepest bracket nesting of JSON with its strings removed: b'[{}, [[]]]' -> 3."""
    steps = array("b", structure.translate(BRACKET_STEPS, NOT_BRACKETS))
    return max(accumulate(steps), default=0) if steps else 0


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
    problem = json_problem(data)
    if problem is not None:
        raise BadRequest(problem)


def json_problem(data: bytes) -> str | None:
    """Why ``data`` must not reach a JSON parser, or None: the guard's whole decision."""
    if data.count(b"[") + data.count(b"{") <= MAX_JSON_DEPTH and not LONG_NUMBER.search(data):
        return None  # the common small body: nothing can nest too deep or be too long
    structure = strip_strings(data)
    openers = structure.count(b"[") + structure.count(b"{")
    if openers > MAX_JSON_DEPTH and json_depth(structure) > MAX_JSON_DEPTH:
        return f"the JSON body nests deeper than {MAX_JSON_DEPTH} levels"
    if LONG_NUMBER.search(structure):
        return f"the JSON body has a number longer than {MAX_NUMBER_DIGITS} digits"
    return None


# -- NUL ----------------------------------------------------------------------------------
def refuse_nul() -> None:
    """422 naming each path parameter, query or form argument holding NUL, before any view.

    JSON bodies are checked after their schema by ``service.web.parser``; here, a query or
    form value that is itself JSON (the reconciliation API's ``queries=`` and ``extend=``)
    is looked into too.
    """
    req = request._get_current_object()  # type: ignore[attr-defined]  # one proxy lookup
    found: list[tuple[str, str]] = []
    if NUL in req.path:
        params = [key for key, value in (req.view_args or {}).items() if NUL in str(value)]
        found.extend(("path", key) for key in params or ["(path)"])
    if req.query_string:
        found.extend(("query", field) for field in nul_fields_in_form(req.args))
    if req.method in BODY_METHODS and req.mimetype in FORM_TYPES:
        found.extend(("form", field) for field in nul_fields_in_form(req.form))
    if found:
        messages: dict[str, dict[str, list[str]]] = {}
        for location, field in found:
            messages.setdefault(location, {})[field] = [NUL_MESSAGE]
        abort(422, messages=messages)


def nul_fields_in_form(values: Any) -> list[str]:
    """Arguments whose name or value holds NUL, or whose value is JSON with a NUL string."""
    found: list[str] = []
    for key, value in values.items(multi=True):
        if NUL in key or NUL in value:
            found.append(key.replace(NUL, "\\u0000"))
        elif "\\u0000" in value:
            found.extend(f"{key}.{path}" for path in nul_fields_in_json(value))
    return found


def nul_fields_in_json(text: str) -> list[str]:
    """Dotted paths of the strings holding NUL in ``text``; [] if it is not JSON (the view
    then refuses it with its own 400)."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return []
    return sorted(set(nul_paths(document, "")))


# -- work -------------------------------------------------------------------------------------
def refuse_costly_names(names: Iterable[Any], location: str) -> None:
    """413 naming ``queries`` when a reconciliation batch's names are past the budget that
    bounds /resolve/batch (each query is resolved with explanations: 100 names of 512
    characters took 1.95 s of CPU at 100k aliases). Non-strings are the schema's to refuse."""
    problem = names_budget_problem(name for name in names if isinstance(name, str))
    if problem is not None:
        abort(413, messages={location: {"queries": [problem]}})
