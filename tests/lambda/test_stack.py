"""The CloudFormation template from `flowkeys stack` passes cfn-lint with no errors or warnings
for every runtime choice, and the packaged Node.js/Python sources read the stack's variables."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

CFN_LINT = Path(sys.executable).parent / "cfn-lint"


def generate(cli, certificate, runtime, out, collect="card-number"):
    subprocess.run([str(cli), "stack", "--certificate", str(certificate), "--runtime", runtime,
                    "--collect", collect, "--out", str(out)], check=True, capture_output=True, text=True)
    return json.loads(out.read_text())


@pytest.fixture(scope="module")
def certificate(vectors, tmp_path_factory):
    path = tmp_path_factory.mktemp("stack") / "cert.pem"
    path.write_text(vectors["certificate_pem"])
    return path


@pytest.mark.parametrize("runtime", ["rust", "nodejs", "python"])
def test_template_passes_cfn_lint(cli, certificate, runtime, tmp_path):
    out = tmp_path / f"stack-{runtime}.json"
    template = generate(cli, certificate, runtime, out)
    assert template["Parameters"]["Runtime"]["Default"] == runtime
    r = subprocess.run([str(CFN_LINT), "--format", "parseable", str(out)], capture_output=True, text=True)
    findings = [line for line in r.stdout.splitlines() if line.strip()]
    serious = [line for line in findings if ":E" in line or ":W" in line]
    assert not serious and r.returncode in (0, 8), f"cfn-lint ({r.returncode}):\n{r.stdout}{r.stderr}"


def test_cfn_lint_can_fail(cli, certificate, tmp_path):
    """The check above is live: a template with a broken reference is refused."""
    out = tmp_path / "broken.json"
    template = generate(cli, certificate, "rust", out)
    template["Resources"]["DecryptFunction"]["Properties"]["Role"] = {"Fn::GetAtt": ["NoSuchRole", "Arn"]}
    out.write_text(json.dumps(template))
    r = subprocess.run([str(CFN_LINT), "--format", "parseable", str(out)], capture_output=True, text=True)
    assert r.returncode != 0 and "NoSuchRole" in r.stdout


def test_expired_certificate_is_refused(cli, tmp_path):
    key, cert = tmp_path / "k.pem", tmp_path / "c.pem"
    subprocess.run(["openssl", "req", "-x509", "-nodes", "-newkey", "rsa:2048", "-keyout", str(key), "-out", str(cert),
                    "-subj", "/CN=expired", "-days", "1", "-not_before", "20200101000000Z",
                    "-not_after", "20200102000000Z"], check=False, capture_output=True)
    if not cert.exists():
        pytest.skip("this OpenSSL cannot set validity dates")
    r = subprocess.run([str(cli), "stack", "--certificate", str(cert)], capture_output=True, text=True)
    assert r.returncode != 0 and "lint" in r.stderr


def test_lambda_sources_for_the_packages(cli, tmp_path):
    subprocess.run([str(cli), "stack", "--lambda-source", str(tmp_path)], check=True)
    node = (tmp_path / "index.js").read_text()
    python = (tmp_path / "lambda_function.py").read_text()
    for text in (node, python):
        assert "FLOWKEYS_KEY_ID" in text and "FLOWKEYS_NEXT_KEY_PARAMETER" in text
        assert "__" + "KEYS__" not in text
    subprocess.run(["node", "--check", str(tmp_path / "index.js")], check=True)
    compile(python, "lambda_function.py", "exec")
