"""Bearer API keys and roles.

Each view declares the role it needs with ``@requires(...)``; the role is also kept on
the view function so a test can walk the URL map and audit every route.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import g, request

from service.errors import Forbidden, Unauthorized
from service.web.state import current_state

F = TypeVar("F", bound=Callable[..., Any])

# Which key roles satisfy which requirement. "key": any live key, even when reads are open
# (GET /auth/me); a reader key only ever reads, so callers and scrapers need no write power.
ROLE_GRANTS = {
    "read": {"reader", "curator", "admin"},
    "key": {"reader", "curator", "admin"},
    "curator": {"curator", "admin"},
    "admin": {"admin"},
}
ROLE_ATTRIBUTE = "_polyonym_role"


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def authorize(role: str) -> None:
    """Raise unless the request's key grants ``role``; reads pass when reads are open."""
    state = current_state()
    if role == "public" or (role == "read" and not state.settings.require_read_key):
        return
    token = bearer_token()
    if token is None:
        raise Unauthorized("this route needs an API key: Authorization: Bearer <key>")
    key = state.store.authenticate(token)
    if key is None:
        raise Unauthorized("the API key is unknown or revoked")
    if key.role not in ROLE_GRANTS[role]:
        raise Forbidden(f"the key {key.name!r} has role {key.role!r}; this needs {role!r}")
    g.actor = key.name
    g.role = key.role


def requires(role: str) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            authorize(role)
            return view(*args, **kwargs)

        setattr(wrapper, ROLE_ATTRIBUTE, role)
        return wrapper  # type: ignore[return-value]

    return decorate


def current_actor() -> str:
    actor: str = g.get("actor", "anonymous")
    return actor
