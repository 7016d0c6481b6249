"""API keys: random tokens shown once; only their SHA-256 is stored.

The tokens carry 256 bits of entropy, so a fast hash is enough (no password stretching):
nobody can brute-force a preimage, and lookups stay cheap on every request.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from service.errors import InvalidInput
from service.model import ROLES, ApiKey
from service.store.context import Core
from service.store.db import write_transaction
from service.store.records import as_utc, utcnow
from service.store.tables import api_keys

TOKEN_PREFIX = "pk_"
# A key's name is the actor in every history entry and log line, and a path segment of
# DELETE /admin/keys/{name}: letters, digits and . _ @ - only (no slash, which the route
# could not take back; no control, bidi or invisible character to fake another actor).
KEY_NAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}"
KEY_NAME = re.compile(KEY_NAME_PATTERN, re.ASCII)
KEY_NAME_RULE = (
    "must be 1-64 characters: ASCII letters, digits, '.', '_', '@' or '-', "
    "starting with a letter or digit"
)


def key_name_problem(name: object) -> str | None:
    """Why ``name`` cannot name a key, or None. fullmatch: ``$`` would let "bob\\n" in."""
    if not isinstance(name, str) or KEY_NAME.fullmatch(name) is None:
        return KEY_NAME_RULE
    return None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_key(conn: Connection, name: str, role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}", field="role")
    problem = key_name_problem(name)
    if problem is not None:
        raise InvalidInput(f"name {problem}", field="name")
    taken = conn.execute(sa.select(api_keys.c.id).where(api_keys.c.name == name)).first()
    if taken is not None:
        raise InvalidInput(f"a key named {name!r} already exists", field="name")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    conn.execute(
        sa.insert(api_keys).values(
            name=name, role=role, key_hash=hash_token(token), created_at=utcnow()
        )
    )
    return token


def list_keys(conn: Connection) -> list[ApiKey]:
    rows = conn.execute(sa.select(api_keys).order_by(api_keys.c.name)).all()
    return [ApiKey(r.name, r.role, as_utc(r.created_at), as_utc(r.revoked_at)) for r in rows]  # type: ignore[arg-type]


def revoke_key(conn: Connection, name: str) -> bool:
    result = conn.execute(
        sa.update(api_keys)
        .where(api_keys.c.name == name, api_keys.c.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return result.rowcount > 0


def authenticate(conn: Connection, token: str) -> ApiKey | None:
    """The live key this token belongs to, or None; checked on every request, never cached,
    so a revocation takes effect in every worker at once."""
    digest = hash_token(token)
    row = conn.execute(sa.select(api_keys).where(api_keys.c.key_hash == digest)).first()
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.key_hash, digest):
        return None
    return ApiKey(row.name, row.role, as_utc(row.created_at), None)  # type: ignore[arg-type]


class KeyQueries:
    """The Store's API keys."""

    def create_key(self: Core, name: str, role: str) -> str:
        with write_transaction(self.engine) as conn:
            return create_key(conn, name, role)

    def list_keys(self: Core) -> list[ApiKey]:
        with self.engine.connect() as conn:
            return list_keys(conn)

    def revoke_key(self: Core, name: str) -> bool:
        with write_transaction(self.engine) as conn:
            return revoke_key(conn, name)

    def authenticate(self: Core, token: str) -> ApiKey | None:
        with self.engine.connect() as conn:
            return authenticate(conn, token)
