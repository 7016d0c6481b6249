"""The engine stays framework-free: importing it loads neither Flask nor SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys


def test_matching_imports_no_framework() -> None:
    code = (
        "import sys, service.matching;"
        "bad = [m for m in ('flask', 'sqlalchemy', 'marshmallow', 'werkzeug') if m in sys.modules];"
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_store_imports_no_flask() -> None:
    code = "import sys, service.store, service.live.resolver; print('flask' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
