"""The query page in a real browser: Debian's headless Chromium, driven by ChromeDriver."""

from __future__ import annotations

import os
import shutil

import pytest


def chrome():
    """A headless Chromium session; outside CI a missing browser skips, in CI it fails."""
    missing = [name for name in ("chromium", "chromedriver") if not shutil.which(name)]
    if missing:
        reason = f"{', '.join(missing)} not installed (scripts/install-system-packages)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


@pytest.fixture(scope="module")
def browser():
    driver = chrome()
    yield driver
    driver.quit()


def test_example_query_shows_a_result_table(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server.url + "/query?lang=en")
    Select(browser.find_element(By.ID, "example")).select_by_index(0)
    browser.find_element(By.ID, "run").click()
    WebDriverWait(browser, 20).until(
        ready.presence_of_element_located((By.CSS_SELECTOR, "#results tbody tr"))
    )
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#results thead th")]
    assert headers == ["agency", "name", "commitments"]
    rows = browser.find_elements(By.CSS_SELECTOR, "#results tbody tr")
    assert len(rows) == 15
    assert "rows" in browser.find_element(By.ID, "status").text
    first_agency = rows[0].find_element(By.TAG_NAME, "a").get_attribute("href")
    assert first_agency.startswith(server.url + "/id/organisation/")


def test_switching_examples_and_a_bad_query(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server.url + "/query?lang=nb")
    Select(browser.find_element(By.ID, "example")).select_by_index(3)
    assert "ogp:Forum" in browser.find_element(By.ID, "query").get_property("value")
    editor = browser.find_element(By.ID, "query")
    editor.clear()
    editor.send_keys("SELECT ?x WHERE { ?x")
    browser.find_element(By.ID, "run").click()
    WebDriverWait(browser, 20).until(
        lambda b: b.find_element(By.ID, "status").text.startswith("400")
    )


def test_plan_page_timeline_is_drawn(browser, server):
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/id/plan/dk/2019-2021")
    bars = browser.find_elements(By.CSS_SELECTOR, "svg.timeline rect")
    assert bars and all(bar.size["width"] > 0 for bar in bars)
