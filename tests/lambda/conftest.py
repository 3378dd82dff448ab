"""Fixtures for the decrypt-Lambda tier: the built `bootstrap`, the flowkeys CLI, a moto server
standing in for Parameter Store, and a local Lambda Runtime API to run the function against."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))

from runtime_api import RuntimeApi  # noqa: E402

VECTORS = REPO / "crates" / "flowkeys-connect" / "tests" / "fixtures" / "connect-synthetic.json"
REGION = "eu-west-2"


def _built(env_var: str, package: str, binary: str) -> Path:
    explicit = os.environ.get(env_var)
    if explicit:
        path = Path(explicit)
        assert path.is_file(), f"{env_var}={explicit} does not exist"
        return path
    subprocess.run(["cargo", "build", "--quiet", "-p", package], cwd=REPO, check=True)
    path = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")) / "debug" / binary
    assert path.is_file(), f"cargo build did not produce {path}"
    return path


@pytest.fixture(scope="session")
def bootstrap() -> Path:
    """The Rust decrypt Lambda, built for this machine: $FLOWKEYS_LAMBDA_BOOTSTRAP or cargo."""
    return _built("FLOWKEYS_LAMBDA_BOOTSTRAP", "flowkeys-lambda", "bootstrap")


@pytest.fixture(scope="session")
def cli() -> Path:
    return _built("FLOWKEYS_CLI", "flowkeys-cli", "flowkeys")


@pytest.fixture(scope="session")
def vectors() -> dict:
    return json.loads(VECTORS.read_text())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def moto_endpoint():
    """moto in server mode on loopback: Parameter Store for the function (AWS_ENDPOINT_URL)."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


AWS_TEST_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_REGION": REGION,
    "AWS_DEFAULT_REGION": REGION,
}


@pytest.fixture(scope="session")
def ssm(moto_endpoint):
    import boto3

    return boto3.client("ssm", endpoint_url=moto_endpoint, region_name=REGION,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


class LambdaProcess:
    """One execution environment: the function process polling its own Runtime API."""

    def __init__(self, command, env, cwd=None):
        self.api = RuntimeApi()
        full_env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "AWS_LAMBDA_RUNTIME_API": self.api.address,
            "AWS_LAMBDA_FUNCTION_NAME": "flowkeys-test",
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/flowkeys-test",
            "AWS_LAMBDA_LOG_STREAM_NAME": "test",
            "LAMBDA_TASK_ROOT": str(cwd or HERE),
            **AWS_TEST_ENV,
            **env,
        }
        self.started = time.monotonic()
        self.log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"flowkeys-lambda-{os.getpid()}-{id(self)}.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(command, env=full_env, cwd=cwd, stdout=self._log, stderr=subprocess.STDOUT)

    def invoke(self, event, timeout=30.0):
        return self.api.invoke(event, timeout=timeout)

    def logs(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.api.close()
        self._log.close()
        self.log_path.unlink(missing_ok=True)


@pytest.fixture()
def start_lambda():
    """start_lambda(command, env) -> LambdaProcess; every process is stopped after the test."""
    started = []

    def start(command, env, cwd=None):
        p = LambdaProcess(command, env, cwd)
        started.append(p)
        return p

    yield start
    for p in started:
        p.close()
