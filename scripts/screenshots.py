#!/usr/bin/env python3
"""Takes full-page screenshots of every screen state of the built console, at 1366, 800 and
390 CSS pixels wide (for looking at it). The states are the ones the accessibility test checks
(tests/e2e/screens.py walks them): each screen empty, form errors, a generated key set with its
checklist, the Key ID entered, preview, inspect, Lambda, a generated and linted flow, an import
error, an imported certificate's checklist, two key sets, rotation.

Usage: .cache/venv/bin/python scripts/screenshots.py [OUT_DIR]   (default target/screenshots)
Writes OUT_DIR/<nn>-<state>-<width>.png and prints each path.
"""
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))
import harness  # noqa: E402
import screens  # noqa: E402

WIDTHS = (1366, 800, 390)


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "target/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with harness.RecordingServer() as server, harness.chromium() as d, tempfile.TemporaryDirectory() as work:
        for n, state in enumerate(screens.walk(d, server, Path(work)), start=1):
            for width in WIDTHS:
                path = out / f"{n:02}-{state}-{width}.png"
                screens.full_page_png(d, width, path)
                print(path)
            screens.reset_width(d)


if __name__ == "__main__":
    main()
