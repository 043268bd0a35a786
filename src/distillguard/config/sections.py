"""The settings of each pipeline stage: one typed, documented section per stage (io, features, linkage,
campaigns, intel; the score's and train's in config.scoring, the online service's in config.online),
every key with its default and meaning.

The defaults here are overridden by rules/default.yaml and a user's --config file (see load_config)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Section(BaseModel):
    """Base of every typed settings model (config sections, the online policy): frozen, and an
    unknown key is an error."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class ColumnSource(Section):
    """Where one contract column of the events table comes from in another export (io.columns)."""

    column: str | None = Field(
        None, description="Column of the export holding the value (default: the contract name).")
    path: str | None = Field(
        None, description="Dotted path inside that column's JSON text (e.g. 'client.ip', "
                          "'messages.0.content'); the column then holds a JSON object or array.")
    parse: Literal["epoch_s", "epoch_ms", "epoch_us", "epoch_ns", "iso"] | None = Field(
        None, description="How to read a timestamp: seconds, milliseconds, microseconds or "
                          "nanoseconds since 1970, or an ISO-8601 string (the default).")
    const: str | int | float | bool | None = Field(
        None, description="A value for every row, for a column the export lacks.")

    @model_validator(mode="after")
    def _one_source(self) -> ColumnSource:
        if self.const is not None and (self.column is not None or self.path is not None):
            raise ValueError("give either const or column/path, not both")
        return self


class IOConfig(Section):
    """How input tables are read and which rows are accepted."""

    columns: dict[str, ColumnSource | str] = Field(
        default_factory=dict,
        description="Column map of the events table for any other export: contract column → "
                    "export column name, or {column, path, parse, const}. With a map, prompt and "
                    "ip may be absent (the scan says which signals are then off).")
    litellm_account: list[str] = Field(
        ["user", "metadata.user_api_key_alias", "api_key"],
        min_length=1,
        description="--format litellm: the spend-log fields (dotted: inside metadata) whose first "
                    "non-empty value is the account, in order: the key's user, the key alias, the "
                    "hashed key ('end_user' and 'team_id' are the other choices).")
    otel_account: list[str] = Field(
        ["user.id", "enduser.id", "gen_ai.user.id"], min_length=1,
        description="--format otel: the span (then resource) attributes whose first value is the "
                    "account, in order.")

    batch_rows: int = Field(
        250_000, ge=1_000, description="Rows per batch when reading large inputs (bounds memory).")
    max_prompt_chars: int = Field(
        400_000, ge=1, description="Prompts and system prompts longer than this are quarantined.")
    max_field_chars: int = Field(
        2_048, ge=1, description="Any other string value longer than this is quarantined.")
    min_year: int = Field(2000, description="Timestamps before this year are quarantined.")
    max_year: int = Field(2100, description="Timestamps after this year are quarantined.")
    future_skew_hours: float = Field(
        24.0, ge=0, description="Timestamps later than this many hours past the newest plausible "
                                "time (the present, or the input file's modification time when "
                                "later) are quarantined (timestamp_in_future).")
    quarantine_value_chars: int = Field(
        200, ge=0, description="Values copied into quarantine.jsonl are cut to this many chars."
    )


class FeatureConfig(Section):
    """Per-event and per-account features."""

    chunk_rows: int = Field(
        500_000, ge=10_000,
        description="Events featurized at once. Template scaffolds are learnt per chunk, so a chunk "
                    "should hold many uses of each template; memory grows with it.")
    account_partitions: int = Field(
        16, ge=1, description="Featurized events are written in this many files split by account; "
                              "account fingerprints are computed one file at a time (bounds memory).")
    workers: int = Field(
        2, ge=1, description="Chunks featurized at the same time (threads), while the next chunk is "
                             "read and validated; each holds one chunk in memory. 1 = in turn.")
    template_min_prompts: int = Field(
        20, ge=2, description="A word 3-gram seen in this many distinct prompts of a chunk is "
                              "template scaffold, not content.")
    template_min_share: float = Field(
        0.0002, ge=0, le=1, description="... or in this share of the chunk's distinct prompts, "
                                        "when that is larger.")
    shared_template_accounts: int = Field(
        10, ge=2, description="A template sent by at least this many accounts counts as shared.")
    tool_use_needs_tools: bool = Field(
        True, description="A request that declares no tools (tools_declared 0) is not tool use "
                          "whatever its text says; off when the logs' tools_declared is unreliable.")
    harvest_capabilities: list[str] = Field(
        ["cot_elicitation", "rubric_grading", "sensitive_rewrite", "data_generation"],
        description="Harvest asks: capabilities whose outputs are above all training data for "
                    "another model (reasoning traces, grades, sensitive rewrites, synthetic data).")
    harvest_kind_share: float = Field(
        0.1, gt=0, le=1, description="A harvest capability counts among an account's kinds of "
                                     "harvest asks (harvest_kinds) from this share of its "
                                     "exchanges: an operation asks for several, an evaluation job "
                                     "grades, and the few of its judge prompts the tagger reads as "
                                     "another kind (5-8%) are not a second one.")
    target_capabilities: list[str] = Field(
        ["cot_elicitation", "rubric_grading", "sensitive_rewrite", "data_generation", "agentic",
         "tool_use", "coding", "vision"],
        description="Capabilities operations harvest (reasoning traces, grading, rewrites, agentic "
                    "trajectories, tool use, code, vision): volume concentrated on them is a hallmark.")
    partner_surfaces: list[str] = Field(
        ["cloud"], description="Surfaces reached through a partner's gateways: their addresses "
                               "are the partner's, so cycling them is no prefix_rotation and "
                               "they are never exported as STIX indicators.")
    abused_tiers: list[str] = Field(
        ["edu", "research", "startup"],
        description="Account tiers reached through the cheapest verification pathways.")
    night_hours: tuple[int, int] = Field(
        (1, 6), description="Local night, [start, end) hours at the request's country.")
    pivot_window_hours: float = Field(
        24.0, gt=0, description="Window after a model release in which an account's adoption of "
                                "the new model is measured (release_adoption).")
    pivot_min_exchanges: int = Field(
        5, ge=1, description="Fewest exchanges in that window for the adoption to be judged.")
    peer_keys: list[str] = Field(
        ["tier", "surface", "client"],
        description="Account columns that define its peer group, finest last; an account is "
                    "compared with the accounts that share them (coarser levels when too few do).")
    peer_features: list[str] = Field(
        ["log_daily_volume", "log_target_volume", "active_hours_utc", "harvest_share"],
        description="Account features also expressed relative to the peer group, as "
                    "<feature>_vs_peers (robust standard deviations from the peers' median).")
    min_peers: int = Field(30, ge=2, description="Fewest accounts a peer group needs; a smaller one "
                                                 "falls back to the next coarser level.")
    peer_spread_floor: float = Field(
        0.25, gt=0, description="A peer group's spread is at least this share of its standard "
                                "deviation (where most peers share one value).")


class LockstepConfig(Section):
    """Lockstep timing links (linkage.lockstep): the same capability in the same windows."""

    weight: float = Field(2.5, ge=0, description="A pair's link is this times the Jaccard "
                                                 "similarity of its activity; 0 turns it off.")
    window_seconds: int = Field(3600, ge=1, description="Width of a time window.")
    min_windows: int = Field(24, ge=1, description="Accounts active in fewer (capability, window) "
                                                   "cells are too sparse to judge.")
    min_jaccard: float = Field(0.2, gt=0, le=1, description="Least similarity of two accounts' "
                                                          "activity cells to link them.")
    min_excess: float = Field(
        0.3, ge=0, le=1, description="... and by at least this much over the similarity two "
                                     "independent clients as busy would have by chance.")
    max_coverage: float = Field(
        0.9, gt=0, le=1, description="Accounts active in at least this share of the windows of "
                                     "their span (24/7 backends, routers) are not judged: any two "
                                     "of them look in step.")
    signature_size: int = Field(64, ge=4, description="MinHash values per account (more: finer "
                                                      "Jaccard estimate, slower).")
    band_rows: int = Field(2, ge=1, description="Signature values per LSH band (fewer: more "
                                                "candidate pairs at low similarity).")
    seed: int = Field(11, description="Hash seed (results are deterministic).")


class PlaybookConfig(Section):
    """Playbook links (linkage.playbook, linkage.scaffolds): the same set of prompt templates (or of
    system prompts), on any infrastructure."""

    item: Literal["template_sig", "system_sig"] = Field(
        "template_sig", description="What makes the set: prompt templates (template_sig) or system "
                                    "prompts (system_sig: the app or agent harness an account "
                                    "relays or drives).")
    weight: float = Field(2.0, ge=0, description="A pair's link is this times the Jaccard similarity "
                                                 "of their sets (counted: see max_holders); 0 "
                                                 "turns it off.")
    capabilities: list[str] | None = Field(
        ["cot_elicitation", "rubric_grading", "sensitive_rewrite", "data_generation"],
        description="Capabilities whose exchanges make an account's set; null: every exchange.")
    without_tools: bool = Field(False, description="Only exchanges that declare no tools (an "
                                "agent's prompts are mostly its harness's tool results).")
    min_uses: int = Field(2, ge=1, description="Uses of an item for it to count in the set.")
    min_harvest_share: float = Field(0.1, ge=0, le=1, description="Accounts with a smaller share of "
                                                                 "exchanges on `capabilities` have "
                                                                 "no set.")
    min_templates: int = Field(2, ge=1, description="Accounts with fewer items are not judged (a "
                                                    "lone public rubric template links nobody).")
    min_kit_share: float = Field(0.0, ge=0, le=1, description="An item counts only when this "
                                 "share of its senders are judged (a tool's kit, not a popular "
                                 "phrasing light users send too); 0: every item.")
    min_kit_senders: int = Field(1, ge=1, description="With min_kit_share: ... and when at least "
                                 "this many judged accounts send it (a tool's fleet; the few "
                                 "evaluation teams that share a public framework's templates are "
                                 "no fleet).")
    min_jaccard: float = Field(0.3, gt=0, le=1, description="Least similarity of two sets to "
                                                          "link them ...")
    min_shared: int = Field(3, ge=1, description="... and least number of items in common "
                                                 "(estimated from the similarity and set sizes).")
    max_holders: int | None = Field(
        None, ge=2, description="null: similarity estimated by MinHash/LSH (link: weight x "
                                "Jaccard); else the items s two accounts share are counted, over "
                                "the items at most this many accounts with a set send (more: a "
                                "popular app, skipped); link: weight x s / (s + min_shared), "
                                "min_jaccard unused.")
    max_links: int = Field(4, ge=1, description="With max_holders: each account keeps its links "
                                                "to this many accounts it shares most with.")
    signature_size: int = Field(64, ge=4, description="MinHash values per account.")
    band_rows: int = Field(2, ge=1, description="Signature values per LSH band.")
    seed: int = Field(13, description="Hash seed (results are deterministic).")


# what a prompt wrapper wraps: any ask but an agent's steps, whose prompts are its tools' output
KIT_CAPABILITIES = ("reasoning", "cot_elicitation", "coding", "vision", "sensitive_rewrite",
                    "rubric_grading", "other", "data_generation")
AGENT_CAPABILITIES = ("agentic", "tool_use", "vision")  # what an agent harness is driven for


def _scaffold_playbooks() -> list[PlaybookConfig]:
    """The system prompts an account sends again and again (its harnesses, its apps), and all of
    them (a relay passes most of its buyers' apps through once), by MinHash; the prompts two
    accounts share, counted, for accounts that draw many from one large pool; the kit of prompt
    wrappers a harvest tool puts around every task (its asks, not an agent's tool results); and
    the few agent harnesses a tool drives, among the popular tool prompts its accounts also send."""
    return [PlaybookConfig(item="system_sig", capabilities=None, min_harvest_share=0.0,
                           min_templates=4, min_shared=4, min_jaccard=min_jaccard,
                           min_uses=min_uses, seed=17)
            for min_uses, min_jaccard in ((2, 0.2), (1, 0.3))] + [
        PlaybookConfig(item="system_sig", capabilities=None, min_harvest_share=0.0, min_uses=1,
                       min_templates=6, min_shared=6, max_holders=1500, seed=17),
        PlaybookConfig(item="template_sig", capabilities=list(KIT_CAPABILITIES), without_tools=True,
                       min_harvest_share=0.0, min_templates=8, min_shared=8, min_jaccard=0.4,
                       min_kit_share=0.8, min_kit_senders=10, seed=17),
        PlaybookConfig(item="system_sig", capabilities=list(AGENT_CAPABILITIES), min_templates=3,
                       min_harvest_share=0.0, min_shared=3, min_kit_share=0.55, seed=17)]


class CohortConfig(Section):
    """Cohort features (linkage.cohorts): what an account's linked community does together."""

    harvest_min_share: float = Field(
        0.2, ge=0, le=1, description="A member harvests when at least this share of its exchanges "
                                     "are harvest asks (features.harvest_capabilities).")
    target_min_share: float = Field(
        0.6, ge=0, le=1, description="A member targets when at least this share of its exchanges "
                                     "are on target capabilities (features.target_capabilities).")
    min_exchanges: float = Field(
        1000, gt=0, description="A cohort coordinates nothing below this many exchanges on what it "
                                "coordinates (harvest asks, harvested capabilities); in full from "
                                "ten times this.")
    min_attachment: float = Field(
        2.0, gt=0, description="Link weight (edges and hub links) an account needs to other "
                               "customers of its community to share its coordination in full; "
                               "none at half of it. One address shared with one of the "
                               "operation's accounts (~0.6) makes a bystander, not a member.")
    content_kinds: list[str] = Field(
        ["template", "playbook", "scaffold", "client_fingerprint"],
        description="Link kinds that say what an account sends, not who it is.")
    fleet_kinds: list[str] = Field(
        ["scaffold"],
        description="Content kinds whose links still tie an account to its fleet (tied_harvesters, "
                    "identity_attachment; the excuse of deterministic sampling fades with that "
                    "fleet): the same agent harnesses, app pool or prompt-wrapper kit are one "
                    "tool's accounts, where a public rubric (template, playbook) links a crowd of "
                    "evaluation jobs.")
    vetted_tiers: list[str] = Field(
        ["enterprise"],
        description="Verified accounts of these tiers (an aggregator, a SaaS company) are attached "
                    "to a cohort only by links that say who they are (vetted_kinds): content "
                    "links (the apps a relay serves, a public tool's prompts) and shared networks "
                    "(a cloud region's /24) attach them to nobody. A hydra cannot verify hundreds "
                    "of enterprise accounts.")
    vetted_kinds: list[str] = Field(
        ["payment", "email_domain", "signup_prefix", "lockstep"],
        description="The link kinds that attach a vetted account (vetted_tiers): who runs it "
                    "(card, mail domain, signup network) or that it works in step; a link without "
                    "one counts nothing for it, whatever else it shares.")
    content_attachment: float = Field(
        0.25, ge=0, le=1, description="A link of content kinds alone counts this much of its "
                                      "weight in the attachment: strangers share public templates "
                                      "(two evaluation jobs grading with the same rubrics).")
    content_attachment_by_kind: dict[str, float] = Field(
        {"scaffold": 0.5},
        description="Content kinds whose links alone count this much of their weight instead of "
                    "content_attachment: a scaffold link needs four system prompts in common "
                    "(linkage.scaffolds), the pool of apps or harnesses one operation relays, not "
                    "a public prompt two strangers happen to share.")
    min_other_customers: int = Field(
        2, ge=1, description="A cohort coordinates nothing unless at least this many other "
                             "customers in it harvest (or target) too: two linked customers are a "
                             "pair (two evaluation teams, two developers), a hydra is a group.")
    peer_keys: list[str] = Field(
        ["tier", "surface", "client"],
        description="A cohort's harvesting customers count beyond the larger of two base rates: "
                    "the share of customers outside it that harvest, and the share of its "
                    "customers that would were each like its peers (the accounts outside it with "
                    "the same values of these columns, finest level with at least min_peers of "
                    "them): where a third of the API developers of one SDK try grading and "
                    "reasoning prompts, a community of them is developers, not a harvest. []: the "
                    "population's only.")
    min_peers: int = Field(30, ge=1, description="Fewest peers outside the cohort a peer level "
                                                 "needs for its base rate; fewer: the next coarser.")
    tie_kinds: list[str] = Field(
        ["payment", "email_domain", "signup_prefix", "lockstep", "playbook", "scaffold"],
        description="Link kinds that say who runs an account (card, mail domain, signup network), "
                    "that it works in step or from one harvest tool or relay (playbook, scaffold: "
                    "content kinds, counted at their content attachment share): they attach it for "
                    "target coordination on any network.")
    rotating_prefix_share: float = Field(
        0.1, ge=0, le=1, description="An account on a new network prefix at least this often "
                                     "(prefix_rotation: a fleet on a proxy pool) is attached for "
                                     "target coordination by shared addresses too; below it only "
                                     "tie_kinds are: a crowd coding on a coworking space's, "
                                     "campus's or cloud's stable exits is not an operation. "
                                     "Harvest coordination counts every link.")


class LinkageConfig(Section):
    """Account linkage graph and communities."""

    indicator_weights: dict[str, float] = Field(
        {"payment": 4.0, "ip": 1.0, "ip_prefix": 0.4, "client_fingerprint": 0.4,
         "template": 0.4, "email_domain": 0.6, "signup_prefix": 0.3},
        description="Most an indicator kind adds to a link between two accounts; shared values "
                    "count by rarity, 1/log2(1 + accounts sharing the value), and saturate at this. "
                    "Kinds: payment, signup_prefix, email_domain (accounts table), ip, ip_prefix, "
                    "client_fingerprint, template (events).")
    max_indicator_accounts: int = Field(
        150, ge=2, description="A value shared by more accounts is popular (VPN exit, coding agent "
                               "prompt) and links nothing; also bounds the pairs enumerated.")
    min_edge_weight: float = Field(0.3, ge=0, description="Weaker account pairs are not linked.")
    behaviour_kinds: list[str] = Field(
        ["template", "client_fingerprint"],
        description="Kinds that never link on their own (unrelated clients can share a public "
                    "harness or template); they only strengthen an infrastructure link.")
    min_infrastructure_weight: float = Field(
        0.45, ge=0, description="Least weight from the other kinds for a pair to be linked (above "
                                "what a shared /24 alone gives: residential proxies of unrelated "
                                "operations can share ISP networks).")
    hub_kinds: list[str] = Field(
        ["ip", "payment", "email_domain"],
        description="Kinds whose values shared by more than max_indicator_accounts accounts still "
                    "join them, through a hub node instead of pairwise links.")
    common_email_domains: list[str] = Field(
        ["gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com", "proton.me",
         "protonmail.com", "qq.com", "163.com", "gmx.de", "mail.ru", "yandex.ru", "live.com"],
        description="Free-mail domains: sharing one is no link.")
    lockstep: LockstepConfig = Field(default_factory=LockstepConfig,
                                     description="Lockstep timing links.")
    playbook: PlaybookConfig = Field(default_factory=PlaybookConfig,
                                     description="Playbook (shared harvest templates) links.")
    scaffolds: list[PlaybookConfig] = Field(
        default_factory=_scaffold_playbooks,
        description="Scaffold links: what an account wraps its asks in, whatever they ask — the "
                    "same system prompts, as alike sets or many from one pool (a relay's buyers' "
                    "apps, a harvest tool's agent harnesses), or the same kit of prompt wrappers; "
                    "one measure per entry, a pair linked by several keeps its strongest link.")
    cohorts: CohortConfig = Field(default_factory=CohortConfig,
                                  description="Cohort features of linked communities.")
    resolution: float = Field(0.1, gt=0, description="Leiden resolution (RB configuration "
                                                      "model); lower gives larger communities.")
    seed: int = Field(7, description="Leiden seed (results are deterministic).")


class CampaignConfig(Section):
    """From communities to campaigns: membership, lift, score, pivots, actions."""

    min_flagged_accounts: int = Field(
        2, ge=1, description="A community is a campaign when at least this many of its accounts "
                             "are flagged.")
    lift_min_score: float = Field(
        0.02, ge=0, le=1, description="An unflagged account of a campaign's community joins it "
                                      "when its own score is at least this ...")
    lift_owned_exits: int = Field(
        2, ge=1, description="... or, with any score, when at least this many of its IPs, and "
        "lift_hub_min_share of them, are the campaign's own (held mostly by its flagged accounts)")
    lift_link_weight: float = Field(
        4.0, ge=0, description="... and its links to the campaign's flagged accounts weigh at "
                               "least this much (coordination lifts mild accounts).")
    lift_hub_min_share: float = Field(
        0.5, ge=0, le=1, description="A shared exit too popular to link pairwise (a hub) links "
                                     "when the campaign's flagged accounts hold this share of it.")
    lift_kinds: list[str] = Field(
        ["payment", "ip", "ip_prefix", "email_domain", "signup_prefix", "lockstep"],
        description="Links with one of these kinds count towards lift_link_weight; content and "
                    "client links alone do not (evaluation jobs send harvesters' public rubrics "
                    "from the same SDKs): who the account is must tie it to the operation.")
    lift_max_mix_distance: float = Field(
        0.45, ge=0, le=1, description="... and does the campaign's work: its capability mix is at "
        "most this total variation distance from its flagged accounts' (a SaaS backend on an "
        "operation's cloud exits runs its own product's traffic); 1 = any mix lifts.")
    dormant_kinds: list[str] = Field(
        ["payment"], description="An account with no request joins the campaign whose members share "
        "one of these with it (signup networks and mail domains are a campus's or a company's).")
    split_max_mix_distance: float = Field(
        0.45, ge=0, le=1, description="Operations on one proxy pool are separate campaigns: parts "
        "of a community whose pooled capability mixes are further apart than this (total "
        "variation) are split (campaigns.build.split_by_work); 1 (both) = never split.")
    split_min_share: float = Field(
        0.1, ge=0, le=1, description="... into parts holding at least this share of its flagged "
                                     "accounts (fewer stay with the largest part).")
    split_untied_mix_distance: float = Field(
        0.25, ge=0, le=1, description="... or this far apart when no link of split_tie_kinds "
                                     "(only exits or content) ties the parts.")
    split_tie_kinds: list[str] = Field(["payment", "email_domain", "signup_prefix", "lockstep"],
                                       description="Links that say one operation runs both parts.")
    split_tie_min_share: float = Field(
        0.05, ge=0, le=1, description="... when at least this share of one part's accounts have one "
                                     "into the other (one shared mail domain is a coincidence).")
    coordination_weight: float = Field(0.5, ge=0, le=1, description="How much coordination "
                                       "evidence raises a campaign's score above its mean score.")
    pivot_window_hours: float = Field(24.0, gt=0, description="Window after a model release.")
    pivot_min_share: float = Field(
        0.2, ge=0, le=1, description="A campaign pivots when its accounts send, on average, at "
                                      "least this share of their traffic to a newly released model "
                                      "in the window ...")
    pivot_population_ratio: float = Field(
        2.0, ge=1, description="... and this many times the other API accounts' average share.")
    pivot_min_exchanges: int = Field(5, ge=1, description="Fewer exchanges in the window: not counted.")
    actions: dict[str, float] = Field(
        {"block": 0.95, "withhold_reasoning": 0.8, "step_up": 0.6, "throttle": 0.0},
        description="Recommended action: the first whose minimum campaign score is reached.")


class IntelConfig(Section):
    """Indicator sharing with other providers (STIX 2.1)."""

    hash_key: str = Field(
        "distillguard-shared-key",
        description="Key of the HMAC-SHA256 that hides payment fingerprints in exported and "
                    "matched indicators; agree on one with your partners (and keep it secret).")
    indicators_per_kind: int = Field(50, ge=1, description="Most indicators exported per kind "
                                                           "and campaign (most shared first).")
