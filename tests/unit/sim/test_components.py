"""Simulator building blocks: ids, timing, template rendering, config loading."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from distillguard.errors import ConfigError
from distillguard.sim.config import EVASION_PRESETS, load_sim_config
from distillguard.sim.corpus import load_corpus
from distillguard.sim.ids import IdMint, splitmix64
from distillguard.sim.prompts import paraphrase_choice, render, template_expr
from distillguard.sim.timing import DAY, HOUR, adoption_share, daily_sessions, expand_sessions


def test_splitmix_is_a_bijection_on_a_range():
    out = splitmix64(np.arange(200_000, dtype=np.uint64))
    assert np.unique(out).size == 200_000


def test_id_mint_never_repeats():
    mint = IdMint(5)
    ids = pl.concat([mint.take("acct", 1000), mint.take("acct", 1000)])
    assert ids.is_unique().all()
    assert ids.str.contains(r"^acct_[0-9a-f]{16}$").all()


def test_render_fills_slots_per_row():
    slots = pl.DataFrame({"q": ["1+1", "2+2"], "a": ["2", "4"]})
    out = render(["Q {q} A {a}", "{a} <- {q}"], np.array([0, 1]), slots)
    assert out.to_list() == ["Q 1+1 A 2", "4 <- 2+2"]
    assert pl.select(template_expr("{{literal}} braces")).item() == "{literal} braces"


def test_paraphrase_rate_zero_keeps_canonical():
    rng = np.random.default_rng(0)
    assert (paraphrase_choice(rng, 100, 5, 0.0, canonical=2) == 2).all()
    mixed = paraphrase_choice(rng, 2000, 5, 1.0)
    assert np.unique(mixed).size == 5


def test_daily_sessions_follow_local_daytime():
    rng = np.random.default_rng(1)
    n = 5000
    acct, start = daily_sessions(rng, np.arange(n), np.full(n, 2.0), np.full(n, 9.0), 0)
    local_hour = ((start / HOUR) + 9) % 24
    assert (acct.size > 8000) and (start >= 0).all() and (start < DAY).all()
    assert ((local_hour >= 9) & (local_hour < 18)).mean() > 3 * ((local_hour < 6).mean())


def test_expand_sessions_orders_turns():
    rng = np.random.default_rng(2)
    acct, ts, turn = expand_sessions(rng, np.array([0, 1]), np.array([0, 10**9]),
                                     np.array([3, 2]), mean_gap_s=30)
    assert acct.tolist() == [0, 0, 0, 1, 1]
    assert turn.tolist() == [1, 2, 3, 1, 2]
    assert ts[0] == 0 and ts[3] == 10**9 and (np.diff(ts[:3]) > 0).all()


def test_adoption_share_is_zero_before_release():
    ts = np.array([-HOUR, 0, 24 * HOUR, 1000 * HOUR])
    share = adoption_share(ts, 0, 0.5, 10.0)
    assert share[0] == 0 and share[1] == 0
    assert 0.4 < share[2] < 0.5 and share[3] == pytest.approx(0.5)


def test_corpus_ships_every_pool():
    corpus = load_corpus()
    assert {"chat", "math", "code", "tool"} <= set(corpus.pools)
    sample = corpus.sample_dist(np.random.default_rng(0), "azure_conv_output", 1000)
    assert (sample >= 0).all() and sample.std() > 0


def test_sim_config_presets_and_errors(tmp_path):
    cfg = load_sim_config(scale="medium", evasion="hard")
    assert cfg.evasion == EVASION_PRESETS["hard"] and cfg.days == 14
    user = tmp_path / "knobs.yaml"
    user.write_text("evasion:\n  paraphrase_rate: 0.9\npopulation:\n  cot_harvest: 50\n")
    cfg = load_sim_config(user, scale="small", evasion="hard")
    assert cfg.evasion.paraphrase_rate == 0.9 and cfg.evasion.proxy_rotation == 1.0
    user.write_text("evasion:\n  paraphrase_rate: 3\n")
    with pytest.raises(ConfigError, match="paraphrase_rate"):
        load_sim_config(user)
    with pytest.raises(ConfigError, match="unknown evasion preset"):
        load_sim_config(evasion="sneaky")
