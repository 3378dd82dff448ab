"""Interop both ways between Flowkeys and the official AWS Encryption SDKs (Python 4.0.7,
JavaScript/Node 5.0.2), all configured with Amazon Connect's settings, for 2048/3072/4096-bit
keys and plaintexts of 0, 1, 16, 4095, 4096, 4097 and 10000 bytes."""

import base64
import json

import pytest

import python_sdk
from conftest import KEY_SIZES, PLAINTEXT_LENGTHS, b64, plaintext_of

SUITE_0378 = 0x0378


@pytest.mark.parametrize("bits", KEY_SIZES)
def test_flowkeys_ciphertexts_decrypt_with_python_and_node(bits, key_sets, flowkeys, node_batch):
    ks = key_sets[bits]
    private_pem = ks.private_key.read_bytes()
    cases = []
    for n in PLAINTEXT_LENGTHS:
        pt = plaintext_of(n, bits)
        # Alternate certificate and SPKI public key as the encryption key source.
        ct = flowkeys.encrypt(ks, pt, use_certificate=n % 2 == 0)
        cases.append((pt, ct))
        plaintext, suite = python_sdk.decrypt(private_pem, ks.key_id, base64.b64decode(ct))
        assert plaintext == pt, f"python: {bits}-bit, {n} bytes"
        assert suite == SUITE_0378

    results = node_batch([
        {"op": "decrypt", "key_pem": private_pem.decode(), "key_id": ks.key_id, "ciphertext_b64": ct}
        for _, ct in cases
    ])
    for (pt, _), res in zip(cases, results):
        assert res["ok"], res.get("error")
        assert base64.b64decode(res["plaintext_b64"]) == pt, f"node: {bits}-bit, {len(pt)} bytes"
        assert res["suite"] == "0x0378"


@pytest.mark.parametrize("bits", KEY_SIZES)
def test_python_ciphertexts_decrypt_with_flowkeys(bits, key_sets, flowkeys):
    ks = key_sets[bits]
    public_pem = ks.public_key.read_bytes()
    for n in PLAINTEXT_LENGTHS:
        pt = plaintext_of(n, bits + 1)
        ct = b64(python_sdk.encrypt(public_pem, ks.key_id, pt))
        assert flowkeys.decrypt(ks, ct) == pt, f"{bits}-bit, {n} bytes"


@pytest.mark.parametrize("bits", KEY_SIZES)
def test_node_ciphertexts_decrypt_with_flowkeys(bits, key_sets, flowkeys, node_batch):
    ks = key_sets[bits]
    plaintexts = [plaintext_of(n, bits + 2) for n in PLAINTEXT_LENGTHS]
    results = node_batch([
        {"op": "encrypt", "key_pem": ks.public_key.read_text(), "key_id": ks.key_id, "plaintext_b64": b64(pt)}
        for pt in plaintexts
    ])
    for pt, res in zip(plaintexts, results):
        assert res["ok"], res.get("error")
        assert flowkeys.decrypt(ks, res["ciphertext_b64"]) == pt, f"{bits}-bit, {len(pt)} bytes"


def test_sdk_messages_are_connect_shaped_per_flowkeys_inspect(key_sets, flowkeys, node_batch):
    ks = key_sets[2048]
    py_ct = b64(python_sdk.encrypt(ks.public_key.read_bytes(), ks.key_id, b"1236547891321456"))
    node_ct = node_batch([{"op": "encrypt", "key_pem": ks.public_key.read_text(), "key_id": ks.key_id,
                           "plaintext_b64": b64(b"1236547891321456")}])[0]["ciphertext_b64"]
    for ct in (py_ct, node_ct, flowkeys.encrypt(ks, b"1236547891321456")):
        r = flowkeys.run("inspect", "--json", ct)
        assert r.returncode == 0, r.stderr.decode()
        info = json.loads(r.stdout)
        assert info["suite"]["id"] == "0x0378"
        assert info["frame_length"] == 4096
        assert info["encrypted_data_keys"][0]["provider_id"] == "AmazonConnect"
        assert info["encrypted_data_keys"][0]["key_info"] == ks.key_id
        assert info["encrypted_data_keys"][0]["rsa_modulus_bits"] == 2048
        assert info["signature"]["valid"] is True
        assert info["connect_profile_differences"] == []


def test_key_mismatches_fail_in_every_implementation(key_sets, flowkeys, node_batch):
    """The harness can fail: a wrong Key ID is rejected by the SDKs and by flowkeys (exit 6,
    with a sentence naming the Key ID the message was encrypted for)."""
    ks, other = key_sets[2048], key_sets[3072]
    ct = flowkeys.encrypt(ks, b"secret digits")
    res = node_batch([{"op": "decrypt", "key_pem": ks.private_key.read_text(), "key_id": other.key_id,
                       "ciphertext_b64": ct}])[0]
    assert not res["ok"]
    with pytest.raises(Exception):
        python_sdk.decrypt(ks.private_key.read_bytes(), other.key_id, base64.b64decode(ct))
    r = flowkeys.run("decrypt", "--private-key", str(ks.private_key), "--key-id", other.key_id, ct)
    assert r.returncode == 6
    assert f"encrypted for Key ID {ks.key_id}" in r.stderr.decode()
    # Wrong private key (of another size) under the right Key ID: the sentence says which sizes.
    r = flowkeys.run("decrypt", "--private-key", str(other.private_key), "--key-id", ks.key_id, ct)
    assert r.returncode == 6
    assert "made for an RSA-2048 key" in r.stderr.decode() and "the loaded key is RSA-3072" in r.stderr.decode()
    # Tampered ciphertext: authentication error, exit 7, nothing on stdout.
    raw = bytearray(base64.b64decode(ct))
    raw[-40] ^= 1
    r = flowkeys.run("decrypt", "--private-key", str(ks.private_key), "--key-id", ks.key_id, b64(bytes(raw)))
    assert r.returncode == 7 and r.stdout == b""
