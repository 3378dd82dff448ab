#!/usr/bin/env python3
"""Seals a Trunk build: pins every file the page runs by SHA-384 and writes the manifest.

Run by Trunk after every build (Trunk.toml [[hooks]] post_build, on the staging directory), or by
hand: `scripts/seal.py DIR`. What it does, and why:

1. Subresource integrity. The page module's wasm-bindgen glue is folded into boot.js (as a
   function that returns its init), and the separate glue file and the workers' loader shims are
   removed: a `<link rel="modulepreload" integrity>` does not pin a module reliably (measured:
   Chromium sometimes fetched it a second time, unchecked, for the import), while a
   `<script src integrity>` does. Every `<script src>` and `<link href>` left in index.html that
   names a file of the build gets `integrity="sha384-…"` (recomputed, never taken from Trunk);
   Trunk's preload links are dropped (Chromium ignores integrity on `preload as=fetch`). The files
   boot.js loads *by script* — the page's wasm, each worker module's glue and wasm — cannot carry an
   attribute; their hashes go into a JSON data block (`<script type="application/json"
   id="flowkeys-build">`) that boot.js passes to `fetch(…, {integrity})`, so the browser checks
   them before anything is compiled. Every file left in the build is one the page runs, pinned.
2. Version: the same block names the package version (Cargo.toml) and the source commit
   (`git rev-parse HEAD`, `-dirty` if tracked files differ; `FLOWKEYS_COMMIT` overrides it, e.g.
   for a build from a tarball). No date, no path, no host name: two builds of one commit must be
   byte-identical.
3. `SHA256SUMS`: one `sha256  path` line per file (GNU coreutils format, sorted by path), for
   `sha256sum -c`. It lists every file except itself, index.html included — so the manifest's
   own hash cannot be written into index.html (it would change the hash it states). The page
   shows it by hashing the `SHA256SUMS` it is served with; the offline edition, built afterwards,
   carries it as text. The chain is: manifest hash → SHA256SUMS → index.html → SHA-384 pins.

Prints the manifest's SHA-256 as its last line.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

MANIFEST = "SHA256SUMS"
BUILD_BLOCK_ID = "flowkeys-build"
GLUE_MARK = "// The page module's wasm-bindgen glue, folded in by scripts/seal.py."


class SealError(Exception):
    """A build that cannot be sealed; the message says what to fix."""


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def source_commit(source: Path) -> str:
    if os.environ.get("FLOWKEYS_COMMIT"):
        return os.environ["FLOWKEYS_COMMIT"]
    try:
        head = subprocess.run(["git", "-C", str(source), "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(source), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("-dirty" if dirty else "")


def package_version(source: Path) -> str:
    with open(source / "Cargo.toml", "rb") as f:
        return tomllib.load(f)["package"]["version"]


def tool_version(*cmd: str) -> str:
    try:
        out = subprocess.run(list(cmd), capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out[1] if len(out) > 1 else "unknown"


def toolchain() -> dict:
    """The versions a third party needs to reproduce the bytes (docs/VERIFY.md)."""
    return {
        "rustc": tool_version("rustc", "--version"),
        "trunk": tool_version("trunk", "--version"),
        "wasm-bindgen": tool_version("wasm-bindgen", "--version"),
    }


def find_modules(dist: Path) -> tuple[str, list[str]]:
    """(page module, worker modules) stems. Workers are the ones Trunk gave a `_loader.js` shim;
    the page module is the other wasm-bindgen output. Found, not named, so renaming or adding a
    worker binary needs no change here."""
    workers = sorted(p.name[: -len("_loader.js")] for p in dist.glob("*_loader.js"))
    pages = sorted(p.name[: -len("_bg.wasm")] for p in dist.glob("*_bg.wasm") if p.name[: -len("_bg.wasm")] not in workers)
    if not workers or len(pages) != 1:
        raise SealError(f"expected one page module and at least one worker (with a loader shim) in {dist}, found pages {pages} and workers {workers}: check index.html's rel=\"rust\" links")
    return pages[0], workers


def without_comment_lines(text: str) -> str:
    """`text` (wasm-bindgen's glue, or boot.js) without its JSDoc blocks (`/** … */` on lines of
    their own) and its `//` comment lines: 1.7 KB of the brotli-compressed first load for the
    glue, 1.3 KB for boot.js. A line that looks like a comment inside a multi-line template
    literal is text, not comment: the backticks are counted, and such a line is refused rather
    than stripped, as is a block whose closing line carries code or any other shape."""
    kept, in_block, in_template = [], False, False
    for line in text.split("\n"):
        stripped = line.strip()
        looks_like_comment = in_block or stripped.startswith(("/*", "//"))
        if in_template and looks_like_comment:
            raise SealError(f"a line inside a multi-line template literal looks like a comment, which scripts/seal.py does not strip: {line!r}")
        if in_block or stripped.startswith("/**"):
            opening = not in_block
            closes = "*/" in (stripped[3:] if opening else stripped)
            if closes and not stripped.endswith("*/"):
                raise SealError(f"a comment block ends mid-line, which scripts/seal.py does not strip: {line!r}")
            in_block = not closes
            continue
        if stripped.startswith("/*"):
            raise SealError(f"a /* comment, which scripts/seal.py does not strip: {line!r}")
        if stripped.startswith("//"):
            continue
        kept.append(line)
        if (line.count("`") - line.count("\\`")) % 2:
            in_template = not in_template
    if in_block:
        raise SealError("the file ends inside a comment block")
    if in_template:
        raise SealError("the file ends inside a template literal (or scripts/seal.py miscounted its backticks)")
    return "\n".join(kept)


def module_without_exports(glue: str) -> str:
    """wasm-bindgen's `--target web` glue as an expression evaluating to its init function, so it
    can live inside boot.js (which index.html pins) instead of a separately imported module."""
    if re.search(r"^\s*import\b", glue, re.M):
        raise SealError("the page glue imports other modules (wasm-bindgen snippets), which boot.js cannot carry; see scripts/seal.py")
    body = re.sub(r"^export default __wbg_init;\s*$", "", glue, flags=re.M)
    body = re.sub(r"^export \{[^}]*\};\s*$", "", body, flags=re.M)
    body = re.sub(r"^export (?=(async )?function |class |const |let |var )", "", body, flags=re.M)
    if re.search(r"^export\b", body, re.M) or "__wbg_init" not in body:
        raise SealError("the page glue has a shape scripts/seal.py does not know (an unknown export or no __wbg_init)")
    return f"{GLUE_MARK}\nconst FLOWKEYS_INLINE_INIT = (() => {{\n{body}\nreturn __wbg_init;\n}})();\n\n"


def pin_tags(index: str, dist: Path) -> str:
    """Sets integrity on every script/link tag that references a file of this build."""

    def fix(match: re.Match) -> str:
        tag = match.group(0)
        ref = re.search(r'\s(?:src|href)="([^"]+)"', tag)
        if not ref:
            return tag
        name = ref.group(1).removeprefix("./").removeprefix("/")
        path = dist / name
        if name.startswith(("data:", "http:", "https:")) or not path.is_file():
            return tag
        tag = re.sub(r'\sintegrity="[^"]*"', "", tag)
        return re.sub(r"(\s*/?>)$", f' integrity="{sri(path.read_bytes())}"\\1', tag, count=1)

    return re.sub(r"<(?:script|link)\b[^>]*>", fix, index)


def build_block(info: dict) -> str:
    # JSON inside a non-executable data block: "</" must not appear (it cannot: hashes, names, hex).
    body = json.dumps(info, sort_keys=True, separators=(",", ":"))
    if "</" in body:
        raise SealError("build info would close its <script> block")
    return f'<script type="application/json" id="{BUILD_BLOCK_ID}">{body}</script>'


def write_manifest(dist: Path) -> bytes:
    lines = []
    for path in sorted(p for p in dist.rglob("*") if p.is_file()):
        rel = path.relative_to(dist).as_posix()
        if rel == MANIFEST:
            continue
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {rel}\n")
    data = "".join(lines).encode()
    (dist / MANIFEST).write_bytes(data)
    return data


def seal(dist: Path, source: Path) -> str:
    index_path = dist / "index.html"
    if not index_path.is_file():
        raise SealError(f"{index_path} does not exist: run this after `trunk build`")
    boot = dist / "boot.js"
    if GLUE_MARK in boot.read_text():
        raise SealError(f"{dist} is already sealed")
    page, workers = find_modules(dist)
    loaded_by_script = [f"{page}_bg.wasm"] + [f"{w}{ext}" for w in workers for ext in (".js", "_bg.wasm")]
    page_glue = without_comment_lines((dist / f"{page}.js").read_text())
    boot.write_text(module_without_exports(page_glue) + without_comment_lines(boot.read_text()))
    (dist / f"{page}.js").unlink()
    for worker in workers:
        worker_glue = dist / f"{worker}.js"
        worker_glue.write_text(without_comment_lines(worker_glue.read_text()))
        (dist / f"{worker}_loader.js").unlink()
    info = {
        "version": package_version(source),
        "commit": source_commit(source),
        "page": page,
        "workers": workers,
        "toolchain": toolchain(),
        "integrity": {name: sri((dist / name).read_bytes()) for name in loaded_by_script},
    }
    index = index_path.read_text()
    index = re.sub(rf'<script type="application/json" id="{BUILD_BLOCK_ID}">.*?</script>\s*', "", index, flags=re.S)
    index = re.sub(r'<link rel="(?:modulepreload|preload)"[^>]*>', "", index)
    index = pin_tags(index, dist)
    if not re.search(r'<script type="module" src="\./boot\.js" integrity="sha384-', index):
        raise SealError("index.html does not load ./boot.js as a module (Trunk.toml's pattern_script)")
    if "</head>" not in index:
        raise SealError("index.html has no </head>")
    index = index.replace("</head>", build_block(info) + "\n</head>", 1)
    index_path.write_text(index)
    manifest = write_manifest(dist)
    return hashlib.sha256(manifest).hexdigest()


def main() -> int:
    if len(sys.argv) > 1:
        dist = Path(sys.argv[1])
    else:
        dist = Path(os.environ.get("TRUNK_STAGING_DIR", "dist"))
    source = Path(os.environ.get("TRUNK_SOURCE_DIR", Path(__file__).resolve().parents[1]))
    try:
        digest = seal(dist, source)
    except SealError as e:
        print(f"seal: {e}", file=sys.stderr)
        return 1
    profile = os.environ.get("TRUNK_PROFILE", "")
    print(f"Flowkeys {package_version(source)} ({source_commit(source)}){' ' + profile if profile else ''}: {MANIFEST} sha256 {digest}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
