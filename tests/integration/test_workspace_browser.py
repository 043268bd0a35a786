"""The analyst workspace (/ui of serve) in a real headless Chromium (Playwright) against a live
`distillguard serve` on a scanned small world: sign-in, sorting and filters, a campaign confirmed,
audited, exported as labels and pushed to enforcement (then /v1/decide blocks its accounts), a viewer
refused, nothing reachable signed out, a prompt's HTML shown as text. Screenshots of each page go to
test-artifacts/workspace-*.png."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import httpx
import polars as pl
import pytest

from tests.conftest import TOKEN, Server, run_cli

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ANALYST, VIEWER = "analyst-token", "viewer-token"
HOSTILE = "<script>window.__pwned = 1</script><b>bold</b> explain step by step"

pytestmark = pytest.mark.skipif(shutil.which(CHROMIUM) is None,
                                reason="Chromium from Debian is needed at /usr/bin/chromium")


@pytest.fixture(scope="module")
def workspace(small_world: Path, tmp_path_factory: pytest.TempPathFactory):
    """serve with the workspace on a scan of the small world, one member's first prompt made
    hostile HTML; yields (server, the scan's campaigns, that member)."""
    root = tmp_path_factory.mktemp("workspace")
    scan = root / "scan"
    run_cli("scan", str(small_world / "events.parquet"), "--accounts",
            str(small_world / "accounts.parquet"), "--releases",
            str(small_world / "releases.parquet"), "--out", str(scan), check=True)
    campaigns = json.loads((scan / "campaigns.json").read_text())["campaigns"]
    top = max(campaigns, key=lambda c: c["n_accounts"])
    events = pl.read_parquet(small_world / "events.parquet").with_row_index("row")
    first = events.filter(pl.col("account_id").is_in(top["accounts"]))["row"][0]
    member = events["account_id"][first]
    events = events.with_columns(prompt=pl.when(pl.col("row") == first).then(pl.lit(HOSTILE))
                                 .otherwise(pl.col("prompt"))).drop("row")
    events.write_parquet(root / "events.parquet")
    server = Server(
        f"sqlite:///{root / 'state.db'}", root, "--scan", str(scan), "--events",
        str(root / "events.parquet"), "--accounts", str(small_world / "accounts.parquet"),
        "--releases", str(small_world / "releases.parquet"),
        env={"DISTILLGUARD_ANALYST_TOKENS": f"alice:{ANALYST}",
             "DISTILLGUARD_VIEWER_TOKENS": f"victor:{VIEWER}"}).start()
    try:
        yield server, campaigns, top, member
    finally:
        server.stop()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"workspace-{name}.png"), full_page=True)


def _sign_in(page, url: str, token: str) -> None:
    page.goto(f"{url}/ui/login")
    page.fill("input[name=token]", token)
    page.click("button:has-text('Sign in')")


def test_nothing_reachable_signed_out(workspace) -> None:
    server, _campaigns, top, member = workspace
    cid = top["campaign_id"]
    for path in ("/ui", "/ui/campaigns", f"/ui/campaigns/{cid}", f"/ui/campaigns/{cid}/stix.json",
                 f"/ui/accounts/{member}", "/ui/search?q=1.2.3.4", "/ui/audit", "/ui/labels.csv"):
        answer = httpx.get(server.url + path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/ui/login", path
        forged = httpx.get(server.url + path, cookies={"dg_session": "eyJ3aG8iOiJ4In0.00"},
                           follow_redirects=True)
        assert forged.url.path == "/ui/login", path
    for path in (f"/ui/campaigns/{cid}/verdict", f"/ui/campaigns/{cid}/enforce"):
        answer = httpx.post(server.url + path, data={"verdict": "confirmed"}, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/ui/login", path
    wrong = httpx.post(server.url + "/ui/login", data={"token": "nope"})
    assert wrong.status_code == 401 and "dg_session" not in wrong.cookies


def test_analyst_workflow_in_chromium(workspace) -> None:
    from playwright.sync_api import sync_playwright

    server, campaigns, top, member = workspace
    cid, url = top["campaign_id"], server.url
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{url}/ui/campaigns")
        assert page.url.endswith("/ui/login")  # signed out: the sign-in page
        _shot(page, "login")
        _sign_in(page, url, ANALYST)
        assert page.url.endswith("/ui/campaigns") and "alice (analyst)" in page.inner_text("nav")
        cookie = next(c for c in context.cookies() if c["name"] == "dg_session")
        assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Strict"
        assert page.evaluate("document.cookie") == ""  # out of reach of any script
        rows = page.locator("table.campaigns tr:has(td a)")
        assert rows.count() == len(campaigns)
        _shot(page, "campaigns")

        # sort by accounts, both ways; filter by evidence kind and by verdict
        page.click("a.sort-accounts")
        counts = [int(t.replace(",", "")) for t in page.locator(
            "table.campaigns tr td:nth-child(3)").all_inner_texts()]
        assert counts == sorted(counts, reverse=True) and "sort=accounts" in page.url
        page.click("a.sort-accounts")
        counts = [int(t.replace(",", "")) for t in page.locator(
            "table.campaigns tr td:nth-child(3)").all_inner_texts()]
        assert counts == sorted(counts)
        kind = top["evidence"][0]["kind"]
        page.select_option("select[name=evidence]", kind)
        page.click("button:has-text('Filter')")
        shown = page.locator("table.campaigns tr td:first-child a").all_inner_texts()
        assert shown and set(shown) == {c["campaign_id"] for c in campaigns
                                        if kind in {e["kind"] for e in c["evidence"]}}
        page.select_option("select[name=evidence]", "")
        page.select_option("select[name=verdict]", "confirmed")
        page.click("button:has-text('Filter')")
        assert "No campaign matches" in page.inner_text("table.campaigns")

        # the campaign page: charts (with the release marker), evidence, members, prompts
        page.goto(f"{url}/ui/campaigns")
        page.click(f"a[href='/ui/campaigns/{cid}']")
        assert page.locator("h1").inner_text() == f"Campaign {cid}"
        for _ in range(100):  # the indicator index is built in the background after start
            if page.locator(".building").count() == 0:
                break
            page.wait_for_timeout(100)
            page.reload()
        assert page.locator("div.chart svg rect.bar").count() > 0
        assert page.locator("svg line.marker").count() >= 1
        assert page.locator("table.indicators tr").count() > 1
        assert page.locator("table.members tr").count() == min(25, top["n_accounts"]) + 1
        assert "</script>" not in page.inner_text("body")  # redacted by default
        _shot(page, "campaign")
        page.click("a.show-prompts")
        assert HOSTILE in page.locator("pre").all_inner_texts()  # the markup as text
        assert page.evaluate("window.__pwned") is None and page.locator("pre b").count() == 0
        _shot(page, "campaign-prompts")
        stix = page.request.get(f"{url}/ui/campaigns/{cid}/stix.json").json()
        names = {o.get("name") for o in stix["objects"] if o["type"] == "campaign"}
        assert names == {cid}  # this campaign alone
        assert any(o["type"] == "indicator" for o in stix["objects"])

        # confirm it; the analyst may not push it (admin only)
        page.check("input[name=verdict][value=confirmed]")
        page.fill("textarea[name=note]", "same cards & <b>exits</b>")
        page.click("button:has-text('Record verdict')")
        assert page.locator("#verdict").inner_text() == "confirmed operation"
        assert "same cards & <b>exits</b>" in page.inner_text("fieldset")
        assert page.locator("form.enforce-form button").is_disabled()
        token = page.locator("form.enforce-form input[name=csrf]").get_attribute("value")
        refused = page.request.post(f"{url}/ui/campaigns/{cid}/enforce", form={"csrf": token})
        assert refused.status == 403 and "needs admin" in refused.text()
        page.goto(f"{url}/ui/audit")
        first = page.locator("table.audit tr").nth(1).all_inner_texts()[0]
        assert "alice" in first and f"campaign {cid}" in first and "confirmed operation" in first
        _shot(page, "audit")
        listed = page.request.get(f"{url}/ui/labels.csv")
        table = list(csv.DictReader(io.StringIO(listed.text())))
        assert {r["account_id"] for r in table} == set(top["accounts"])
        assert {(r["label"], r["campaign_id"]) for r in table} == {("1", cid)}

        # an account page, and search by its IP
        page.goto(f"{url}/ui/accounts/{member}")
        assert page.locator("table.fingerprint tr").count() > 5
        assert page.locator("table.signals tr").count() > 1
        ip = page.locator("table.exchanges tr").nth(1).locator("td").nth(2).inner_text()
        _shot(page, "account")
        page.fill("nav input[name=q]", ip)
        page.click("nav button:has-text('Search')")
        assert member in page.locator("ul.results").inner_text()
        _shot(page, "search")

        # a forged form (no CSRF token) with the analyst's own session is refused
        forged = page.request.post(f"{url}/ui/campaigns/{cid}/verdict",
                                   form={"verdict": "legitimate", "note": "x"})
        assert forged.status == 403

        # the admin pushes it; /v1/decide then blocks one of its accounts from a fresh exit
        page.click("button:has-text('Sign out')")
        assert page.url.endswith("/ui/login")
        _sign_in(page, url, TOKEN)
        page.goto(f"{url}/ui/campaigns/{cid}")
        page.click("button:has-text('Push to enforcement')")
        assert "Pushed to enforcement" in page.inner_text("body")
        _shot(page, "campaign-enforced")
        decided = httpx.post(f"{url}/v1/decide", headers={"Authorization": f"Bearer {TOKEN}"},
                             json={"request_id": "ui-1", "ts": "2026-03-07T00:00:00Z",
                                   "account_id": top["accounts"][0], "ip": "198.51.100.77",
                                   "model": "atlas-4-pro", "prompt": "hi"}).json()
        assert decided["action"] == "block" and decided["campaign_id"] == cid
        assert "policy: analyst_confirmed" in decided["reasons"]
        page.goto(f"{url}/ui/audit")
        assert "enforce" in page.locator("table.audit tr").nth(1).inner_text()

        # a viewer reads but every form is refused
        viewer = browser.new_context().new_page()
        _sign_in(viewer, url, VIEWER)
        viewer.goto(f"{url}/ui/campaigns/{cid}")
        viewer.check("input[name=verdict][value=legitimate]")
        viewer.click("button:has-text('Record verdict')")
        assert "your role (viewer) may not do this" in viewer.inner_text("body")
        _shot(viewer, "viewer-refused")
        viewer.goto(f"{url}/ui/campaigns/{cid}")
        assert viewer.locator("#verdict").inner_text() == "confirmed operation"
        browser.close()
    assert all(r.startswith(url) for r in requests)  # nothing fetched from elsewhere
