"""Small helpers shared by the benchmarks: percentiles, RSS, aligned markdown tables."""

import contextlib
import ctypes
import gc
import math
import os


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: p99 of 300 samples is the 297th smallest."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def rss_bytes() -> int:
    """Resident set size after a full collection and returning free heap to the OS."""
    gc.collect()
    with contextlib.suppress(OSError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A markdown table whose columns line up in plain text too."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = [
        "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    for row in rows:
        cells = [c.rjust(w) for c, w in zip(row, widths, strict=True)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
