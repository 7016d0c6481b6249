"""The README, followed literally (#20): its shell blocks run in order, in one bash session,
against a fresh ``polyonym serve``, with only the host and port substituted.

Each ``sh`` block runs under ``set -euo pipefail`` with ``curl`` answering an error status
as a failure (``--fail-with-body``), so a walkthrough step that 404s, 410s or 409s stops
the test at that line. Each ``console`` block's ``$`` commands run too, and the lines after
a command are its expected output: JSON compared parsed, anything else as a prefix. A block
that must not run here (``make run``, docker) starts with ``# not run by the README test``
and says why; every other block runs, and the test fails if a block is neither.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.e2e.conftest import Server

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
NOT_RUN = "# not run by the README test"
PRELUDE = """set -euo pipefail
curl() { command curl --fail-with-body --show-error "$@"; }
"""

pytestmark = pytest.mark.e2e


@dataclass
class Command:
    text: str
    expected: list[str] = field(default_factory=list)


def blocks(readme: str) -> list[tuple[str, str]]:
    return [(match[1], match[2]) for match in BLOCK.finditer(readme)]


def console_commands(block: str) -> list[Command]:
    """``$ cmd`` lines, their indented continuation lines, then the expected output."""
    commands: list[Command] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            commands.append(Command(line[2:]))
        elif line.startswith((" ", "\t")) and commands and not commands[-1].expected:
            commands[-1].text += "\n" + line
        elif line.strip() and commands:
            commands[-1].expected.append(line)
    return commands


def address(text: str, base: str) -> str:
    """The one substitution: the README's host and port become the test server's."""
    host = base.removeprefix("http://")
    return text.replace("localhost:8000", host).replace("127.0.0.1:8000", host)


def script_for(readme: str, base: str, outputs: Path) -> tuple[str, list[Command], int]:
    """The bash script, the console commands whose output is checked, and the blocks run."""
    parts, checked, ran = [PRELUDE], [], 0
    for language, body in blocks(readme):
        if body.startswith(NOT_RUN):
            continue
        assert language in {"sh", "console"}, f"a ```{language} block: mark it or make it sh"
        ran += 1
        if language == "sh":
            parts.append(address(body, base))
            continue
        for command in console_commands(body):
            number = len(checked)
            parts.append(f"( {address(command.text, base)}\n) > {outputs / str(number)}\n")
            checked.append(command)
    return "\n".join(parts), checked, ran


def matches(expected: list[str], output: str) -> bool:
    want = "\n".join(expected)
    try:
        return bool(json.loads(want) == json.loads(output))
    except json.JSONDecodeError:
        return output.startswith(want)


def test_the_readme_runs_as_written(start_server: Callable[..., Server], tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    marked = [body.splitlines()[0] for _, body in blocks(readme) if body.startswith(NOT_RUN)]
    assert all(len(line) > len(NOT_RUN) + 3 for line in marked), "say why a block is not run"
    env = {"POLYONYM_DATABASE_URL": f"sqlite:///{tmp_path / 'polyonym.db'}"}
    server = start_server(env, workers=2)
    work = tmp_path / "work"  # what the README writes (table.jsonl) stays out of the repo
    work.mkdir()
    (work / ".venv").symlink_to(Path(sys.executable).parent.parent)
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    script, checked, ran = script_for(readme, server.base, outputs)
    assert ran == len(blocks(readme)) - len(marked) and ran >= 10
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=work,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    for number, command in enumerate(checked):
        output = (outputs / str(number)).read_text(encoding="utf-8").strip()
        assert matches(command.expected, output), (command.text, command.expected, output)
