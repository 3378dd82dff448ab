#!/usr/bin/env bash
# Checks that the release build is reproducible: builds dist/ in other directories, with other
# target directories, and compares byte for byte.
#
#   scripts/repro-check.sh            two clean checkouts of HEAD (git clone), each built with
#                                     its own target directory; prints both manifest hashes.
#                                     Cost: two cold release builds (~2 × 4 min on 2 cores).
#   scripts/repro-check.sh --against-dist
#                                     the cheaper drift check the test command runs: one build of
#                                     the working tree's files (tracked and untracked, not ignored)
#                                     in a temporary directory with a fresh target directory,
#                                     compared with the dist/ already built here. Cost: one cold
#                                     release build (~4 min on 2 cores).
#
# Exit status 0 only if every file is identical; otherwise the differing files are listed.
source "$(dirname "$0")/lib.sh"
MODE="${1:-clones}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/flowkeys-repro.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

build_in() { # DIR TARGET_DIR [COMMIT]
  local dir="$1" target="$2"
  say "Building in $dir (target directory $target)"
  (cd "$dir" && CARGO_TARGET_DIR="$target" FLOWKEYS_COMMIT="${3:-}" bash scripts/build.sh --no-install) \
    > "$dir.log" 2>&1 || { tail -40 "$dir.log" >&2; echo "The build in $dir failed (log above)." >&2; exit 1; }
}

compare() { # DIST_A DIST_B
  if diff -r -q "$1" "$2"; then
    say "Identical: $1 and $2 (SHA256SUMS sha256 $(sha256sum "$1/SHA256SUMS" | cut -d' ' -f1))"
  else
    echo "NOT reproducible: the files above differ between $1 and $2." >&2
    exit 1
  fi
}

case "$MODE" in
  clones)
    commit="$(git -C "$ROOT" rev-parse HEAD)"
    for side in a b; do
      git clone --quiet --no-local "$ROOT" "$WORK/$side"
      git -C "$WORK/$side" checkout --quiet --detach "$commit"
      build_in "$WORK/$side" "$WORK/target-$side"
    done
    say "Manifest a: $(sha256sum "$WORK/a/dist/SHA256SUMS" | cut -d' ' -f1)"
    say "Manifest b: $(sha256sum "$WORK/b/dist/SHA256SUMS" | cut -d' ' -f1)"
    compare "$WORK/a/dist" "$WORK/b/dist"
    compare "$WORK/a/dist-offline" "$WORK/b/dist-offline"
    ;;
  --against-dist)
    [ -f "$ROOT/dist/SHA256SUMS" ] || { echo "$ROOT/dist is not a sealed build: run scripts/build.sh first." >&2; exit 1; }
    # The same commit string as the build being checked (the copy has no .git).
    commit="$(python3 -c 'import json,re,sys; print(json.loads(re.search(r"id=\"flowkeys-build\">(.*?)</script>", open(sys.argv[1]).read(), re.S).group(1))["commit"])' "$ROOT/dist/index.html")"
    mkdir "$WORK/copy"
    (cd "$ROOT" && git ls-files -z -co --exclude-standard | xargs -0 cp --parents -t "$WORK/copy" 2>/dev/null || true)
    build_in "$WORK/copy" "$WORK/target" "$commit"
    compare "$ROOT/dist" "$WORK/copy/dist"
    ;;
  *) echo "usage: scripts/repro-check.sh [--against-dist]" >&2; exit 2 ;;
esac
