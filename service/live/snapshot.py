"""A built index saved to disk, so a new or restarted instance starts in seconds.

``polyonym snapshot`` writes the engine and the suggest index, with the change sequence
they reflect and a fingerprint of that change row, to ``POLYONYM_SNAPSHOT_DIR`` (a local
disk, or a volume shared by the instances). On start a process loads the snapshot when it
was made by the same engine code against the same database, then applies the changes
committed since, as it would after any other pause; otherwise it builds from the store.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

logger = logging.getLogger("polyonym.snapshot")
FORMAT = 1


def code_version() -> str:
    """Digest of the engine and suggest code: a snapshot from other code is never loaded."""
    digest = hashlib.sha256()
    package = resources.files("service")
    for part in sorted(
        p.name for p in package.joinpath("matching").iterdir() if p.name.endswith(".py")
    ):
        digest.update(package.joinpath("matching", part).read_bytes())
    digest.update(package.joinpath("live", "suggest.py").read_bytes())
    return digest.hexdigest()[:16]


def snapshot_path(directory: str) -> Path:
    return Path(directory) / f"index-{code_version()}.pickle"


def write(directory: str, state: dict[str, Any]) -> Path:
    """Write atomically: readers see the old file or the whole new one."""
    target = snapshot_path(directory)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".index-", suffix=".tmp")
    with os.fdopen(fd, "wb") as out:
        pickle.dump({"format": FORMAT, **state}, out, protocol=pickle.HIGHEST_PROTOCOL)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, target)
    return target


def read(directory: str) -> dict[str, Any] | None:
    """The saved state if this code wrote it; the caller checks its ``fingerprint`` (the
    sequence and time of the change it reflects) against the store."""
    path = snapshot_path(directory)
    if not path.exists():
        return None
    try:
        with path.open("rb") as stream:
            state: dict[str, Any] = pickle.load(stream)
    except Exception:  # a torn or foreign file: build from the store instead
        logger.warning("ignoring unreadable snapshot %s", path)
        return None
    if state.get("format") != FORMAT:
        return None
    return state
