"""report.html in a real headless Chromium (Playwright): it renders offline, charts are drawn, and a
screenshot is kept as a test artifact (test-artifacts/report.png)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None,
                                reason="Chromium from Debian is needed (.ci/run installs it)")


def test_report_renders_charts_offline(small_world: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    out = tmp_path / "scan"
    run_cli("scan", str(small_world / "events.parquet"), "--accounts",
            str(small_world / "accounts.parquet"), "--releases",
            str(small_world / "releases.parquet"), "--out", str(out), check=True)
    campaigns = json.loads((out / "campaigns.json").read_text())["campaigns"]
    html = (out / "report.html").read_text()
    assert "http://" not in html and "https://" not in html and "<script" not in html
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("request", lambda r: requests.append(r.url))
        page.goto((out / "report.html").as_uri())
        assert page.title() == "distillguard report"
        assert page.locator("h2").count() == len(campaigns)
        charts = page.locator("div.chart svg")
        assert charts.count() == 3 * len(campaigns)
        # every chart drew bars with a visible size
        for i in range(charts.count()):
            bars = charts.nth(i).locator("rect.bar")
            assert bars.count() > 0
            box = bars.first.bounding_box()
            assert box is not None and box["width"] > 0 and box["height"] > 0
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        browser.close()
    assert all(url.startswith("file://") for url in requests)
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
