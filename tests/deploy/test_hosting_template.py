"""The recommended hosting (deploy/hosting.yaml) passes cfn-lint and says what the issue asks:
private bucket, CloudFront with origin access control, HTTPS only, and a response-headers
policy carrying the page's own CSP plus frame-ancestors 'none', HSTS, nosniff, no-referrer, COOP."""
import re
import subprocess
import sys
from pathlib import Path

import yaml

from harness import DIST, ROOT

TEMPLATE = ROOT / "deploy" / "hosting.yaml"
BIN = Path(sys.executable).parent


class CfnLoader(yaml.SafeLoader):
    """Reads CloudFormation's short-form tags (!Ref, !Sub, …) as plain values."""


def _any_tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return {suffix: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {suffix: loader.construct_sequence(node, deep=True)}
    return {suffix: loader.construct_mapping(node, deep=True)}


CfnLoader.add_multi_constructor("!", _any_tag)


def template():
    return yaml.load(TEMPLATE.read_text(), Loader=CfnLoader)["Resources"]


def test_cfn_lint_reports_nothing():
    out = subprocess.run([str(BIN / "cfn-lint"), "--", str(TEMPLATE)], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "", out.stdout + out.stderr


def test_bucket_is_private_and_read_only_by_the_distribution():
    r = template()
    bucket = r["SiteBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values())
    assert bucket["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    allow = r["SiteBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"][0]
    assert allow["Principal"] == {"Service": "cloudfront.amazonaws.com"} and allow["Action"] == "s3:GetObject"
    assert "AWS:SourceArn" in allow["Condition"]["StringEquals"]
    origin = r["Distribution"]["Properties"]["DistributionConfig"]["Origins"][0]
    assert origin["OriginAccessControlId"] == {"GetAtt": "OriginAccessControl.Id"}
    assert r["OriginAccessControl"]["Properties"]["OriginAccessControlConfig"]["SigningBehavior"] == "always"


def test_https_only_with_the_security_headers():
    r = template()
    behaviour = r["Distribution"]["Properties"]["DistributionConfig"]["DefaultCacheBehavior"]
    assert behaviour["ViewerProtocolPolicy"] == "https-only"
    assert behaviour["ResponseHeadersPolicyId"] == {"Ref": "SecurityHeaders"}
    config = r["SecurityHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]
    sec = config["SecurityHeadersConfig"]
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', (ROOT / "index.html").read_text()).group(1)
    assert sec["ContentSecurityPolicy"]["ContentSecurityPolicy"] == meta + "; frame-ancestors 'none'"
    built = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', (DIST / "index.html").read_text()).group(1)
    assert built == meta
    assert sec["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert "Override" in sec["ContentTypeOptions"]
    assert sec["FrameOptions"]["FrameOption"] == "DENY"
    assert sec["ReferrerPolicy"]["ReferrerPolicy"] == "no-referrer"
    custom = {i["Header"]: i["Value"] for i in config["CustomHeadersConfig"]["Items"]}
    assert custom["Cross-Origin-Opener-Policy"] == "same-origin"
    # trunk serve (scripts/run.sh) sends the same policy.
    trunk = (ROOT / "Trunk.toml").read_text()
    assert f'"Content-Security-Policy" = "{meta}; frame-ancestors \'none\'"' in trunk
