"""Command line of distillguard (Typer): parse arguments, call the library, map errors to exit codes.

Exit codes: 0 ok, 2 bad usage or input (DistillguardError, one line on stderr), 1 internal error."""

from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import click
import typer
from rich.console import Console
from typer.core import TyperGroup

from distillguard import CONTRACT_VERSION, __version__
from distillguard.errors import DistillguardError, InputError, printable


class _Commands(TyperGroup):
    """The one place that catches DistillguardError (bad input, config or state): one line on
    stderr, exit code 2. Anything else is a bug: exit 1, a traceback, no locals."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DistillguardError as exc:
            err.print("[red]error:[/red] ", end="", highlight=False)
            err.print(str(exc), highlight=False, markup=False, soft_wrap=True)
            raise typer.Exit(2) from None


# Polars' allocator (jemalloc) soon hands freed pages back to the kernel; a scan frees and refills
# GBs per chunk, and a scan of 11M events spent 15-18 s in the kernel faulting them in again: 8-9 s
# when freed pages are kept 10 s (wall time -9%, peak memory +0.6 GB). jemalloc reads this when
# Polars loads, which is why the commands import Polars only after main() has run.
ALLOCATOR_ENV = "_RJEM_MALLOC_CONF"
ALLOCATOR_CONF = "dirty_decay_ms:10000,muzzy_decay_ms:10000"
# glibc's malloc (NumPy's arrays) maps each array over 32 MB afresh and unmaps it when it is freed,
# so the kernel clears its pages again for the next one (a scan allocates GBs of such arrays per
# chunk). The batch commands keep freed memory for reuse instead: one arena (threads allocate a
# few large arrays, not many small ones), no mapping per array, the heap's top handed back past 2
# GB. mallopt parameters (malloc.h): M_MMAP_MAX -4, M_ARENA_MAX -8, M_TRIM_THRESHOLD -1.
MALLOPT = ((-4, 0), (-8, 1), (-1, 2 << 30))


def keep_freed_memory() -> bool:
    """Apply MALLOPT, unless the user tuned malloc (MALLOC_* or GLIBC_TUNABLES in the environment)
    or the C library has no mallopt; whether it was applied."""
    if any(name.startswith("MALLOC_") or name == "GLIBC_TUNABLES" for name in os.environ):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (AttributeError, OSError):  # not glibc (macOS, Windows)
        return False
    return all(mallopt(option, value) == 1 for option, value in MALLOPT)

app = typer.Typer(
    cls=_Commands,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # a bug prints a plain traceback; locals may hold prompts
    help="Detect distillation operations (hydra clusters) in LLM API request logs.",
)
# piped output keeps whole table rows instead of wrapping at 80 columns
out = Console(width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, width=None if sys.stderr.isatty() else 400)


class Scale(StrEnum):
    small = "small"
    medium = "medium"
    large = "large"


class Engine(StrEnum):
    polars = "polars"
    spark = "spark"


class Evasion(StrEnum):
    default = "default"
    hard = "hard"


class LogFormat(StrEnum):
    auto = "auto"
    contract = "contract"
    otel = "otel"
    litellm = "litellm"


FormatOption = Annotated[LogFormat, typer.Option(
    "--format", help="How EVENTS are written: contract (the contract's columns, or io.columns), "
                     "otel (OTLP JSON GenAI spans), litellm (LiteLLM spend logs), auto (look).")]


def _say(text: str) -> None:
    """Print lines that may quote user data (account ids, values, paths): control characters
    escaped, no rich markup."""
    for line in text.split("\n"):
        out.print(printable(line), highlight=False, markup=False, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        _say(f"distillguard {__version__} (contract v{CONTRACT_VERSION})")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool | None, typer.Option("--version", callback=_version, is_eager=True,
                                                 help="Print the version and exit.")] = None,
) -> None:
    """Detect distillation operations (hydra clusters) in LLM API request logs."""


@app.command()
def simulate(
    out_dir: Annotated[Path, typer.Option("--out", help="Directory to write the world to.")],
    scale: Annotated[Scale, typer.Option(help="small (seconds), medium (~1M events), large (~10M).")]
    = Scale.small,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same world.")] = 0,
    days: Annotated[int | None, typer.Option(min=1, max=120, help="Days of traffic (default per scale).")]
    = None,
    evasion: Annotated[Evasion, typer.Option(help="Evasion preset of the operations.")]
    = Evasion.default,
    config: Annotated[Path | None, typer.Option(help="YAML file with simulator and evasion knobs "
                                                     "(merged over the preset).")] = None,
) -> None:
    """Write a labelled world (events, accounts, releases, truth, events_truth) per the contract."""
    from distillguard.sim.config import load_sim_config
    from distillguard.sim.world import simulate_world

    sim_cfg = load_sim_config(config, scale=scale.value, days=days, evasion=evasion.value)
    summary = simulate_world(out_dir, sim_cfg, seed=seed, show_progress=sys.stderr.isatty())
    out.print(summary.render())


@app.command()
def validate(
    events: Annotated[Path, typer.Argument(help="Events file or directory (Parquet, JSONL or CSV).")],
    out_dir: Annotated[Path, typer.Option("--out", help="Directory for summary.json and quarantine.jsonl.")],
    accounts: Annotated[Path | None, typer.Option(help="Accounts table.")] = None,
    releases: Annotated[Path | None, typer.Option(help="Model releases table.")] = None,
    config: Annotated[Path | None, typer.Option(help="YAML config merged over the defaults.")] = None,
    log_format: FormatOption = LogFormat.contract,
) -> None:
    """Check a log export against the contract: counts, quarantine with reasons, summary.json."""
    from distillguard.config import load_config
    from distillguard.io.validate import validate_inputs

    report = validate_inputs(events, accounts=accounts, releases=releases, out_dir=out_dir,
                             cfg=load_config(config).io, show_progress=sys.stderr.isatty(),
                             fmt=log_format.value)
    for line in report.lines():
        _say(line)


@app.command()
def scan(
    events: Annotated[str, typer.Argument(help="Events file or directory (Parquet, JSONL or CSV); "
                                               "with --engine spark a Parquet dataset: file, "
                                               "directory, partitioned tree or Hadoop URI.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Directory for the scan outputs.")],
    accounts: Annotated[Path | None, typer.Option(help="Accounts table (tier, age, payment...).")] = None,
    releases: Annotated[Path | None, typer.Option(help="Model releases table.")] = None,
    intel: Annotated[Path | None, typer.Option(help="Partner indicators (STIX 2.1 bundle).")] = None,
    config: Annotated[Path | None, typer.Option(help="YAML config merged over the defaults.")] = None,
    log_format: FormatOption = LogFormat.contract,
    engine: Annotated[Engine, typer.Option(help="polars (one machine) or spark (pip install "
                                                "'distillguard[spark]').")] = Engine.polars,
    spark_master: Annotated[str | None, typer.Option(help="Spark master URL (default: the "
                                                          "spark-submit session or local[*]).")] = None,
) -> None:
    """Score accounts and link them into campaigns: accounts.parquet, campaigns.json, STIX, quarantine."""
    keep_freed_memory()
    from distillguard.config import load_config
    from distillguard.scan import fingerprint_accounts, run_scan

    fingerprint: Any = fingerprint_accounts
    if engine is Engine.spark:
        if importlib.util.find_spec("pyspark") is None:
            raise InputError("--engine spark needs pyspark: pip install 'distillguard[spark]'")
        from distillguard import spark

        fingerprint = partial(spark.fingerprint, spark=spark.spark_session(spark_master))
    result = run_scan(events, accounts=accounts, releases=releases, intel=intel,
                      out_dir=out_dir, cfg=load_config(config), show_progress=sys.stderr.isatty(),
                      fmt=log_format.value, fingerprint=fingerprint)
    for line in result.lines():
        _say(line)


@app.command()
def train(
    events: Annotated[Path, typer.Argument(help="Events file or directory (Parquet, JSONL or CSV).")],
    labels: Annotated[Path, typer.Option(help="Labels table: account_id, label (1 operation, 0 "
                                              "legitimate), optional campaign_id.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Directory for config.yaml and "
                                                        "train_metrics.json.")],
    accounts: Annotated[Path | None, typer.Option(help="Accounts table (tier, age, payment...).")] = None,
    config: Annotated[Path | None, typer.Option(help="YAML config merged over the defaults (its "
                                                     "train section sets folds and targets).")] = None,
    log_format: FormatOption = LogFormat.contract,
) -> None:
    """Fit the account score on your own labelled accounts; write a config scan and serve accept."""
    keep_freed_memory()
    from distillguard.config import load_config
    from distillguard.train import run_train

    result = run_train(events, labels=labels, accounts=accounts, out_dir=out_dir,
                       cfg=load_config(config), show_progress=sys.stderr.isatty(),
                       fmt=log_format.value)
    for line in result.lines():
        _say(line)


@app.command()
def evaluate(
    truth: Annotated[Path, typer.Option(help="truth.parquet of a simulated world.")],
    scan_dir: Annotated[Path, typer.Option("--scan", help="Output directory of a scan.")],
    events_truth: Annotated[Path | None, typer.Option(
        help="events_truth.parquet (default: beside --truth, when present).")] = None,
) -> None:
    """Score a scan against ground truth; print the metrics and write SCAN/metrics.json."""
    from distillguard.evaluation.metrics import evaluate_scan

    evaluate_scan(truth, scan_dir, events_truth=events_truth).print(out)


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Directory for the world and the scan.")]
    = Path("distillguard-demo"),
    scale: Annotated[Scale, typer.Option(help="World size.")] = Scale.small,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    evasion: Annotated[Evasion, typer.Option(help="Evasion preset.")] = Evasion.default,
) -> None:
    """Simulate a world, scan it, evaluate the scan and print where the report is."""
    from distillguard.config import load_config
    from distillguard.evaluation.metrics import evaluate_scan
    from distillguard.scan import REPORT_FILE, run_scan
    from distillguard.sim.config import load_sim_config
    from distillguard.sim.world import simulate_world

    world, scan_dir = out_dir / "world", out_dir / "scan"
    simulate_world(world, load_sim_config(scale=scale.value, evasion=evasion.value), seed=seed,
                   show_progress=sys.stderr.isatty())
    _say(f"world: {world.resolve()} (events, accounts, releases and truth of the simulation)")
    result = run_scan(world / "events.parquet", accounts=world / "accounts.parquet",
                      releases=world / "releases.parquet", out_dir=scan_dir, cfg=load_config(),
                      show_progress=sys.stderr.isatty())
    for line in result.lines():
        _say(line)
    evaluate_scan(world / "truth.parquet", scan_dir).print(out)
    _say(f"world: {world.resolve()}")
    _say(f"scan: {scan_dir.resolve()}")
    _say(f"report: {(scan_dir / REPORT_FILE).resolve().as_uri()}")


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


@app.command()
def serve(
    state: Annotated[str, typer.Option(help="sqlite:///PATH (embedded, default) or "
                                            "redis://HOST:PORT/DB (shared by replicas).")]
    = "sqlite:///distillguard-state.db",
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8080,
    policy: Annotated[Path | None, typer.Option(help="Policy YAML (default: the packaged "
                                                     "rules/policy.yaml).")] = None,
    config: Annotated[Path | None, typer.Option(help="YAML config merged over the defaults.")] = None,
    shadow: Annotated[bool, typer.Option("--shadow", help="Dry run: allow everything, report "
                                                          "what the policy would do.")] = False,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    open_access: Annotated[bool, typer.Option(
        "--open", help="Serve without authentication. Without it, serve refuses to start when no "
                       "token is configured.")] = False,
    access_log: Annotated[bool, typer.Option("--access-log", help="Print one line per request "
                                                                  "(off: it costs throughput).")]
    = False,
    accounts: Annotated[Path | None, typer.Option(help="Accounts table: the online score then "
                                                       "knows account age, tier and "
                                                       "verification.")] = None,
    scan: Annotated[Path | None, typer.Option(help="A scan's --out directory: the analyst "
                                                   "workspace at /ui shows its campaigns.")] = None,
    events: Annotated[Path | None, typer.Option(help="The scanned events (Parquet): prompts, "
                                                     "exchanges and indicators in /ui.")] = None,
    releases: Annotated[Path | None, typer.Option(help="Model releases (Parquet): markers on the "
                                                       "/ui charts.")] = None,
) -> None:
    """Run the online decision service (FastAPI + uvicorn) and the analyst workspace (/ui); tokens
    from DISTILLGUARD_TOKENS (admins), DISTILLGUARD_ANALYST_TOKENS, DISTILLGUARD_VIEWER_TOKENS."""
    import contextlib
    import os
    import signal

    import uvicorn

    from distillguard.online.service import check_listen, log_config
    from distillguard.ui.app import service_with_workspace

    os.environ.update({"DISTILLGUARD_STATE": state, "DISTILLGUARD_CONFIG": str(config or ""),
                       "DISTILLGUARD_POLICY": str(policy or ""),
                       "DISTILLGUARD_SHADOW": "1" if shadow else "0",
                       "DISTILLGUARD_OPEN": "1" if open_access else "0",
                       "DISTILLGUARD_ACCOUNTS": str(accounts or ""),
                       "DISTILLGUARD_SCAN": str(scan or ""), "DISTILLGUARD_EVENTS": str(events or ""),
                       "DISTILLGUARD_RELEASES": str(releases or "")})
    # fail fast (exit 2): config, policy, state URL, no token, scan files
    _app, info = service_with_workspace()
    check_listen(host, port)
    _say(f"distillguard serve: {info.describe(host, port, workers)}")
    if not info.open_access:
        _say(f"distillguard serve: analyst workspace at http://{host}:{port}/ui"
             + (f" (scan {scan})" if scan else " (live state only: no --scan)"))
    _say("distillguard serve: Ctrl-C stops it")
    # uvicorn shuts down gracefully on SIGINT / SIGTERM, then raises the signal again: let that
    # end here, so the last line says the service stopped
    signal.signal(signal.SIGTERM, _interrupt)
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.run("distillguard.ui.app:app_from_env", factory=True, host=host,
                    port=port, workers=workers, log_level="info" if access_log else "warning",
                    access_log=access_log, log_config=log_config())
    _say("distillguard serve: stopped")


@app.command()
def replay(
    world: Annotated[Path, typer.Argument(help="Directory written by distillguard simulate.")],
    url: Annotated[str, typer.Option(help="Base URL of a running distillguard serve.")],
    speed: Annotated[str, typer.Option(help="N times real time, or 'max'.")] = "max",
    token: Annotated[str | None, typer.Option(help="Bearer token (default: the first of "
                                                   "DISTILLGUARD_TOKENS).")] = None,
    concurrency: Annotated[int, typer.Option(min=1, max=512, help="Requests in flight.")] = 16,
    start_day: Annotated[float, typer.Option(min=0, help="Start this many days into the world.")]
    = 0.0,
    days: Annotated[float | None, typer.Option(min=0, help="Replay this many days (default: "
                                                           "all).")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many events.")] = None,
    report: Annotated[Path | None, typer.Option(help="Write the report as JSON here.")] = None,
) -> None:
    """Stream a world's events in time order through decide + events; report per operation."""
    import json
    import os

    from distillguard.online.replay import ReplayOptions
    from distillguard.online.replay import replay as run_replay
    from distillguard.progress import progress_bar

    if speed != "max":
        try:
            factor = float(speed)
            if factor <= 0:
                raise ValueError
        except ValueError:
            raise DistillguardError(f"--speed: expected a positive number or 'max', got "
                                    f"{speed!r}") from None
    token = token or next(iter(t.strip() for t in os.environ.get("DISTILLGUARD_TOKENS", "")
                               .split(",") if t.strip()), "")
    opts = ReplayOptions(url=url, token=token, speed=None if speed == "max" else float(speed),
                         concurrency=concurrency, start_day=start_day, days=days, limit=limit)
    with progress_bar(sys.stderr.isatty()) as stage:
        summary = run_replay(world, opts, stage)
    text = json.dumps(summary, indent=2)
    if report is not None:
        report.write_text(text + "\n", encoding="utf-8")
    _say(text)


def main() -> None:
    """Entry point: usage errors become one line on stderr and exit code 2, like input errors
    (which _Commands turns into exit code 2)."""
    os.environ.setdefault(ALLOCATOR_ENV, ALLOCATOR_CONF)  # the user's own setting wins
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as exc:  # usage errors: unknown option, missing argument, ...
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            typer.echo(ctx.get_help())
            sys.exit(0)
        hint = f" (see 'distillguard {ctx.command_path.split(' ', 1)[-1]} --help')" \
            if ctx is not None and " " in ctx.command_path else ""
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        err.print(printable(f"error: {' '.join(message.split())}{hint}"), highlight=False,
                  markup=False, soft_wrap=True)
        code = 2
    except typer.Abort:
        err.print("aborted", highlight=False)
        code = 130
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
