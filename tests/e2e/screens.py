"""Every screen state an admin reaches, walked like an admin, and the checks run on each.

One walk serves both the accessibility test (tests/e2e/test_a11y.py: axe-core, page width, focus
ring, tab stops) and the screenshot script (scripts/screenshots.py), so the screenshots show
exactly the states the test checked.

Widths are set with Chromium's device-metrics override (DevTools protocol), not the window size:
headless windows have a minimum width, the override does not, and it sets `innerWidth` exactly.
"""
from __future__ import annotations

import base64
import subprocess
from pathlib import Path
from typing import Iterator

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from harness import ROOT, by_id, open_console, set_text, wait_for

KEY_ID = "4cdb826a-24c9-443d-b78b-327c817073ce"
ARN = "arn:aws:lambda:us-east-1:123456789012:function:connect-decrypt"
TABS = ["keys", "preview", "inspect", "lambda", "flow", "rotation"]

# The axe-core build that scripts/test.sh installs from npm (tests/node/package.json).
AXE = ROOT / "tests" / "node" / "node_modules" / "axe-core" / "axe.min.js"

# WCAG's floor for non-text contrast (1.4.11), which a focus indicator must meet.
FOCUS_CONTRAST_FLOOR = 3.0


# --- walking the states ----------------------------------------------------------------------

def _paste(driver, element_id: str, text: str) -> None:
    el = by_id(driver, element_id)
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", el, text)


def _generate(driver, bits: int = 2048) -> None:
    by_id(driver, f"size-{bits}").click()
    driver.find_element(By.CSS_SELECTOR, "#tab-keys-panel button[type=submit]").click()
    wait_for(driver, lambda d: by_id(d, "generate-status").get_attribute("data-phase") == "done", 90, "key set")
    wait_for(driver, lambda d: d.find_elements(By.ID, "selected-checklist"), 30, "checklist")


def _tab(driver, name: str) -> None:
    by_id(driver, f"tab-{name}").click()
    driver.execute_script("window.scrollTo(0, 0)")


def walk(driver, server, workdir: Path) -> Iterator[str]:
    """Drives the console through every screen state and yields each state's name when the page
    shows it (the caller checks, then the walk goes on)."""
    open_console(driver, server)
    for name in TABS:
        _tab(driver, name)
        yield f"{name}-empty"

    _tab(driver, "keys")
    set_text(driver, "cn", "")
    set_text(driver, "c", "USA")
    set_text(driver, "days", "5000")
    driver.find_element(By.CSS_SELECTOR, "#tab-keys-panel button[type=submit]").click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#tab-keys-panel [aria-invalid=true]"), 10, "form errors")
    yield "keys-form-errors"
    set_text(driver, "cn", "amazon-connect-secure-input")
    set_text(driver, "c", "US")
    set_text(driver, "days", "730")

    _generate(driver)
    driver.execute_script("window.scrollTo(0, 0)")
    yield "keys-generated-checklist"

    by_id(driver, "key-id").send_keys(KEY_ID)
    driver.execute_script("window.scrollTo(0, 0)")
    yield "keys-key-id-entered"

    _tab(driver, "preview")
    driver.find_element(By.XPATH, "//button[.='Encrypt as Connect would']").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "round-trip"), 30, "preview result")
    ciphertext = by_id(driver, "preview-ciphertext").get_attribute("value")
    yield "preview-result"

    _tab(driver, "inspect")
    _paste(driver, "ciphertext-input", ciphertext)
    wait_for(driver, lambda d: d.find_elements(By.ID, "inspected-message"), 30, "inspect result")
    yield "inspect-result"

    _tab(driver, "lambda")
    set_text(driver, "lambda-arn", ARN)
    wait_for(driver, lambda d: d.find_elements(By.ID, "lambda-node-text"), 20, "Lambda code")
    yield "lambda-result"

    _tab(driver, "flow")
    set_text(driver, "flow-lambda-arn", ARN)  # may be filled in from the Lambda screen already
    wait_for(driver, lambda d: d.find_elements(By.ID, "flow-json-text"), 20, "generated flow")
    by_id(driver, "lint-generated").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "lint-summary"), 20, "lint result")
    yield "flow-generated-linted"

    _tab(driver, "keys")
    _paste(driver, "import-paste", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n")
    by_id(driver, "import-read-pasted").click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#import-inputs li[data-outcome=failed]"), 20, "import error")
    yield "keys-import-error"

    subprocess.run(["openssl", "req", "-x509", "-sha256", "-newkey", "rsa:2048", "-nodes", "-keyout", "a11y-key.pem",
                    "-out", "a11y-cert.pem", "-days", "365", "-subj", "/CN=certificate-only"],
                   check=True, capture_output=True, cwd=workdir)
    _paste(driver, "import-paste", (workdir / "a11y-cert.pem").read_text())
    by_id(driver, "import-read-pasted").click()
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "section.imported-set .checklist"), 20, "imported checklist")
    yield "keys-import-checklist"

    by_id(driver, "import-clear").click()
    _generate(driver, 3072)
    driver.execute_script("window.scrollTo(0, 0)")
    yield "keys-two-sets"

    _tab(driver, "rotation")
    yield "rotation-two-sets"

    # Remove on a key set whose private key was never saved asks first (issue 9 point 6).
    _tab(driver, "keys")
    driver.find_elements(By.CSS_SELECTOR, "#key-sets tbody tr")[-1].find_element(
        By.XPATH, ".//button[starts-with(., 'Remove')]").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "confirm"), 10, "confirmation")
    driver.execute_script("window.scrollTo(0, 0)")
    yield "keys-confirm-remove"
    by_id(driver, "confirm-no").click()


# --- widths ----------------------------------------------------------------------------------

def set_width(driver, width: int, height: int = 900) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    # Two animation frames: the new layout is done and painted.
    driver.execute_async_script("const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()))")


def reset_width(driver) -> None:
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def full_page_png(driver, width: int, path: Path) -> None:
    """A screenshot of the whole page at `width` CSS pixels."""
    set_width(driver, width)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    set_width(driver, width, max(600, height))
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    path.write_bytes(base64.b64decode(shot["data"]))


# --- checks ----------------------------------------------------------------------------------

def horizontal_overflow(driver) -> dict | None:
    """None when the page does not scroll sideways; else the widths and the widest elements."""
    return driver.execute_script("""
        const doc = document.documentElement;
        if (doc.scrollWidth <= window.innerWidth) return null;
        const wide = [];
        for (const el of document.body.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && r.right > window.innerWidth + 0.5) {
            wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\\s+/g, '.') : ''} right=${Math.round(r.right)}`);
          }
        }
        return {scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, elements: wide.slice(0, 12)};
    """)


def run_axe(driver) -> list[str]:
    """axe-core's violations on the page as it is now, one line per rule and element."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        # WebDriver runs the script through the DevTools protocol, which the page's CSP does not
        # govern (it blocks only the page's own inline and eval'd code); axe itself needs no eval.
        driver.execute_script(AXE.read_text())
    result = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']})
          .then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))}))}))
          .catch(e => done({error: String(e)}));
    """)
    assert "error" not in result, f"axe-core failed to run: {result['error']}"
    lines = []
    for v in result["violations"]:
        for n in v["nodes"]:
            lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {n['target']}: {n['summary']}")
    return lines


def key_set_rows_display(driver) -> list[str]:
    """The distinct CSS display values of the key-set table's rows (none when no set is held)."""
    return driver.execute_script("""
        return [...new Set([...document.querySelectorAll('#key-sets tbody tr')].filter(r => r.offsetParent)
          .map(r => getComputedStyle(r).display))]""")


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG contrast ratio of two opaque sRGB colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# Reads the focused element's outline from its computed style, and the colour painted just
# outside the ring on each side (the first opaque background in the stack at that point, other
# than the focused element and its descendants): the colours the ring must stand out from.
_FOCUS_PROBE = """
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const parse = s => { const m = s.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
      const p = m[1].split(',').map(x => parseFloat(x)); return {rgb: p.slice(0, 3), a: p.length > 3 ? p[3] : 1}; };
    const cs = getComputedStyle(el);
    const width = parseFloat(cs.outlineWidth) || 0, offset = parseFloat(cs.outlineOffset) || 0;
    const r = el.getBoundingClientRect();
    const out = offset + width + 1;
    const points = [[r.left - out, r.top + r.height / 2], [r.right + out, r.top + r.height / 2],
                    [r.left + r.width / 2, r.top - out], [r.left + r.width / 2, r.bottom + out]];
    const behind = [];
    for (const [x0, y0] of points) {
      const x = Math.min(Math.max(x0, 0), innerWidth - 1), y = Math.min(Math.max(y0, 0), innerHeight - 1);
      let colour = parse(getComputedStyle(document.documentElement).backgroundColor);
      for (const e of document.elementsFromPoint(x, y)) {
        if (e === el || el.contains(e)) continue;
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c.a > 0.5) { colour = c; break; }
      }
      behind.push(colour ? colour.rgb : [255, 255, 255]);
    }
    const label = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40)}"`;
    return {label, style: cs.outlineStyle, width, colour: parse(cs.outlineColor), behind};
"""


def focus_ring(driver) -> dict | None:
    """The focused element's ring and its lowest contrast against what surrounds it."""
    probe = driver.execute_script(_FOCUS_PROBE)
    if probe is None:
        return None
    colour = tuple(probe["colour"]["rgb"]) if probe["colour"] else (0, 0, 0)
    probe["ratio"] = min(contrast(colour, tuple(b)) for b in probe["behind"])
    probe["colour"] = colour
    return probe


def tab_stops(driver, limit: int = 400) -> list[dict]:
    """Presses Tab until focus comes back round to an element it already visited (so the count
    does not depend on where focus started) and returns each stop with its focus ring."""
    driver.execute_script("window.__fkStops = []")
    step = """
        const a = document.activeElement;
        if (!a || a === document.body || a === document.documentElement) return -2;
        const i = window.__fkStops.indexOf(a);
        if (i < 0) window.__fkStops.push(a);
        return i;
    """
    stops: list[dict] = []
    for _ in range(limit):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        i = driver.execute_script(step)
        if i == -2:
            continue
        if i >= 0:
            break
        stops.append(focus_ring(driver))
    else:
        raise AssertionError(f"focus did not come round within {limit} Tab presses")
    return stops


def prose_breaks_words(driver) -> list[str]:
    """Visible elements that may break a word anywhere though they hold prose (not code, a key,
    a fingerprint or a file name): `word-break: break-all` / `overflow-wrap: anywhere` belong only
    on monospace text."""
    return driver.execute_script("""
        const bad = [];
        for (const el of document.body.querySelectorAll('*')) {
          if (!el.offsetParent && el !== document.body) continue;
          const cs = getComputedStyle(el);
          const breaks = cs.wordBreak === 'break-all' || cs.overflowWrap === 'anywhere';
          if (!breaks) continue;
          const codeLike = /mono|Consolas|Menlo|Courier/i.test(cs.fontFamily) || el.closest('code, pre, textarea, .mono');
          const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
          if (!codeLike && ownText) bad.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className}: ${el.textContent.trim().slice(0, 50)}`);
        }
        return bad.slice(0, 20);
    """)

