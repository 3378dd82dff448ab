"""Fixtures for the interop tier: the flowkeys CLI, throwaway RSA key sets made with OpenSSL the
way the Connect guides do, and a batch runner for the Node SDK helper."""

import base64
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "tests" / "node" / "node_modules"
HERE = Path(__file__).resolve().parent

KEY_SIZES = (2048, 3072, 4096)
PLAINTEXT_LENGTHS = (0, 1, 16, 4095, 4096, 4097, 10000)


@pytest.fixture(scope="session")
def cli() -> Path:
    """The flowkeys binary: $FLOWKEYS_CLI, or built with cargo into $CARGO_TARGET_DIR."""
    explicit = os.environ.get("FLOWKEYS_CLI")
    if explicit:
        path = Path(explicit)
        assert path.is_file(), f"FLOWKEYS_CLI={explicit} does not exist"
        return path
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    subprocess.run(["cargo", "build", "--quiet", "-p", "flowkeys-cli"], cwd=REPO, check=True)
    path = target / "debug" / "flowkeys"
    assert path.is_file(), f"cargo build did not produce {path}"
    return path


@dataclass(frozen=True)
class KeySet:
    bits: int
    key_id: str
    private_key: Path  # PKCS#8 PEM, as `openssl req -newkey` writes it
    certificate: Path  # self-signed X.509 PEM (what the Store customer input block holds)
    public_key: Path  # SPKI PEM (what Connect registers)


@pytest.fixture(scope="session")
def key_sets(tmp_path_factory) -> dict:
    """One key set per size, generated like the AWS blog's baseline workflow."""
    out = {}
    for bits in KEY_SIZES:
        d = tmp_path_factory.mktemp(f"rsa{bits}")
        key, cert, pub = d / "k.key", d / "c.pem", d / "pub.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-sha256", "-nodes", "-newkey", f"rsa:{bits}", "-keyout", str(key),
             "-days", "730", "-subj", f"/CN=flowkeys-interop-{bits}", "-out", str(cert)],
            check=True, capture_output=True,
        )
        pub.write_bytes(
            subprocess.run(["openssl", "x509", "-pubkey", "-noout", "-in", str(cert)],
                           check=True, capture_output=True).stdout
        )
        out[bits] = KeySet(bits, f"0f1e2d3c-{bits:04d}-4b5a-8697-a8b9cadbecfd", key, cert, pub)
    return out


def plaintext_of(length: int, salt: int) -> bytes:
    """Deterministic binary plaintext (all byte values occur)."""
    return bytes((i * 131 + salt * 17 + (i >> 8)) & 0xFF for i in range(length))


class Cli:
    def __init__(self, path: Path, workdir: Path):
        self.path, self.workdir = path, workdir

    def run(self, *args: str, input_bytes: bytes = None) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.path), *args], input=input_bytes, capture_output=True, timeout=60)

    def encrypt(self, ks: KeySet, plaintext: bytes, use_certificate: bool = True) -> str:
        src = self.workdir / f"pt-{ks.bits}-{len(plaintext)}.bin"
        src.write_bytes(plaintext)
        key_arg = ["--certificate", str(ks.certificate)] if use_certificate else ["--public-key", str(ks.public_key)]
        r = self.run("encrypt", *key_arg, "--key-id", ks.key_id, f"@{src}")
        assert r.returncode == 0, r.stderr.decode()
        return r.stdout.decode().strip()

    def decrypt(self, ks: KeySet, ciphertext_b64: str) -> bytes:
        r = self.run("decrypt", "--private-key", str(ks.private_key), "--key-id", ks.key_id, "-",
                     input_bytes=ciphertext_b64.encode())
        assert r.returncode == 0, r.stderr.decode()
        return r.stdout


@pytest.fixture()
def flowkeys(cli, tmp_path) -> Cli:
    return Cli(cli, tmp_path)


@pytest.fixture(scope="session")
def node_batch():
    """Runs many jobs through one Node process (see node_sdk_batch.js)."""
    if not (NODE_MODULES / "@aws-crypto" / "client-node").is_dir():
        pytest.fail(f"@aws-crypto/client-node is not installed in {NODE_MODULES} (npm ci in tests/node)")

    def run(jobs: list) -> list:
        env = dict(os.environ, NODE_PATH=str(NODE_MODULES))
        r = subprocess.run(["node", str(HERE / "node_sdk_batch.js")], input=json.dumps({"jobs": jobs}).encode(),
                           capture_output=True, env=env, timeout=120)
        assert r.returncode == 0, r.stderr.decode()
        results = json.loads(r.stdout)["results"]
        assert len(results) == len(jobs)
        return results

    return run


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()
