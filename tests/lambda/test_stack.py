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


RUNTIMES = ("rust", "nodejs", "python")


@pytest.fixture(scope="module")
def linted(cli, certificate, tmp_path_factory):
    """One template per runtime choice, all linted by one cfn-lint run (it starts slowly)."""
    d = tmp_path_factory.mktemp("templates")
    templates = {rt: generate(cli, certificate, rt, d / f"stack-{rt}.json") for rt in RUNTIMES}
    r = subprocess.run([str(CFN_LINT), "--format", "parseable", *(str(d / f"stack-{rt}.json") for rt in RUNTIMES)],
                       capture_output=True, text=True)
    return templates, r, d


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_template_passes_cfn_lint(linted, runtime):
    templates, r, d = linted
    assert templates[runtime]["Parameters"]["Runtime"]["Default"] == runtime
    mine = [line for line in r.stdout.splitlines() if line.startswith(str(d / f"stack-{runtime}.json"))]
    serious = [line for line in mine if ":E" in line or ":W" in line]
    assert not serious, "\n".join(serious)
    assert r.returncode in (0, 8), f"cfn-lint ({r.returncode}):\n{r.stdout}{r.stderr}"


def test_cfn_lint_can_fail(cli, certificate, tmp_path):
    """The check above is live: a template with a broken reference is refused."""
    out = tmp_path / "broken.json"
    template = generate(cli, certificate, "rust", out)
    template["Resources"]["DecryptFunction"]["Properties"]["Role"] = {"Fn::GetAtt": ["NoSuchRole", "Arn"]}
    out.write_text(json.dumps(template))
    r = subprocess.run([str(CFN_LINT), "--format", "parseable", str(out)], capture_output=True, text=True)
    assert r.returncode != 0 and "NoSuchRole" in r.stdout


def test_expired_certificate_is_refused(cli, tmp_path):
    """The flow inside must lint clean, so a certificate that has expired stops generation."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "flowkeys-expired")])
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start)
            .not_valid_after(start + datetime.timedelta(days=30)).sign(key, hashes.SHA256()))
    path = tmp_path / "expired.pem"
    path.write_bytes(cert.public_bytes(Encoding.PEM))
    r = subprocess.run([str(cli), "stack", "--certificate", str(path)], capture_output=True, text=True)
    assert r.returncode != 0 and "does not lint clean" in r.stderr, r.stderr
    assert not r.stdout


def test_lambda_sources_for_the_packages(cli, tmp_path):
    subprocess.run([str(cli), "stack", "--lambda-source", str(tmp_path)], check=True)
    node = (tmp_path / "index.js").read_text()
    python = (tmp_path / "lambda_function.py").read_text()
    for text in (node, python):
        assert "FLOWKEYS_KEY_ID" in text and "FLOWKEYS_NEXT_KEY_PARAMETER" in text
        assert "__" + "KEYS__" not in text
    subprocess.run(["node", "--check", str(tmp_path / "index.js")], check=True)
    compile(python, "lambda_function.py", "exec")
