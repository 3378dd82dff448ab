#!/usr/bin/env bash
# Uploads a built console (dist/) to S3: scripts/deploy-s3.sh BUCKET [PREFIX]
#
# - refuses a dist/ that does not match its own SHA256SUMS (a partial or changed build);
# - sets each object's Content-Type from its extension (a .wasm served as anything but
#   application/wasm, or a module script as anything but JavaScript, does not run) and refuses
#   files it has no type for, so nothing goes up with a guessed type;
# - Cache-Control: no-cache on everything: file names are stable (no content hashes, so no inline
#   script is needed), so browsers must revalidate and always get index.html with matching files;
# - no ACL: objects stay private (the bucket should enforce owner-only access; deploy/hosting.yaml
#   does, and serves them through CloudFront with origin access control);
# - index.html and SHA256SUMS go up last, so a visitor during the upload gets the old index.html
#   with old files or integrity-checked new ones, never a page pinned to files not yet there.
#
# Uses the AWS CLI (`pip install awscli`) with its usual credentials and region; AWS_ENDPOINT_URL
# points it at another S3 API (the tests use moto's server). DIST overrides the directory.
set -euo pipefail
BUCKET="${1:?usage: scripts/deploy-s3.sh BUCKET [PREFIX]}"
PREFIX="${2:-}"
PREFIX="${PREFIX#/}"; PREFIX="${PREFIX%/}"
DIST="${DIST:-$(cd "$(dirname "$0")/.." && pwd)/dist}"
command -v aws >/dev/null || { echo "The AWS CLI is missing: pip install awscli (or see https://aws.amazon.com/cli/)." >&2; exit 1; }
[ -f "$DIST/SHA256SUMS" ] || { echo "$DIST/SHA256SUMS is missing: build with scripts/build.sh first." >&2; exit 1; }
(cd "$DIST" && sha256sum --quiet -c SHA256SUMS) || { echo "$DIST does not match its SHA256SUMS: rebuild it (scripts/build.sh) before deploying." >&2; exit 1; }

content_type() {
  case "$1" in
    *.html) echo "text/html; charset=utf-8" ;;
    *.js) echo "text/javascript; charset=utf-8" ;;
    *.css) echo "text/css; charset=utf-8" ;;
    *.wasm) echo "application/wasm" ;;
    *.json) echo "application/json" ;;
    SHA256SUMS) echo "text/plain; charset=utf-8" ;;
    *) return 1 ;;
  esac
}

upload() { # RELATIVE_PATH
  local rel="$1" type key
  type="$(content_type "$rel")" || { echo "No Content-Type known for $rel: add it to content_type() in $0." >&2; exit 1; }
  key="${PREFIX:+$PREFIX/}$rel"
  aws s3 cp --only-show-errors "$DIST/$rel" "s3://$BUCKET/$key" \
    --content-type "$type" --cache-control "no-cache"
  echo "s3://$BUCKET/$key  ($type)"
}

mapfile -t files < <(cd "$DIST" && find . -type f -printf '%P\n' | LC_ALL=C sort)
for rel in "${files[@]}"; do
  case "$rel" in index.html|SHA256SUMS) ;; *) upload "$rel" ;; esac
done
upload index.html
upload SHA256SUMS
echo "Uploaded ${#files[@]} files; SHA256SUMS sha256 $(sha256sum "$DIST/SHA256SUMS" | cut -d' ' -f1)"
