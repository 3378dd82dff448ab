"""The size goals, asserted on the real build (issue 8; scripts/bench.py prints the figures).

- Everything the browser fetches before the first screen is interactive: at most 300 KB
  brotli-compressed (quality 11, what a CDN serves).
- Each worker module, its glue and its wasm together (what loading it fetches): at most 300 KB.

The budget is on bytes as served compressed, because that is what an admin on a slow link
waits for; the raw sizes are in the README's size table.
"""
from __future__ import annotations

import json
import re

import brotli

from harness import DIST, open_console_timed

BUDGET = 300_000


def brotli_size(name: str) -> int:
    return len(brotli.compress((DIST / name).read_bytes(), quality=11))


def test_the_first_screen_fetches_at_most_300_kb_brotli(driver, server):
    _, fetched = open_console_timed(driver, server)
    files = {name for name in fetched if (DIST / name).is_file()} | {"index.html"}
    assert any(name.endswith("_bg.wasm") for name in files), files
    sizes = {name: brotli_size(name) for name in sorted(files)}
    assert sum(sizes.values()) <= BUDGET, sizes


def test_each_worker_module_is_at_most_300_kb_brotli():
    index = (DIST / "index.html").read_text()
    info = json.loads(re.search(r'<script type="application/json" id="flowkeys-build">(.*?)</script>', index, re.S).group(1))
    assert info["workers"], info
    sizes = {worker: brotli_size(f"{worker}.js") + brotli_size(f"{worker}_bg.wasm") for worker in info["workers"]}
    assert all(size <= BUDGET for size in sizes.values()), sizes
