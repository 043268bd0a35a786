"""Per-event features: network prefix and class, client stack, local hour, capability and template signature.

Consumes a batch of validated events (contract columns); produces the same rows with feature columns added
and the prompt text dropped, so later stages never hold prompts in memory. Pure functions over frames."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import polars as pl

from distillguard.config import FeatureConfig
from distillguard.features.arrays import distinct_rows
from distillguard.features.network import address_class, ip_prefix
from distillguard.features.prompts import PromptCache
from distillguard.features.templates import scaffold_signatures

# columns later stages read; everything else (prompt text above all) is dropped after featurization
EVENT_FEATURE_COLUMNS = (
    "request_id", "ts", "account_id", "org_id", "ip", "ip_prefix", "asn", "address_class",
    "country", "local_hour", "client", "client_fingerprint", "model", "input_tokens",
    "output_tokens", "reasoning_tokens", "max_tokens", "n_turns", "tools_declared", "has_image",
    "status", "surface", "temperature", "capability", "capability_p", "template_sig", "system_sig",
)

# featurized columns no later batch stage reads and that cost the most to store (unique per event):
# the scan leaves them out of its work files
UNSTAGED_COLUMNS = ("request_id", "capability_p")


@lru_cache(maxsize=1)
def country_offsets() -> pl.DataFrame:
    """The shipped country → standard UTC offset table (hours; DST ignored)."""
    path = resources.files("distillguard.features").joinpath("data/country_utc_offsets.csv")
    with path.open("rb") as fh:
        return pl.read_csv(fh, columns=["country", "utc_offset_hours"],
                           schema_overrides={"utc_offset_hours": pl.Float64})


def local_hour(ts: str = "ts", country: str = "country") -> pl.Expr:
    """Hour of day (0–23) at the event's country, null when the country is unknown."""
    table = country_offsets()
    offset = pl.col(country).replace_strict(table["country"], table["utc_offset_hours"],
                                            default=None, return_dtype=pl.Float64)
    hours = pl.col(ts).dt.hour().cast(pl.Float64) + pl.col(ts).dt.minute().cast(pl.Float64) / 60
    return ((hours + offset) % 24).floor().cast(pl.Int8).alias("local_hour")


def client_family(user_agent: str = "user_agent") -> pl.Expr:
    """The client stack named by a user agent: 'browser', or the SDK/library name before '/'."""
    ua = pl.col(user_agent).str.strip_chars()
    return (pl.when(ua.str.starts_with("Mozilla/")).then(pl.lit("browser"))
            .otherwise(ua.str.extract(r"^([^/\s(]+)", 1).str.to_lowercase())
            .alias("client"))


def clients(user_agents: pl.Series) -> pl.Series:
    """client_family of each user agent, worked out once per distinct user agent (a log holds a
    few dozen) and mapped back."""
    distinct = user_agents.unique()
    return user_agents.replace_strict(distinct, distinct.to_frame("user_agent")
                                      .select(client_family())["client"],
                                      return_dtype=pl.String).alias("client")


def event_capability(tagged: pl.Expr, cfg: FeatureConfig, has_image: str = "has_image",
                     tools: str = "tools_declared") -> pl.Expr:
    """Capability of an event: the text tagger, overruled by request metadata that cannot lie.

    An image makes it vision; tools offered to the model turn an 'other' text into tool use, and
    (``cfg.tool_use_needs_tools``) a request that offers none (tools_declared 0; unknown is not
    none) cannot be tool use, however its text reads: "recommend a novel for my flight" is what
    tool-calling benchmarks ask too, but without tools the model can only chat."""
    no_tools = pl.lit(cfg.tool_use_needs_tools) & (pl.col(tools) == 0).fill_null(False)
    return (pl.when(pl.col(has_image).fill_null(False)).then(pl.lit("vision"))
            .when((tagged == "other") & (pl.col(tools).fill_null(0) > 0)).then(pl.lit("tool_use"))
            .when((tagged == "tool_use") & no_tools).then(pl.lit("other"))
            .otherwise(tagged).alias("capability"))


def prompt_features(prompts: pl.Series, cfg: FeatureConfig,
                    cache: PromptCache | None = None) -> pl.DataFrame:
    """template_sig, capability (text only) and capability_p per prompt, in ``prompts`` order.

    Distinct prompts are tokenized once and the words feed both the template signature and the
    tagger; those in ``cache`` (prompts of recent chunks) are not tokenized again. The template
    scaffold is learnt from all the distinct prompts of ``prompts``."""
    distinct, index = distinct_rows(prompts.fill_null(""))
    table = (cache or PromptCache(chunks=0)).features(distinct)
    lookup = pl.DataFrame({
        "template_sig": scaffold_signatures(table.shingles(), len(table),
                                            min_prompts=cfg.template_min_prompts,
                                            min_share=cfg.template_min_share),
    }).hstack(table.tags)
    return lookup[index]


def featurize_events(events: pl.DataFrame, cfg: FeatureConfig,
                     cache: PromptCache | None = None) -> pl.DataFrame:
    """Add the per-event feature columns to validated ``events`` and keep EVENT_FEATURE_COLUMNS.

    ``cache`` keeps the prompt-level features of recent chunks (see prompt_features).

    The template scaffold is learnt from the prompts of this frame, so pass a large chunk
    (``cfg.chunk_rows``): a template is recognised once it is used ``cfg.template_min_prompts``
    times in it."""
    return (events.with_columns(
        ip_prefix=ip_prefix(events),
        system_sig=pl.when(pl.col("system_prompt").is_not_null())
        .then(pl.col("system_prompt").hash(seed=3)),
        client=clients(events["user_agent"]),
    ).hstack(prompt_features(events["prompt"], cfg, cache))
     .with_columns(address_class(), local_hour(),
                   event_capability(pl.col("capability"), cfg))
     .select(EVENT_FEATURE_COLUMNS))
