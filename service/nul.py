"""NUL (U+0000) in text: PostgreSQL can neither store nor compare it (a DataError, so a
500), so every way in refuses it, naming where it was. One walk finds it in loaded data,
for the API's arguments (service.web.parser, service.web.limits) and import lines
(service.bulk) alike."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

NUL = "\x00"


def nul_paths(value: Any, prefix: str = "", root: str = "(body)") -> Iterator[str]:
    """Where in loaded data a string holds NUL, as dotted paths: {"a": ["x\\0"]} -> "a.0";
    a key holding NUL is named with the NUL escaped; ``root`` names a bare string."""
    if isinstance(value, str):
        if NUL in value:
            yield prefix or root
    elif isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(key, str) and NUL in key:
                yield path.replace(NUL, "\\u0000")
            else:
                yield from nul_paths(item, path, root)
    elif isinstance(value, list | tuple | set | frozenset):
        for position, item in enumerate(value):
            yield from nul_paths(item, f"{prefix}.{position}" if prefix else str(position), root)
