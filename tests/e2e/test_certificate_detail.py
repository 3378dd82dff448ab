"""End-to-end: "Full certificate detail" and re-issue, now that the page carries no X.509 parser
(the worker reads every certificate). The detail of a generated set, of a re-issued one and of
an imported OpenSSL certificate must match what OpenSSL reads from the same PEM."""
import subprocess

from selenium.webdriver.common.by import By

from harness import by_id, console_errors, generate_key_set, open_console, paste, wait_for


def openssl_fingerprint(pem: str) -> str:
    out = subprocess.run(["openssl", "x509", "-noout", "-fingerprint", "-sha256"], input=pem,
                         capture_output=True, text=True, check=True).stdout
    return out.strip().split("=", 1)[1]


def detail_of(container) -> dict[str, str]:
    """The rows of the "Full certificate detail" disclosure inside `container`, opened (the
    selected set's detail is read by the worker when the disclosure is first opened)."""
    detail = container.find_element(By.CSS_SELECTOR, "details.cert-detail")
    if detail.get_attribute("open") is None:
        detail.find_element(By.TAG_NAME, "summary").click()
    wait_for(container.parent, lambda d: detail.find_elements(By.CSS_SELECTOR, "dd"), 20, "the certificate detail rows")
    terms = [t.text for t in detail.find_elements(By.CSS_SELECTOR, "dt")]
    values = [v.text for v in detail.find_elements(By.CSS_SELECTOR, "dd")]
    return dict(zip(terms, values))


def selected_detail(driver) -> dict[str, str]:
    """The detail in the selected key set's "Ready for Connect?" card."""
    def card(d):
        return by_id(d, "selected-checklist").find_element(By.XPATH, "./ancestor::div[contains(@class,'card')][1]")
    wait_for(driver, lambda d: card(d).find_elements(By.CSS_SELECTOR, "details.cert-detail"), 20, "the certificate detail")
    return detail_of(card(driver))


def test_detail_of_a_generated_and_a_reissued_certificate(driver, server):
    open_console(driver, server)
    generate_key_set(driver, 2048, 60)
    wait_for(driver, lambda d: d.find_elements(By.ID, "selected-checklist"), 20, "checklist")
    pem = by_id(driver, "certificate-pem").get_attribute("value")
    subject = driver.find_element(By.CSS_SELECTOR, "[data-field=subject]").text
    detail = selected_detail(driver)
    assert detail["Version"] == "X.509 v3", detail
    assert detail["Subject"] == detail["Issuer"], detail
    assert detail["Subject"] in subject or subject in detail["Subject"], (subject, detail)
    assert detail["SHA-256 fingerprint"] == openssl_fingerprint(pem), detail

    # Re-issue: the worker reads the old certificate's subject and keeps it; the detail follows
    # the new certificate.
    tool = by_id(driver, "tool-reissue")
    if tool.get_attribute("open") is None:
        tool.find_element(By.TAG_NAME, "summary").click()
    by_id(driver, "reissue").click()
    wait_for(driver, lambda d: "Certificate re-issued" in by_id(d, "renew-status").text, 30, "re-issue")
    new_pem = by_id(driver, "certificate-pem").get_attribute("value")
    assert new_pem != pem
    wait_for(driver, lambda d: selected_detail(d)["SHA-256 fingerprint"] == openssl_fingerprint(new_pem), 20,
             "the new certificate's detail")
    again = selected_detail(driver)
    assert again["Subject"] == detail["Subject"], (again, detail)
    assert again["Serial number"] != detail["Serial number"]
    assert console_errors(driver) == []


def test_detail_of_an_imported_openssl_certificate(driver, server, tmp_path):
    subprocess.run(["openssl", "req", "-x509", "-sha256", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem",
                    "-out", "cert.pem", "-days", "30", "-subj", "/C=GB/O=Example Ltd/CN=detail-test"],
                   cwd=tmp_path, check=True, capture_output=True)
    pem = (tmp_path / "cert.pem").read_text()
    open_console(driver, server)
    paste(driver, by_id(driver, "import-paste"), (tmp_path / "key.pem").read_text() + pem)
    wait_for(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "section.imported-set details.cert-detail"), 30,
             "the imported set's detail")
    detail = detail_of(driver.find_element(By.CSS_SELECTOR, "section.imported-set"))
    assert detail["Subject"] == "CN=detail-test,O=Example Ltd,C=GB", detail  # RFC 4514, most specific first
    assert detail["SHA-256 fingerprint"] == openssl_fingerprint(pem), detail
    assert "RSA 2048" in detail["Public key"], detail
    # Using it: the page assembles the key set from the worker's reading (checked by hash).
    driver.find_element(By.XPATH, "//section[contains(@class,'imported-set')]//button[.='Use this key set']").click()
    wait_for(driver, lambda d: d.find_elements(By.ID, "certificate-pem")
             and by_id(d, "certificate-pem").get_attribute("value").strip() == pem.strip(), 20, "the imported set in use")
    assert "detail-test" in driver.find_element(By.CSS_SELECTOR, "[data-field=subject]").text
    # The selected set's card reads the same certificate when its detail is opened.
    assert selected_detail(driver)["SHA-256 fingerprint"] == openssl_fingerprint(pem)
    assert console_errors(driver) == []


def test_an_open_detail_follows_the_selected_key_set(driver, server):
    """Two key sets: the renew card's detail, once opened, shows whichever set is selected."""
    open_console(driver, server)
    generate_key_set(driver, 2048, 60)
    first_pem = by_id(driver, "certificate-pem").get_attribute("value")
    generate_key_set(driver, 2048, 60)
    second_pem = by_id(driver, "certificate-pem").get_attribute("value")
    assert first_pem != second_pem
    assert selected_detail(driver)["SHA-256 fingerprint"] == openssl_fingerprint(second_pem)
    by_id(driver, "select-set-1").click()
    wait_for(driver, lambda d: by_id(d, "certificate-pem").get_attribute("value") == first_pem, 20, "the first set selected")
    wait_for(driver, lambda d: selected_detail(d)["SHA-256 fingerprint"] == openssl_fingerprint(first_pem), 20,
             "the first set's detail")
    assert console_errors(driver) == []
