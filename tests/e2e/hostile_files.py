"""Hostile key files for the browser tests (issue 11), generated during the run: the same
structures as crates/flowkeys-core/tests/hostile/mod.rs builds with the `der`/`pkcs5` crates,
written here with a minimal DER encoder so the e2e tier needs no Rust build of its own.

Each file is well-formed, so it reaches the expensive part of an importer (the key derivation or
the PEM scan), not a parse error."""

PBES2 = "1.2.840.113549.1.5.13"
PBKDF2 = "1.2.840.113549.1.5.12"
SCRYPT = "1.3.6.1.4.1.11591.4.11"
HMAC = {"sha1": "1.2.840.113549.2.7", "sha256": "1.2.840.113549.2.9", "sha512": "1.2.840.113549.2.11"}
AES256_CBC = "2.16.840.1.101.3.4.1.42"
PBE_SHA1_3DES = "1.2.840.113549.1.12.1.3"
ID_DATA = "1.2.840.113549.1.7.1"
ID_ENCRYPTED_DATA = "1.2.840.113549.1.7.6"


def tlv(tag: int, body: bytes) -> bytes:
    n = len(body)
    if n < 0x80:
        length = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return bytes([tag]) + length + body


def seq(*items: bytes) -> bytes:
    return tlv(0x30, b"".join(items))


def integer(v: int) -> bytes:
    raw = v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big")
    return tlv(0x02, raw)


def octets(b: bytes) -> bytes:
    return tlv(0x04, b)


def null() -> bytes:
    return b"\x05\x00"


def oid(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    body = bytes([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        chunk = [p & 0x7F]
        p >>= 7
        while p:
            chunk.append(0x80 | (p & 0x7F))
            p >>= 7
        body += bytes(reversed(chunk))
    return tlv(0x06, body)


def explicit(n: int, body: bytes) -> bytes:
    return tlv(0xA0 | n, body)


def pbkdf2_alg(prf: str, iterations: int) -> bytes:
    """AlgorithmIdentifier: PBES2 with PBKDF2-HMAC-`prf` at `iterations`, AES-256-CBC."""
    kdf = seq(oid(PBKDF2), seq(octets(b"\x07" * 16), integer(iterations), seq(oid(HMAC[prf]), null())))
    return seq(oid(PBES2), seq(kdf, seq(oid(AES256_CBC), octets(b"\x09" * 16))))


def scrypt_alg(n: int, r: int, p: int) -> bytes:
    """AlgorithmIdentifier: PBES2 with scrypt(N, r, p), AES-256-CBC (hostile values welcome)."""
    kdf = seq(oid(SCRYPT), seq(octets(b"\x07" * 16), integer(n), integer(r), integer(p)))
    return seq(oid(PBES2), seq(kdf, seq(oid(AES256_CBC), octets(b"\x09" * 16))))


def pkcs12_pbe_alg(iterations: int) -> bytes:
    """AlgorithmIdentifier: PKCS#12's own pbeWithSHAAnd3-KeyTripleDES-CBC at `iterations` (the
    SHA-1 key derivation of RFC 7292 Appendix B; what `openssl pkcs12 -legacy` writes)."""
    return seq(oid(PBE_SHA1_3DES), seq(octets(b"\x07" * 8), integer(iterations)))


def encrypted_pkcs8(alg: bytes) -> bytes:
    """An encrypted PKCS#8 key whose ciphertext is filler: any password is wrong, but only after
    the full key derivation."""
    return seq(alg, octets(b"\x5a" * 48))


def p12_without_mac(alg: bytes, count: int) -> bytes:
    """A PKCS#12 file without a MAC holding `count` encrypted safes under `alg` (filler content:
    an importer that tries the empty password on drop pays one derivation per safe)."""
    encrypted_content = tlv(0x80, b"\x5a" * 32)  # [0] IMPLICIT OCTET STRING
    encrypted_data = seq(integer(0), seq(oid(ID_DATA), alg, encrypted_content))
    safe = seq(oid(ID_ENCRYPTED_DATA), explicit(0, encrypted_data))
    auth_safe = seq(*([safe] * count))
    return seq(integer(3), seq(oid(ID_DATA), explicit(0, octets(auth_safe))))


def tiny_pem_blocks(size: int) -> bytes:
    """About `size` bytes of the smallest PEM blocks there are."""
    block = b"-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n"
    return block * (size // len(block) + 1)


def tiny_pem_blocks_under(limit: int) -> bytes:
    """As many tiny blocks as fit under `limit` bytes (the largest file the console reads)."""
    block = b"-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n"
    return block * ((limit - 1) // len(block))
