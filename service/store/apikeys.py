"""API keys: random tokens shown once; only their SHA-256 is stored.

The tokens carry 256 bits of entropy, so a fast hash is enough (no password stretching):
nobody can brute-force a preimage, and lookups stay cheap on every request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from service.errors import InvalidInput
from service.model import ROLES, ApiKey
from service.store.records import as_utc, utcnow
from service.store.tables import api_keys

TOKEN_PREFIX = "pk_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_key(conn: Connection, name: str, role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}", field="role")
    if not name.strip():
        raise InvalidInput("name must not be empty", field="name")
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
