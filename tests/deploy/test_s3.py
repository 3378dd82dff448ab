"""scripts/deploy-s3.sh against a real S3 API (moto's server, through AWS_ENDPOINT_URL): every
object gets the right Content-Type and Cache-Control and no public grant, the bytes match
SHA256SUMS, a changed dist/ is refused, and the console loaded from that endpoint in headless
Chromium generates a key set."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import pytest
from selenium.webdriver.common.by import By

from harness import DIST, ROOT, by_id, chromium, console_errors, wait_for

BIN = Path(sys.executable).parent
BUCKET = "flowkeys-console-test"
PREFIX = "console/v1"
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".wasm": "application/wasm", "": "text/plain; charset=utf-8"}
PUBLIC = ("http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    proc = subprocess.Popen([str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("moto_server did not start")
        yield endpoint
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture(scope="module")
def aws_env(s3_endpoint, tmp_path_factory):
    home = tmp_path_factory.mktemp("aws-home")
    env = {
        **os.environ,
        "PATH": f"{BIN}:{os.environ['PATH']}",
        "AWS_ENDPOINT_URL": s3_endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": str(home / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "credentials"),
    }
    env.pop("AWS_PROFILE", None)
    env.pop("AWS_SESSION_TOKEN", None)
    return env


@pytest.fixture(scope="module")
def s3(aws_env):
    client = boto3.client("s3", endpoint_url=aws_env["AWS_ENDPOINT_URL"], region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
    client.create_bucket(Bucket=BUCKET)
    return client


def deploy(env, *args, dist: Path = DIST):
    return subprocess.run(["bash", str(ROOT / "scripts" / "deploy-s3.sh"), *args], env={**env, "DIST": str(dist)}, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def deployed(aws_env, s3):
    out = deploy(aws_env, BUCKET, PREFIX)
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


def test_every_object_has_its_type_cache_control_and_no_public_grant(s3, deployed):
    files = sorted(p.relative_to(DIST).as_posix() for p in DIST.rglob("*") if p.is_file())
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix=PREFIX + "/")
    keys = sorted(o["Key"] for o in listed.get("Contents", []))
    assert keys == [f"{PREFIX}/{f}" for f in files]
    sums = dict(reversed(line.split("  ", 1)) for line in (DIST / "SHA256SUMS").read_text().splitlines())
    for f in files:
        key = f"{PREFIX}/{f}"
        head = s3.head_object(Bucket=BUCKET, Key=key)
        assert head["ContentType"] == TYPES[Path(f).suffix], (f, head["ContentType"])
        assert head["CacheControl"] == "no-cache", f
        body = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        assert body == (DIST / f).read_bytes(), f
        if f != "SHA256SUMS":
            assert hashlib.sha256(body).hexdigest() == sums[f], f
        grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
        assert not [g for g in grants if g["Grantee"].get("URI") in PUBLIC], (f, grants)
    # index.html and SHA256SUMS go up last.
    uploaded = [line.split()[0] for line in deployed.splitlines() if line.startswith("s3://")]
    assert uploaded[-2:] == [f"s3://{BUCKET}/{PREFIX}/index.html", f"s3://{BUCKET}/{PREFIX}/SHA256SUMS"]


def test_a_dist_that_does_not_match_its_manifest_is_not_uploaded(aws_env, s3, tmp_path):
    copy = tmp_path / "dist"
    shutil.copytree(DIST, copy)
    wasm = next(copy.glob("*_bg.wasm"))
    wasm.write_bytes(wasm.read_bytes() + b"\0")
    out = deploy(aws_env, BUCKET, "tampered", dist=copy)
    assert out.returncode != 0
    assert "does not match its SHA256SUMS" in out.stderr
    assert "Contents" not in s3.list_objects_v2(Bucket=BUCKET, Prefix="tampered/")


def anonymous_get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def test_console_loaded_from_the_s3_endpoint_generates_a_key_set(aws_env, s3, deployed):
    url = f"{aws_env['AWS_ENDPOINT_URL']}/{BUCKET}/{PREFIX}/index.html"
    # The uploaded objects are private: an anonymous reader is refused ...
    assert anonymous_get(url) == 403
    # ... until a bucket policy lets readers in, as hosting.yaml's policy lets CloudFront in.
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/{PREFIX}/*"}],
    }))
    assert anonymous_get(url) == 200
    with chromium() as driver:
        driver.get(url)
        wait_for(driver, lambda d: d.find_elements(By.ID, "generate-status"), 30, "the console from S3")
        by_id(driver, "size-2048").click()
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        status = by_id(driver, "generate-status")
        wait_for(driver, lambda d: status.get_attribute("data-phase") in ("done", "failed"), 120, "a key set")
        assert status.get_attribute("data-phase") == "done", status.text
        assert by_id(driver, "public-key-pem").get_attribute("value").startswith("-----BEGIN PUBLIC KEY-----")
        footer = by_id(driver, "build-info")
        wait_for(driver, lambda d: len(footer.get_attribute("data-manifest") or "") == 64, 10, "the manifest hash")
        assert footer.get_attribute("data-manifest") == hashlib.sha256((DIST / "SHA256SUMS").read_bytes()).hexdigest()
        assert console_errors(driver) == []
