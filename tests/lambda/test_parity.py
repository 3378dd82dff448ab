"""The Rust `bootstrap` and the generated Python Lambda (the stack's environment-configured one,
run by the official awslambdaric) under the same local Runtime API and the same moto Parameter
Store answer every event identically: one contract, two implementations."""

import base64
import subprocess
import sys
import uuid

import pytest

KEY_ID = "11111111-2222-3333-4444-555555555555"


def event(params):
    return {"Name": "ContactFlowEvent", "Details": {"ContactData": {"Attributes": {}}, "Parameters": params}}


@pytest.fixture(scope="module")
def python_lambda(cli, tmp_path_factory):
    d = tmp_path_factory.mktemp("python-lambda")
    subprocess.run([str(cli), "stack", "--lambda-source", str(d)], check=True)
    return d


@pytest.fixture(scope="module")
def parameter(ssm, vectors):
    name = f"/flowkeys/parity-{uuid.uuid4().hex[:8]}/key"
    ssm.put_parameter(Name=name, Value=vectors["private_key_pem"], Type="SecureString")
    return name


def events(vectors):
    ct = vectors["vectors"][0]["ciphertext_b64"]
    raw = bytearray(base64.b64decode(ct))
    raw[-40] ^= 1
    out = [event({"EncryptedInput": v["ciphertext_b64"], "InputKind": kind, "MinimumLength": "4",
                  "MaximumLength": "19"}) for v in vectors["vectors"] for kind in ("account_number", "cvv")]
    out += [
        event({"EncryptedInput": ct, "InputKind": "card_number", "MinimumLength": "12", "MaximumLength": "19"}),
        event({"EncryptedInput": ct, "InputKind": "account_number", "MinimumLength": "17", "MaximumLength": "20"}),
        event({"EncryptedInput": base64.b64encode(bytes(raw)).decode()}),
        event({"EncryptedInput": "Timeout"}),
        event({"EncryptedInput": "1234567890123456"}),
        event({}),
        {},
    ]
    return out


def answers(start_lambda, command, env, cwd, evs):
    fn = start_lambda(command, env, cwd)
    out = [fn.invoke(e, timeout=60) for e in evs]
    plain = "1236547891321456"
    assert plain not in fn.logs()
    return out


@pytest.mark.parametrize("setup", ["configured", "missing-parameter", "wrong-key-id"])
def test_rust_and_python_answer_alike(start_lambda, bootstrap, python_lambda, moto_endpoint, parameter, vectors,
                                      setup):
    env = {"AWS_ENDPOINT_URL": moto_endpoint, "FLOWKEYS_KEY_ID": KEY_ID, "FLOWKEYS_KEY_PARAMETER": parameter}
    if setup == "missing-parameter":
        env["FLOWKEYS_KEY_PARAMETER"] = parameter + "-missing"
    if setup == "wrong-key-id":
        env["FLOWKEYS_KEY_ID"] = "99999999-8888-7777-6666-555555555555"
    evs = events(vectors)
    rust = answers(start_lambda, [str(bootstrap)], env, None, evs)
    python = answers(start_lambda, [sys.executable, "-m", "awslambdaric", "lambda_function.lambda_handler"],
                     {**env, "_HANDLER": "lambda_function.lambda_handler", "PYTHONPATH": str(python_lambda)},
                     python_lambda, evs)
    errors = [(i, who, a) for who, out in (("rust", rust), ("python", python)) for i, (k, a) in enumerate(out) if k != "response"]
    assert not errors, errors
    for e, r, p in zip(evs, rust, python):
        assert r == p, f"{setup}: {e.get('Details', {}).get('Parameters', {}).get('InputKind')}: rust {r} python {p}"
    statuses = {answer["status"] for _, answer in rust}
    expected = {"configured": {"OK", "INVALID_CHECKSUM", "INVALID_LENGTH", "DECRYPT_FAILED", "TIMEOUT",
                               "NOT_ENCRYPTED", "NO_INPUT"},
                "missing-parameter": {"KEY_UNAVAILABLE", "TIMEOUT", "NOT_ENCRYPTED", "NO_INPUT"},
                "wrong-key-id": {"DECRYPT_FAILED", "TIMEOUT", "NOT_ENCRYPTED", "NO_INPUT"}}[setup]
    assert statuses == expected
