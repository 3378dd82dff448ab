#!/usr/bin/env bash
# Makes a seed corpus for the `import` fuzz target with OpenSSL: every format the importer
# reads, each prefixed with a flags byte (see fuzz_targets/import.rs).
set -euo pipefail
out=${1:-corpus/import}
mkdir -p "$out"
out=$(cd "$out" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
o() { openssl "$@" 2>/dev/null; }
o genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out key.pem
o req -x509 -new -key key.pem -subj /CN=fuzz/O=Seed -days 30 -sha256 -out cert.pem
o req -x509 -new -key key.pem -subj /CN=fuzz-sha1 -days 30 -sha1 -out sha1.pem
o rsa -in key.pem -traditional -out key1.pem
o pkey -in key.pem -outform DER -out key1.der
o pkcs8 -topk8 -nocrypt -in key.pem -outform DER -out key8.der
o pkey -in key.pem -pubout -out pub.pem
o pkey -in key.pem -pubout -outform DER -out pub.der
o rsa -in key.pem -RSAPublicKey_out -out rsapub.pem
o x509 -in cert.pem -outform DER -out cert.der
# Low iteration counts keep each fuzz run fast; the structure is what matters.
o pkcs8 -topk8 -in key.pem -v2 aes-256-cbc -v2prf hmacWithSHA256 -iter 1 -passout pass:pw123456 -out enc256.pem
o pkcs8 -topk8 -in key.pem -v2 aes-128-cbc -v2prf hmacWithSHA1 -iter 1 -passout pass:pw123456 -outform DER -out enc128.der
o pkcs8 -topk8 -in key.pem -scrypt -scrypt_N 2 -scrypt_r 1 -scrypt_p 1 -passout pass:pw123456 -out encscrypt.pem
o pkcs8 -topk8 -in key.pem -v1 PBE-SHA1-3DES -iter 1 -passout pass:pw123456 -out encpbe.pem
o rsa -in key.pem -aes128 -traditional -passout pass:pw123456 -out legacy.pem
o pkcs12 -export -inkey key.pem -in cert.pem -iter 1 -maciter -passout pass:pw123456 -out modern.p12 || true
o pkcs12 -export -inkey key.pem -in cert.pem -passout pass:pw123456 -iter 1 -out modern1.p12
o pkcs12 -export -legacy -inkey key.pem -in cert.pem -iter 1 -passout pass:pw123456 -out legacy.p12
o pkcs12 -export -inkey key.pem -in cert.pem -keypbe NONE -certpbe NONE -nomac -passout pass: -out plain.p12
o genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.pem
o genpkey -algorithm ED25519 -out ed.pem
cat cert.pem key.pem sha1.pem > bundle.pem
for f in *; do
  for flag in 00 01 02; do
    { printf "\\x$flag"; cat "$f"; } > "$out/$flag-$f"
  done
done
echo "corpus: $(ls "$out" | wc -l) files in $out"
