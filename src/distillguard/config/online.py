"""The online decision service's settings (distillguard serve): its indicators, the cohorts its
shared sketches make, and when an emerging campaign's exit or card ties an account.

The defaults here are overridden by rules/default.yaml and a user's --config file (see load_config)."""

from __future__ import annotations

from pydantic import Field

from distillguard.config.sections import Section


class OnlineConfig(Section):
    """The online decision service (distillguard serve)."""

    tokens: list[str] = Field([], description="Bearer tokens accepted (DISTILLGUARD_TOKENS, "
                                              "comma-separated, is added to them).")
    request_id_ttl_hours: float = Field(168, gt=0, description="How long request ids are kept "
                                                              "for idempotency.")
    recent_events: int = Field(128, ge=8, description="Exchanges kept per account (a ring): its "
                                                      "fingerprint is computed over them.")
    full_evidence: int = Field(20, ge=1, description="Exchanges after which an account's online "
                                                     "score counts in full (before: in proportion).")
    opening_words: int = Field(8, ge=2, description="Words of a prompt's opening that make its "
                                                    "online template signature.")
    shared_opening_accounts: int = Field(
        25, ge=2, description="Accounts an opening must reach to count as a template shared across "
                              "accounts online (copied prompts reach a dozen).")
    match_kinds: list[str] = Field(
        ["ip", "client_fingerprint", "payment", "signup_ip"],
        description="Request fields looked up as indicators of campaigns (STIX kinds of the same "
                    "name); payment and signup_ip: the account's card and signup address "
                    "(accounts table).")
    strong_kinds: list[str] = Field(["ip", "payment", "signup_ip"], description="Kinds that alone "
                                    "tie a request to a campaign (others: two).")
    signup_min_flagged: int = Field(
        2, ge=1, description="Flagged accounts that signed up from one address (at most "
                             "cohort_max_accounts customers did) before it ties new accounts "
                             "signing up there to their emerging campaign (a hydra registers its "
                             "heads in bulk).")
    flagged_ip_max_accounts: int = Field(
        30, ge=1, description="A flagged account's IP becomes an indicator of its campaign only if "
                              "at most this many accounts use it (not a NAT or VPN exit).")
    flagged_ip_min_share: float = Field(
        0.25, gt=0, le=1, description="... or if at least this share of its accounts (and three) "
                                      "are flagged.")
    flagged_cloud_ip_accounts: int = Field(
        2, ge=1, description="... or if it is a datacenter address used by this many flagged "
                             "accounts.")
    indicator_min_worker_share: float = Field(
        0.5, ge=0, le=1, description="An emerging campaign's exit ties another account only while "
                                     "at least this share of the accounts on it harvest or work "
                                     "target capabilities (linkage.cohorts shares).")
    exit_tie_max_age_days: float = Field(
        30, ge=0, description="An account created at most this many days before its request "
                              "(serve --accounts) is tied by an emerging campaign's exit whatever "
                              "it sends (a hydra's new heads); an older one once flagged or once "
                              "full_evidence of its exchanges do an operation's work. Without an "
                              "accounts table a newcomer is tied until its exchanges show none.")
    worker_confidence: float = Field(
        0.95, gt=0.5, lt=1, description="An account does an operation's work (for "
                                        "exit_tie_max_age_days) when the lower confidence bound, "
                                        "at this level, of its recent harvest or target share "
                                        "reaches the linkage.cohorts minimum.")
    mix_min_exchanges: int = Field(8, ge=1, description="Exchanges before an established "
        "account's recent capability mix is compared with its campaign's (max_mix_distance).")
    recent_ips: int = Field(64, ge=1, description="Distinct recent IPs kept per account.")
    cohort_max_accounts: int = Field(
        30, ge=2, description="An IP or card shared by at most this many customers (an "
                              "organization's accounts are one) makes them one online cohort "
                              "(more: a NAT, a VPN exit, a card pool too wide to tell).")
    pool_min_exits: int = Field(
        3, ge=1, description="Exits over cohort_max_accounts that no established customer uses make "
                             "a new account's cohort once it has used this many (a proxy pool's).")
    crowd_exit_share: float = Field(
        0.5, gt=0, le=1, description="An IP at least this share of whose customers are established "
                                     "(exit_tie_max_age_days) is a crowd's exit: it ties no account "
                                     "of known age into target coordination, nor, an emerging "
                                     "campaign's indicator (counting untied customers only: "
                                     "crowd_counts_tied), any account to the campaign.")
    cohort_min_exchanges: int | None = Field(
        None, ge=1, description="linkage.cohorts.min_exchanges for the online cohorts (unset: the "
                                "scan's): the volume below which a cohort tied by an exit, a card "
                                "or a campaign coordinates nothing (in full at ten times it).")
    fleet_min_exchanges: int | None = Field(
        200, ge=1, description="The volume from which the online cohort of an account the accounts "
                               "table says is new (exit_tie_max_age_days) coordinates when no "
                               "established customer shares its exits, cards or signup address: "
                               "a fleet's fresh heads, which harvest from their first hour (unset: "
                               "as cohort_min_exchanges). A course's new students share a "
                               "department's card and a campus's address with older accounts and "
                               "keep the scan's bar.")
    identity_needs_work: bool = Field(
        False, description="Whether an emerging campaign's card or signup address (held kinds) "
                           "ties others only while most of the customers holding it harvest or "
                           "work harvested capabilities, as an exit does. Off: one no established "
                           "account holds and at most cohort_max_accounts customers share is an "
                           "operator's, and a reseller's heads mix its customers' everyday asks "
                           "with the harvest; it still ties only accounts new by the accounts "
                           "table (exit_tie_max_age_days), or flagged.")
    crowd_counts_harvesters: bool = Field(
        False, description="Whether an established customer that harvests (linkage.cohorts."
                           "harvest_min_share) counts in an exit's established crowd "
                           "(crowd_exit_share) when the online cohorts of an account that "
                           "harvests are drawn (target coordination, a fleet's own exits). Off "
                           "(the default): only those that do not harvest, as an operation's aged "
                           "heads are no crowd of people (measured: own hard's CoT harvest served "
                           "13.1% -> 2.5%, the other operations and people within a few dozen "
                           "requests); a developer coding through a VPN exit is judged with every "
                           "established customer either way, and so is an emerging campaign's exit.")
    owned_exit_share: float | None = Field(
        0.1, ge=0, le=1, description="An emerging campaign's exit on which at most this share of "
                                      "the customers are established and untied (crowd_counts_tied) "
                                      "ties even an established account at its first request "
                                      "there, unless it signed up from it (exit_tie_max_age_days): "
                                      "a relay's year-old heads take turns on exits that no "
                                      "customer of its own vouches for, where a VPN's or a "
                                      "campus's exit keeps its crowd. Unset (null): an established "
                                      "account answers for its own exchanges.")
    owned_exit_min_customers: int = Field(
        10, ge=1, description="Customers an exit needs before owned_exit_share judges it (two "
                              "heads and a developer on a small VPN exit are not a relay's).")
    owned_exit_classes: list[str] = Field(
        ["residential", "vpn", "unknown"],
        description="Address classes (features.network) of the exits owned_exit_share judges: a "
                    "proxy pool's residential or VPN addresses. A cloud egress is a platform's, "
                    "where an established tenant (a SaaS backend) arrives any day; a campus's or a "
                    "company's NAT is its people's.")
    crowd_counts_tied: bool = Field(
        False, description="Whether an established customer that a campaign ties (flagged, or tied "
                           "by its card, exit or signup address) still counts in the established "
                           "crowd (crowd_exit_share) of an emerging campaign's exit it used. Off: "
                           "only untied ones do, as an operation's aged heads, once tied, vouch "
                           "for none of its exits (the online cohorts count every established "
                           "customer either way).")
    fleet_client_min_members: int | None = Field(
        3, ge=1, description="Accounts tied to one emerging campaign (flagged, or tied by its "
                             "card, exit or signup address) that present one client fingerprint "
                             "before it ties the campaign's next new head on its own: a client "
                             "build no customer the accounts table dates as established runs "
                             "(exit_tie_max_age_days; an account of unknown age counts as "
                             "established) and fleet_client_min_share of whose holders are the "
                             "campaign's: an operation's own tooling, where an SDK's fingerprint "
                             "is every customer's (unset: a fingerprint never ties alone).")
    fleet_client_min_share: float = Field(
        0.5, ge=0, le=1, description="Share of a client fingerprint's holders that must be tied to "
                                     "the campaign before it ties (fleet_client_min_members).")
