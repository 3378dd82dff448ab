#!/usr/bin/env python3
"""Flowkeys benchmark (not a test): speed and size, side by side with reference tools on this machine.

- RSA key generation through the console's real code paths in headless Chromium (WebCrypto path
  and pure-Rust wasm-worker path, separately), next to `openssl genpkey`, as ratios;
- the longest main-thread task during a 4096-bit generation (Long Tasks API);
- the size of the built .wasm and .js files (raw, gzip, brotli).

Usage: scripts/bench.sh [RUNS]   (builds dist/ first; RUNS defaults to 7)
"""
import gzip
import os
import platform
import tempfile
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))
from selenium.webdriver.common.by import By  # noqa: E402

import harness  # noqa: E402

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 7

LONGTASK_OBSERVER = """
window.__longTasks = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })
  .observe({type: 'longtask'});
"""


def median_ms(samples):
    return statistics.median(samples)


def openssl_keygen(bits):
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", f"rsa_keygen_bits:{bits}"],
                       check=True, capture_output=True)
        times.append((time.perf_counter() - t) * 1000)
    return times


def console_keygen(driver, bits, method):
    """Generate through the UI; returns (keygen ms inside the worker, click-to-result ms, longest main-thread task ms)."""
    harness.by_id(driver, f"size-{bits}").click()
    adv = driver.find_element(By.CSS_SELECTOR, "details.advanced")
    if not adv.get_attribute("open"):
        adv.find_element(By.TAG_NAME, "summary").click()
    harness.by_id(driver, f"method-{method}").click()
    driver.execute_script(LONGTASK_OBSERVER)
    t = time.perf_counter()
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    status = harness.by_id(driver, "generate-status")
    harness.wait_for(driver, lambda d: status.get_attribute("data-phase") in ("done", "failed"), 120, "key generation")
    wall = (time.perf_counter() - t) * 1000
    assert status.get_attribute("data-phase") == "done", status.text
    assert status.get_attribute("data-method") == method
    longest = driver.execute_script("return Math.max(0, ...window.__longTasks)")
    return float(status.get_attribute("data-keygen-ms")), wall, longest


def make_4096_key(tmp: Path):
    subprocess.run(["openssl", "req", "-x509", "-sha256", "-nodes", "-newkey", "rsa:4096", "-keyout", str(tmp / "k.pem"),
                    "-days", "30", "-subj", "/CN=bench", "-out", str(tmp / "c.pem")], check=True, capture_output=True)
    return tmp / "c.pem", tmp / "k.pem"


def native_esdk(cert, key):
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(["cargo", "run", "-q", "--release", "-p", "flowkeys-esdk", "--example", "bench_connect", "--",
                          str(cert), str(key), str(RUNS * 3)], check=True, capture_output=True, text=True, cwd=root).stdout
    vals = dict(kv.split("=") for kv in out.split())
    return float(vals["encrypt_ms"]), float(vals["decrypt_ms"])


def python_sdk(cert, key):
    import aws_encryption_sdk
    from aws_encryption_sdk import CommitmentPolicy
    from aws_encryption_sdk.identifiers import Algorithm, EncryptionKeyType, WrappingAlgorithm
    from aws_encryption_sdk.key_providers.raw import RawMasterKey, WrappingKey
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    pub = x509.load_pem_x509_certificate(cert.read_bytes()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    key_pem = key.read_bytes()
    key_id = b"4cdb826a-24c9-443d-b78b-327c817073ce"
    client = aws_encryption_sdk.EncryptionSDKClient(commitment_policy=CommitmentPolicy.FORBID_ENCRYPT_ALLOW_DECRYPT)

    def mk(pem, kind):
        return RawMasterKey(provider_id="AmazonConnect", key_id=key_id,
                            wrapping_key=WrappingKey(wrapping_algorithm=WrappingAlgorithm.RSA_OAEP_SHA512_MGF1,
                                                     wrapping_key=pem, wrapping_key_type=kind))
    enc, dec, warm = [], [], []
    loaded = mk(key_pem, EncryptionKeyType.PRIVATE)
    for _ in range(RUNS * 3):
        t = time.perf_counter()
        ct, _ = client.encrypt(source=b"4111111111111111", key_provider=mk(pub, EncryptionKeyType.PUBLIC),
                               algorithm=Algorithm.AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384, frame_length=4096)
        enc.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        pt, _ = client.decrypt(source=ct, key_provider=mk(key_pem, EncryptionKeyType.PRIVATE))
        dec.append((time.perf_counter() - t) * 1000)
        assert pt == b"4111111111111111"
        t = time.perf_counter()
        client.decrypt(source=ct, key_provider=loaded)
        warm.append((time.perf_counter() - t) * 1000)
    return median_ms(enc), median_ms(dec), median_ms(warm)


def browser_preview(driver):
    """4096-bit key set through the UI, then the Preview screen's encrypt + decrypt, RUNS*3 times."""
    harness.by_id(driver, "tab-keys").click()
    harness.by_id(driver, "size-4096").click()
    harness.by_id(driver, "method-webcrypto").click()
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    status = harness.by_id(driver, "generate-status")
    harness.wait_for(driver, lambda d: status.get_attribute("data-phase") == "done", 120, "4096-bit key set")
    harness.set_text(driver, "key-id", "4cdb826a-24c9-443d-b78b-327c817073ce")
    harness.by_id(driver, "tab-preview").click()
    enc, dec = [], []
    last = None
    for _ in range(RUNS * 3):
        driver.find_element(By.XPATH, "//button[.='Encrypt as Connect would']").click()
        harness.wait_for(driver, lambda d: d.find_elements(By.ID, "preview-ciphertext")
                         and harness.by_id(d, "preview-ciphertext").get_attribute("value") != last, 20, "preview")
        last = harness.by_id(driver, "preview-ciphertext").get_attribute("value")
        timing = harness.by_id(driver, "preview-timing")
        assert harness.by_id(driver, "round-trip").text.startswith("Round trip OK")
        enc.append(float(timing.get_attribute("data-encrypt-ms")))
        dec.append(float(timing.get_attribute("data-decrypt-ms")))
    return median_ms(enc), median_ms(dec)


def sizes():
    rows = []
    try:
        import brotli
    except ImportError:
        brotli = None
    for f in sorted(harness.DIST.iterdir()):
        if f.suffix in (".wasm", ".js"):
            data = f.read_bytes()
            br = len(brotli.compress(data, quality=11)) if brotli else None
            rows.append((f.name, len(data), len(gzip.compress(data, 9)), br))
    return rows


def main():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    chromium = subprocess.run([harness.CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    ossl = subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.strip()
    print(f"# Flowkeys benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"machine: {cpu}, {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores; {chromium}; {ossl}; runs per figure: {RUNS} (medians)")
    print()
    results = {}
    with harness.RecordingServer() as server, harness.chromium() as driver:
        harness.open_console(driver, server)
        for bits in (2048, 4096):
            for method in ("webcrypto", "rust"):
                samples = [console_keygen(driver, bits, method) for _ in range(RUNS)]
                results[(bits, method)] = samples
        browser_crypto = browser_preview(driver)
    with tempfile.TemporaryDirectory() as tmp:
        cert, key = make_4096_key(Path(tmp))
        native_crypto = native_esdk(cert, key)
        python_crypto = python_sdk(cert, key)
    print("## RSA key generation (ms, median)")
    print("| bits | openssl genpkey | console WebCrypto path | ratio | console pure-Rust worker | ratio | click→key set (WebCrypto / Rust) |")
    print("|---|---|---|---|---|---|---|")
    for bits in (2048, 4096):
        o = median_ms(openssl_keygen(bits))
        w = median_ms([s[0] for s in results[(bits, "webcrypto")]])
        r = median_ms([s[0] for s in results[(bits, "rust")]])
        ww = median_ms([s[1] for s in results[(bits, "webcrypto")]])
        rw = median_ms([s[1] for s in results[(bits, "rust")]])
        print(f"| {bits} | {o:.0f} | {w:.0f} | {w / o:.2f}× | {r:.0f} | {r / o:.2f}× | {ww:.0f} / {rw:.0f} |")
    print()
    print("## Longest main-thread task during generation (ms; the Long Tasks API reports tasks over 50 ms, 0 = none)")
    for bits in (2048, 4096):
        for method in ("webcrypto", "rust"):
            print(f"- {bits}-bit, {method}: {max(s[2] for s in results[(bits, method)]):.0f}")
    print()
    print(f"## Connect-profile encryption of a 16-digit card number, 4096-bit RSA (ms, median of {RUNS * 3})")
    print("Decrypt includes loading the private key, as the console and a cold Lambda do.")
    print("| | encrypt | decrypt (loading the key) | vs Python SDK |")
    print("|---|---|---|---|")
    for name, (e, d) in (("official Python SDK 4.0.7", python_crypto[:2]), ("engine, native (release)", native_crypto),
                         ("console in Chromium (wasm, Preview screen)", browser_crypto)):
        print(f"| {name} | {e:.1f} | {d:.1f} | {d / python_crypto[1]:.2f}× |")
    print(f"Python SDK decrypt with the key already loaded (a warm Lambda): {python_crypto[2]:.1f} ms "
          f"(the console always loads the key: {browser_crypto[1] / python_crypto[2]:.2f}× that).")
    print()
    print("## Build size (bytes)")
    print("| file | raw | gzip -9 | brotli 11 |")
    print("|---|---|---|---|")
    for name, raw, gz, br in sizes():
        print(f"| {name} | {raw} | {gz} | {br if br is not None else 'n/a'} |")


if __name__ == "__main__":
    main()
