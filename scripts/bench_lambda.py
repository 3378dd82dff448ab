"""Benchmark (not a test): the Rust, Python and Node.js decrypt Lambdas under the same local
Lambda Runtime API (tests/lambda/runtime_api.py) and the same moto Parameter Store.

Per Lambda: cold start (process start to the first answer, key fetch included), warm invocation
p50/p99 (round trip through the local Runtime API, the same for all three), peak memory (VmHWM
of the function process) and package size. All figures come from one run on one machine, so
compare the ratios, not the absolute numbers.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "lambda"))
from runtime_api import RuntimeApi  # noqa: E402

VECTORS = ROOT / "crates" / "flowkeys-connect" / "tests" / "fixtures" / "connect-synthetic.json"
PARAMETER = "/flowkeys/bench/decrypt-key"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_kib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(name, command, cwd, env, event, expected, colds, warms):
    cold_ms, warm_ms, peaks = [], [], []
    for i in range(colds):
        api = RuntimeApi()
        full_env = {**env, "AWS_LAMBDA_RUNTIME_API": api.address}
        t0 = time.perf_counter()
        log = open(f"/tmp/flowkeys-bench-{name}.log", "wb")
        proc = subprocess.Popen(command, cwd=cwd, env=full_env, stdout=log, stderr=subprocess.STDOUT)
        try:
            kind, answer = api.invoke(event, timeout=120)
            cold_ms.append((time.perf_counter() - t0) * 1000)
            assert (kind, answer) == ("response", expected), f"{name}: {kind} {answer}"
            if i == 0:
                for _ in range(warms):
                    t = time.perf_counter()
                    kind, answer = api.invoke(event, timeout=60)
                    warm_ms.append((time.perf_counter() - t) * 1000)
                    assert answer == expected
            peaks.append(peak_kib(proc.pid))
        except Exception:
            log.flush()
            sys.stderr.write(Path(log.name).read_text(errors="replace")[-3000:])
            raise
        finally:
            log.close()
            proc.terminate()
            proc.wait(timeout=10)
            api.close()
    return {
        "cold_ms": statistics.median(cold_ms),
        "warm_p50_ms": percentile(warm_ms, 50),
        "warm_p99_ms": percentile(warm_ms, 99),
        "peak_mib": max(p for p in peaks if p) / 1024 if any(peaks) else None,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rust-bootstrap", type=Path, required=True)
    ap.add_argument("--python", type=Path, help="interpreter with awslambdaric, aws-encryption-sdk, boto3")
    ap.add_argument("--python-dir", type=Path, help="folder with lambda_function.py")
    ap.add_argument("--node-dir", type=Path, help="folder with index.js and node_modules (aws-lambda-ric, SDKs)")
    ap.add_argument("--package", action="append", default=[], help="NAME=ZIP for the size column")
    ap.add_argument("--colds", type=int, default=5)
    ap.add_argument("--warms", type=int, default=200)
    args = ap.parse_args()
    for name in ("rust_bootstrap", "python_dir", "node_dir"):
        if getattr(args, name):
            setattr(args, name, getattr(args, name).resolve())
    if args.python:
        args.python = Path(os.path.abspath(args.python))  # a venv's python: keep the link, not its target

    from moto.server import ThreadedMotoServer
    import boto3

    v = json.loads(VECTORS.read_text())
    port = free_port()
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    moto.start()
    endpoint = f"http://127.0.0.1:{port}"
    creds = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
             "AWS_REGION": "eu-west-2", "AWS_DEFAULT_REGION": "eu-west-2"}
    boto3.client("ssm", endpoint_url=endpoint, region_name="eu-west-2", aws_access_key_id="testing",
                 aws_secret_access_key="testing").put_parameter(Name=PARAMETER, Value=v["private_key_pem"],
                                                                 Type="SecureString", Overwrite=True)
    vector = v["vectors"][0]
    event = {"Name": "ContactFlowEvent", "Details": {"ContactData": {"Attributes": {}}, "Parameters": {
        "EncryptedInput": vector["ciphertext_b64"], "InputKind": "account_number",
        "MinimumLength": "4", "MaximumLength": "19"}}}
    plain = vector["plaintext"]
    expected = {"status": "OK", "masked": "*" * 12 + plain[-4:], "last4": plain[-4:], "length": str(len(plain))}
    base_env = {"PATH": os.environ["PATH"], "AWS_ENDPOINT_URL": endpoint, **creds,
                "AWS_LAMBDA_FUNCTION_NAME": "flowkeys-bench", "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024", "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/bench",
                "AWS_LAMBDA_LOG_STREAM_NAME": "bench",
                "FLOWKEYS_KEY_ID": v["key_id"], "FLOWKEYS_KEY_PARAMETER": PARAMETER}

    lambdas = [("rust", [str(args.rust_bootstrap)], None, {})]
    if args.python and args.python_dir:
        lambdas.append(("python", [str(args.python), "-m", "awslambdaric", "lambda_function.lambda_handler"],
                        args.python_dir, {"LAMBDA_TASK_ROOT": str(args.python_dir), "_HANDLER": "lambda_function.lambda_handler",
                         "PYTHONPATH": str(args.python_dir)}))
    if args.node_dir:
        ric = args.node_dir / "node_modules" / ".bin" / "aws-lambda-ric"
        lambdas.append(("nodejs", ["node", str(ric), "index.handler"], args.node_dir,
                        {"LAMBDA_TASK_ROOT": str(args.node_dir), "_HANDLER": "index.handler",
                         "NODE_PATH": str(args.node_dir / "node_modules")}))
    sizes = dict(p.split("=", 1) for p in args.package)

    results = {}
    for name, command, cwd, extra in lambdas:
        print(f"measuring {name} ...", file=sys.stderr)
        results[name] = measure(name, command, cwd, {**base_env, **extra}, event, expected, args.colds, args.warms)
    moto.stop()

    def fmt(x, unit=""):
        return "n/a" if x is None else f"{x:.1f}{unit}"

    print(f"\n{args.colds} cold starts (median), {args.warms} warm invocations, 4096-bit key, one Connect-shaped message")
    print("| Lambda | cold start (ms) | warm p50 (ms) | warm p99 (ms) | peak RSS (MiB) | package (bytes) |")
    print("|---|---|---|---|---|---|")
    for name, r in results.items():
        size = sizes.get(name)
        size = os.path.getsize(size) if size and os.path.exists(size) else None
        print(f"| {name} | {fmt(r['cold_ms'])} | {fmt(r['warm_p50_ms'])} | {fmt(r['warm_p99_ms'])} | "
              f"{fmt(r['peak_mib'])} | {size if size else 'n/a'} |")
    rust = results["rust"]
    for other in ("python", "nodejs"):
        if other in results:
            o = results[other]
            print(f"rust vs {other}: cold start 1/{o['cold_ms'] / rust['cold_ms']:.1f}, "
                  f"warm p50 {rust['warm_p50_ms'] / o['warm_p50_ms']:.2f}x of {other}'s")


if __name__ == "__main__":
    main()
