#!/usr/bin/env python3
"""Takes full-page screenshots of each screen of the built console (for looking at it).

Usage: .cache/venv/bin/python scripts/screenshots.py [OUT_DIR]   (default target/screenshots)
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))
from selenium.webdriver.common.by import By  # noqa: E402

import harness  # noqa: E402


def full_page(driver, path: Path):
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, max(900, height + 40))
    driver.save_screenshot(str(path))
    print(path)


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "target/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with harness.RecordingServer() as server, harness.chromium() as d:
        harness.open_console(d, server)
        full_page(d, out / "01-start.png")
        harness.set_text(d, "cn", "")
        harness.set_text(d, "c", "USA")
        harness.set_text(d, "days", "5000")
        d.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        full_page(d, out / "02-errors.png")
        harness.set_text(d, "cn", "amazon-connect-secure-input")
        harness.set_text(d, "c", "US")
        harness.set_text(d, "days", "900")
        harness.by_id(d, "size-2048").click()
        d.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        harness.wait_for(d, lambda d: harness.by_id(d, "generate-status").get_attribute("data-phase") == "done", 60)
        harness.by_id(d, "key-id").send_keys("4cdb826a-24c9-443d-b78b-327c817073ce")
        full_page(d, out / "03-key-set.png")
        harness.by_id(d, "tab-preview").click()
        d.find_element(By.XPATH, "//button[.='Encrypt as Connect would']").click()
        harness.wait_for(d, lambda d: d.find_elements(By.ID, "round-trip"), 20)
        full_page(d, out / "04-preview.png")
        harness.by_id(d, "tab-inspect").click()
        real = (harness.ROOT / "crates/flowkeys-esdk/tests/fixtures/connect/connect-real-ciphertext.json").read_text()
        import json
        area = harness.by_id(d, "ciphertext-input")
        d.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", area, json.loads(real)["ciphertext_b64"])
        harness.wait_for(d, lambda d: d.find_elements(By.ID, "inspected-message"), 20)
        full_page(d, out / "05-inspect.png")
        harness.by_id(d, "tab-lambda").click()
        harness.by_id(d, "lambda-arn").send_keys("arn:aws:lambda:us-east-1:123456789012:function:connect-decrypt")
        harness.wait_for(d, lambda d: d.find_elements(By.ID, "lambda-node-text"), 20)
        full_page(d, out / "06-lambda.png")


if __name__ == "__main__":
    main()
