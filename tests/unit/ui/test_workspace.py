"""Campaign listing on the server: every sort key both ways, each filter, paging; live campaigns
beside the scan's."""

from __future__ import annotations

import json

import pytest

from distillguard.config import load_config
from distillguard.online.state import open_store
from distillguard.ui.workspace import Workspace


def _doc(i: int, caps: dict[str, float], kinds: list[str], day: int) -> dict:
    return {"campaign_id": f"c{i}", "score": 0.5 + i / 100, "accounts": [f"a{i}_{k}" for k in range(i)],
            "n_accounts": i, "n_exchanges": 1000 - i, "estimated_output_tokens": (i * 37) % 11,
            "first_seen": f"2026-03-{day:02d}T00:00:00+00:00", "last_seen": "2026-03-20T00:00:00+00:00",
            "capabilities": caps, "evidence": [{"kind": k, "detail": "", "weight": 1} for k in kinds],
            "recommended_action": "block"}


@pytest.fixture
def ws(tmp_path):
    docs = [_doc(i, {"coding": 0.05 * i, "other": 1 - 0.05 * i}, ["shared_ip"] if i % 2 else
                 ["release_pivot"], 1 + i) for i in range(1, 13)]
    (tmp_path / "campaigns.json").write_text(json.dumps({"version": 1, "campaigns": docs}))
    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    store.save_campaigns([{"campaign_id": "live", "source": "online", "accounts": ["x"], "score": 0.9},
                          {"campaign_id": "gone", "source": "online", "accounts": [],
                           "merged_into": "live"}])
    yield Workspace(store, load_config(), tmp_path)
    store.close()


@pytest.mark.parametrize("sort,key", [("score", "score"), ("accounts", "n_accounts"),
                                      ("exchanges", "n_exchanges"),
                                      ("tokens", "estimated_output_tokens"),
                                      ("first_seen", "first_seen")])
def test_sorted_both_ways_and_paged(ws, sort, key) -> None:
    seen = []
    for page in (1, 2, 3):
        listing = ws.list_campaigns(verdicts={}, sort=sort, descending=True, page=page, per_page=5)
        assert (listing.total, listing.pages) == (13, 3)
        seen += [r[key] for r in listing.rows]
    assert seen == sorted(seen, reverse=True) and len(seen) == 13
    rising = [r[key] for r in ws.list_campaigns(verdicts={}, sort=sort, descending=False,
                                                per_page=50).rows]
    assert rising == sorted(rising)


def test_filters(ws) -> None:
    def ids(**filters) -> set[str]:
        return {r["campaign_id"] for r in ws.list_campaigns(verdicts={"c3": "confirmed"},
                                                            per_page=50, **filters).rows}

    assert "live" in ids() and "gone" not in ids()  # merged campaigns are not listed
    assert ids(capability="coding") == {f"c{i}" for i in range(2, 13)}  # at least 10%
    assert ids(verdict="confirmed") == {"c3"}
    assert ids(verdict="none") == ids() - {"c3"}
    assert ids(since="2026-03-10") == {"c9", "c10", "c11", "c12"}
    assert ids(evidence="release_pivot") == {f"c{i}" for i in range(2, 13, 2)}


def test_a_pushed_campaign_carries_its_own_exits_not_a_partners_gateway(tmp_path) -> None:
    import polars as pl

    from distillguard.ui.verdicts import campaign_bundle

    # three members and a SaaS backend call through a cloud partner's gateway (203.0.113.5);
    # the members also share their own exit (192.0.2.10)
    rows = [(a, "203.0.113.5", "cloud") for a in ("a3_0", "a3_1", "a3_2", "saas")]
    rows += [(a, "192.0.2.10", "api") for a in ("a3_0", "a3_1")]
    events = tmp_path / "events.parquet"
    pl.DataFrame(rows, schema=["account_id", "ip", "surface"], orient="row").with_columns(
        client_fingerprint=pl.lit(None, pl.String)).write_parquet(events)
    (tmp_path / "campaigns.json").write_text(json.dumps({"version": 1, "campaigns": [
        _doc(3, {"coding": 1.0}, ["shared_ip"], 2)]}))
    store = open_store(f"sqlite:///{tmp_path / 's.db'}")
    try:
        space = Workspace(store, load_config(), tmp_path, events=events)
        doc = space.campaign("c3")
        bundle = campaign_bundle(doc, space.incidence(), "k", space.gateways())
        values = {o["pattern"].split("'")[1] for o in bundle["objects"] if o["type"] == "indicator"}
        assert values == {"192.0.2.10", "192.0.2.0/24"}
        everything = campaign_bundle(doc, space.incidence(), "k")
        assert "203.0.113.5" in {o["pattern"].split("'")[1] for o in everything["objects"]
                                 if o["type"] == "indicator"}
    finally:
        store.close()
