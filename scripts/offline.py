#!/usr/bin/env python3
"""Builds the single-file offline edition: `dist-offline/flowkeys.html` from a sealed `dist/`.

    scripts/offline.py [DIST] [OUT_DIR]      (defaults: dist, dist-offline)

One HTML file that works opened from disk (file://) on a machine with no network:
- the stylesheet is an inline <style>, and boot.js (which carries the page module's glue) is one
  inline <script type="module">; both are allowed by their SHA-256 in the Content-Security-Policy,
  which names no origin at all (nothing outside the file can be loaded, fetched or framed);
- the wasm files and the workers' glue are base64 data blocks (<script type="application/
  octet-stream">, which browsers never execute); boot.js decodes them, checks each against its
  SHA-384 pin (WebCrypto; file:// pages have it) and starts each worker from a Blob URL of those
  bytes — the only thing besides the file the policy admits (worker-src blob:);
- the build block carries `"edition": "offline"` and the SHA-256 of the `SHA256SUMS` of the
  hosted build it was made from, which the footer shows.

Writes `OUT_DIR/SHA256SUMS` for the file and prints its SHA-256 and size. Deterministic: the
same dist/ gives the same bytes.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class OfflineError(Exception):
    """The input cannot be turned into an offline file; the message says why."""


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def inline_safe(name: str, text: str) -> str:
    if re.search(r"</(script|style)", text, re.I):
        raise OfflineError(f"{name} contains a closing </script> or </style> and cannot be inlined")
    return text


def build(dist: Path, out_dir: Path) -> Path:
    index = (dist / "index.html").read_text()
    m = re.search(r'<script type="application/json" id="flowkeys-build">(.*?)</script>', index, re.S)
    if not m:
        raise OfflineError(f"{dist}/index.html is not sealed (no build block): build with scripts/build.sh first")
    info = json.loads(m.group(1))
    manifest = dist / "SHA256SUMS"
    if not manifest.is_file():
        raise OfflineError(f"{manifest} is missing: build with scripts/build.sh first")
    info["edition"] = "offline"
    info["manifest_sha256"] = hashlib.sha256(manifest.read_bytes()).hexdigest()
    page, workers = info["page"], info["workers"]

    css_link = re.search(r'<link rel="stylesheet" href="\./([^"]+)"', index)
    if not css_link:
        raise OfflineError("index.html links no stylesheet")
    css = inline_safe("the stylesheet", (dist / css_link.group(1)).read_text())
    # dist/boot.js already carries the page module's glue (scripts/seal.py).
    script = inline_safe("boot.js", (dist / "boot.js").read_text())
    title = re.search(r"<title>.*?</title>", index, re.S).group(0)
    pending = re.search(r'<div id="boot-pending".*?</div>', index, re.S).group(0)

    csp = "; ".join([
        "default-src 'none'",
        f"script-src {csp_hash(script)} 'wasm-unsafe-eval'",
        "worker-src blob:",
        f"style-src {csp_hash(css)}",
        "img-src data:",
        "connect-src 'none'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    blocks = "".join(
        f'<script type="application/octet-stream" data-name="{name}">{base64.b64encode((dist / name).read_bytes()).decode()}</script>\n'
        for name in [f"{page}_bg.wasm"] + [f"{w}{ext}" for w in workers for ext in (".js", "_bg.wasm")]
    )
    build_info = json.dumps(info, sort_keys=True, separators=(",", ":"))
    html = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<!-- Flowkeys offline edition: everything is in this file. The policy admits nothing else. -->
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
{title}
<style>{css}</style>
<script type="application/json" id="flowkeys-build">{build_info}</script>
{blocks}</head>
<body>
{pending}
<script type="module">{script}</script>
</body>
</html>
"""
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / "flowkeys.html"
    out.write_text(html)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    (out_dir / "SHA256SUMS").write_text(f"{digest}  flowkeys.html\n")
    return out


def main() -> int:
    dist = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist"
    out_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "dist-offline"
    try:
        out = build(dist, out_dir)
    except (OfflineError, OSError, KeyError, AttributeError) as e:
        print(f"offline: {e}", file=sys.stderr)
        return 1
    data = out.read_bytes()
    print(f"Offline edition: {out} ({len(data)} bytes) sha256 {hashlib.sha256(data).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
