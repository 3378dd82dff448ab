"""The built Rust decrypt Lambda (`bootstrap`) against a local Runtime API, with its private keys
in a moto Parameter Store reached through AWS_ENDPOINT_URL: every answer is the engine's
contract, and the captured logs never hold the plaintext's digits."""

import base64
import re
import subprocess
import uuid

import pytest

KEY_ID = "11111111-2222-3333-4444-555555555555"
OTHER_ID = "99999999-8888-7777-6666-555555555555"
PREVIEW_PANS = ("4111111111111111", "5555555555554444")


def event(params):
    return {"Name": "ContactFlowEvent",
            "Details": {"ContactData": {"Attributes": {}, "Channel": "VOICE"}, "Parameters": params}}


def masked(plain, kind="account_number"):
    shown = 4 if kind != "cvv" and len(plain) >= 8 else 0
    out = {"status": "OK", "masked": "*" * (len(plain) - shown) + plain[len(plain) - shown:], "length": str(len(plain))}
    if shown:
        out["last4"] = plain[-4:]
    return out


@pytest.fixture(scope="module")
def keys(ssm, vectors, tmp_path_factory):
    """Parameters in moto: the fixture key, an unrelated OpenSSL key, and the certificate file."""
    d = tmp_path_factory.mktemp("keys")
    other = subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
                           check=True, capture_output=True, text=True).stdout
    run = uuid.uuid4().hex[:8]
    names = {"fixture": f"/flowkeys/test-{run}/fixture", "other": f"/flowkeys/test-{run}/other"}
    ssm.put_parameter(Name=names["fixture"], Value=vectors["private_key_pem"], Type="SecureString")
    ssm.put_parameter(Name=names["other"], Value=other, Type="SecureString")
    cert = d / "cert.pem"
    cert.write_text(vectors["certificate_pem"])
    return {**names, "missing": f"/flowkeys/test-{run}/missing", "certificate": cert}


def run_bootstrap(start_lambda, bootstrap, moto_endpoint, key_id, parameter, next_key=None):
    env = {"AWS_ENDPOINT_URL": moto_endpoint, "FLOWKEYS_KEY_ID": key_id, "FLOWKEYS_KEY_PARAMETER": parameter}
    if next_key:
        env["FLOWKEYS_NEXT_KEY_ID"], env["FLOWKEYS_NEXT_KEY_PARAMETER"] = next_key
    return start_lambda([str(bootstrap)], env)


def assert_no_secrets(logs, plaintexts):
    for plain in plaintexts:
        assert plain not in logs, "a plaintext appeared in the function's logs"
        # No run of 4+ of its digits in a row either (a masked tail is fine in the answer, not in logs).
        for i in range(len(plain) - 3):
            assert plain[i:i + 4] not in re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "", logs), \
                f"digits of the plaintext appeared in the logs: {logs!r}"
    assert "PRIVATE KEY" not in logs


def test_decrypts_connect_shaped_vectors_and_engine_ciphertexts(start_lambda, bootstrap, moto_endpoint, keys,
                                                                vectors, cli):
    fn = run_bootstrap(start_lambda, bootstrap, moto_endpoint, KEY_ID, keys["fixture"])
    plaintexts = []
    for v in vectors["vectors"]:
        for kind in ("account_number", "cvv"):
            kind_, answer = fn.invoke(event({"EncryptedInput": v["ciphertext_b64"], "InputKind": kind,
                                             "MinimumLength": "4", "MaximumLength": "19"}))
            assert kind_ == "response"
            assert answer == masked(v["plaintext"], kind), v["name"]
        plaintexts.append(v["plaintext"])
    # Ciphertexts made by the engine's Connect-profile encryption (the console's preview), via the CLI.
    for pan in PREVIEW_PANS:
        ct = subprocess.run([str(cli), "encrypt", "--certificate", str(keys["certificate"]), "--key-id", KEY_ID, pan],
                            check=True, capture_output=True, text=True).stdout.strip()
        kind_, answer = fn.invoke(event({"EncryptedInput": ct, "InputKind": "card_number",
                                         "MinimumLength": "12", "MaximumLength": "19"}))
        assert (kind_, answer) == ("response", masked(pan, "card_number"))
        plaintexts.append(pan)
    assert_no_secrets(fn.logs(), plaintexts)


def test_two_key_ids_for_a_rotation(start_lambda, bootstrap, moto_endpoint, keys, vectors):
    ct = vectors["vectors"][0]["ciphertext_b64"]
    plain = vectors["vectors"][0]["plaintext"]
    for first, second in (((OTHER_ID, keys["other"]), (KEY_ID, keys["fixture"])),
                          ((KEY_ID, keys["fixture"]), (OTHER_ID, keys["other"]))):
        fn = run_bootstrap(start_lambda, bootstrap, moto_endpoint, *first, next_key=second)
        assert fn.invoke(event({"EncryptedInput": ct, "InputKind": "account_number"})) == ("response", masked(plain))
        assert_no_secrets(fn.logs(), [plain])


def test_failures_answer_with_the_contracts_status(start_lambda, bootstrap, moto_endpoint, keys, vectors):
    ct = vectors["vectors"][0]["ciphertext_b64"]
    plain = vectors["vectors"][0]["plaintext"]

    wrong_id = run_bootstrap(start_lambda, bootstrap, moto_endpoint, OTHER_ID, keys["other"])
    assert wrong_id.invoke(event({"EncryptedInput": ct})) == (
        "response", {"status": "DECRYPT_FAILED", "reason": "KEY_ID_MISMATCH", "inputKeyIds": KEY_ID})
    assert "encrypted for Key ID" in wrong_id.logs()

    wrong_key = run_bootstrap(start_lambda, bootstrap, moto_endpoint, KEY_ID, keys["other"])
    assert wrong_key.invoke(event({"EncryptedInput": ct})) == (
        "response", {"status": "DECRYPT_FAILED", "reason": "DECRYPT_ERROR", "inputKeyIds": KEY_ID})

    fn = run_bootstrap(start_lambda, bootstrap, moto_endpoint, KEY_ID, keys["fixture"])
    raw = bytearray(base64.b64decode(ct))
    raw[-40] ^= 1
    damaged = base64.b64encode(bytes(raw)).decode()
    assert fn.invoke(event({"EncryptedInput": damaged})) == (
        "response", {"status": "DECRYPT_FAILED", "reason": "DECRYPT_ERROR", "inputKeyIds": KEY_ID})
    assert fn.invoke(event({"EncryptedInput": "Timeout"})) == ("response", {"status": "TIMEOUT"})
    assert fn.invoke(event({})) == ("response", {"status": "NO_INPUT"})
    assert fn.invoke(event({"EncryptedInput": "1234567890123456"})) == ("response", {"status": "NOT_ENCRYPTED"})
    assert fn.invoke(event({"EncryptedInput": ct, "InputKind": "card_number", "MinimumLength": "12"})) == (
        "response", {"status": "INVALID_CHECKSUM", "length": "16"})
    # Still alive and warm after all of that.
    assert fn.invoke(event({"EncryptedInput": ct, "InputKind": "custom"})) == ("response", masked(plain, "custom"))
    assert_no_secrets(wrong_id.logs() + wrong_key.logs() + fn.logs(), [plain])


def test_missing_parameter_answers_key_unavailable_and_recovers(start_lambda, bootstrap, moto_endpoint, keys,
                                                                 vectors, ssm):
    ct = vectors["vectors"][0]["ciphertext_b64"]
    fn = run_bootstrap(start_lambda, bootstrap, moto_endpoint, KEY_ID, keys["missing"])
    unavailable = ("response", {"status": "KEY_UNAVAILABLE", "reason": "PARAMETER_NOT_FOUND"})
    assert fn.invoke(event({"EncryptedInput": ct})) == unavailable
    assert fn.invoke(event({"EncryptedInput": ct})) == unavailable
    assert "ParameterNotFound" in fn.logs()
    # The failure is not cached: once the parameter exists, the same environment decrypts.
    ssm.put_parameter(Name=keys["missing"], Value=vectors["private_key_pem"], Type="SecureString")
    try:
        kind, answer = fn.invoke(event({"EncryptedInput": ct}))
        assert (kind, answer["status"]) == ("response", "OK")
    finally:
        ssm.delete_parameter(Name=keys["missing"])


def test_unconfigured_function_answers_instead_of_crashing(start_lambda, bootstrap, moto_endpoint, vectors):
    fn = start_lambda([str(bootstrap)], {"AWS_ENDPOINT_URL": moto_endpoint, "FLOWKEYS_KEY_ID": "not-a-uuid",
                                            "FLOWKEYS_KEY_PARAMETER": "/flowkeys/x"})
    ct = vectors["vectors"][0]["ciphertext_b64"]
    assert fn.invoke(event({"EncryptedInput": ct})) == (
        "response", {"status": "KEY_UNAVAILABLE", "reason": "KEY_LOAD_ERROR"})
    assert "FLOWKEYS_KEY_ID" in fn.logs()


def test_unreachable_or_hung_parameter_store_answers_within_connects_limit(start_lambda, bootstrap, vectors):
    """Connect waits at most 8 s: a Parameter Store that refuses or never answers must turn into
    KEY_UNAVAILABLE well within that, not into a timeout on the caller's line."""
    import socket
    import time

    ct = vectors["vectors"][0]["ciphertext_b64"]
    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(16)  # accepts connections (the kernel does) and never answers
    refused = socket.socket()
    refused.bind(("127.0.0.1", 0))
    refused_port = refused.getsockname()[1]
    refused.close()
    try:
        for endpoint in (f"http://127.0.0.1:{refused_port}", f"http://127.0.0.1:{hung.getsockname()[1]}"):
            fn = start_lambda([str(bootstrap)], {"AWS_ENDPOINT_URL": endpoint, "FLOWKEYS_KEY_ID": KEY_ID,
                                                 "FLOWKEYS_KEY_PARAMETER": "/flowkeys/unreachable"})
            deadline = time.monotonic() + 30
            while fn.api.first_poll_at is None and time.monotonic() < deadline:
                time.sleep(0.05)  # the init-phase key fetch runs first
            started = time.monotonic()
            assert fn.invoke(event({"EncryptedInput": ct})) == (
                "response", {"status": "KEY_UNAVAILABLE", "reason": "KEY_LOAD_ERROR"}), endpoint
            assert time.monotonic() - started < 7, f"{endpoint}: answered too late for Connect"
            assert "/flowkeys/unreachable" in fn.logs()
    finally:
        hung.close()
