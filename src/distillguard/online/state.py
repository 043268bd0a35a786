"""Shared online state: account records, request ids seen, indicator → campaign maps, distinct-account
sketches and global counters, behind one interface: SQLite here (embedded default), Redis in redis_state.

Consumed by online.ingest and online.service; every write is committed before the caller acknowledges,
so a restarted service (or another replica on the same Redis) sees every acknowledged event."""

from __future__ import annotations

import functools
import sqlite3
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import orjson

from distillguard.errors import StateError
from distillguard.online.records import AccountState

DEFAULT_STATE = "sqlite:///distillguard-state.db"


def raises_state_error(*errors: type[BaseException]) -> Callable[[type], type]:
    """Class decorator: the backend's own errors (``errors``) leave every public method as one-line
    StateErrors, so callers (the service: 503, the CLI: exit 2) handle a single type."""

    def wrap(method: Callable[..., Any], name: str, cls_name: str) -> Callable[..., Any]:
        @functools.wraps(method)
        def wrapped(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except errors as exc:
                first = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
                raise StateError(f"{cls_name}.{name}: state backend failed "
                                 f"({exc.__class__.__name__}: {first[:200]})") from None
        return wrapped

    def decorate(cls: type) -> type:
        for name, member in list(vars(cls).items()):
            if callable(member) and (not name.startswith("_") or name == "__init__"):
                setattr(cls, name, wrap(member, name, cls.__name__))
        return cls
    return decorate


class Store(ABC):
    """What the online service keeps between requests and shares between replicas.

    Backends raise StateError, never their own errors, when the state cannot be read or written."""

    backend = "?"  # shown by ``distillguard serve``

    @abstractmethod
    def claim(self, request_ids: list[str]) -> list[bool]:
        """Mark request ids as seen; True for each id seen for the first time (idempotency).

        An id is remembered for ``request_ttl`` seconds (a week by default): long enough for any
        gateway retry, short enough that the state does not grow with every request ever made."""

    @abstractmethod
    def accounts(self, account_ids: Iterable[str]) -> dict[str, AccountState]:
        """Stored summaries (score, flags, campaign, ...) of the accounts that have one."""

    @abstractmethod
    def rings(self, account_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Stored recent exchanges (columnar) of the accounts that have them."""

    @abstractmethod
    def save_accounts(self, summaries: dict[str, AccountState],
                      rings: dict[str, dict[str, Any]] | None = None) -> None:
        """Replace the summaries (and, when given, the recent exchanges) of these accounts."""

    @abstractmethod
    def add_members(self, kind: str, pairs: Iterable[tuple[str, str]]) -> dict[str, int]:
        """Add (value, account) pairs to the distinct-account sets of ``kind`` (template skeletons,
        IPs); return the number of distinct accounts of each value touched (capped by the backend
        at ``MEMBER_CAP``: past it a value is popular and exact counts no longer matter)."""

    @abstractmethod
    def member_counts(self, kind: str, values: Iterable[str]) -> dict[str, int]:
        """The number of distinct accounts of each value of ``kind`` (0 when none), as add_members
        returns it, without adding anything."""

    @abstractmethod
    def union_counts(self, groups: dict[str, list[tuple[str, str]]]) -> dict[str, int]:
        """For each group of (kind, value) member sets, the number of distinct accounts in their
        union (0 for an empty group), capped as add_members caps a count."""

    @abstractmethod
    def campaign_of(self, indicators: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Campaign id of each (kind, value) indicator that belongs to a known campaign."""

    def lookup(self, account_id: str, indicators: list[tuple[str, str]]
               ) -> tuple[AccountState | None, dict[tuple[str, str], str]]:
        """What one decision reads: the account's summary and the campaigns of the request's
        indicators (backends override it to do both in one round trip)."""
        return self.accounts([account_id]).get(account_id), self.campaign_of(indicators)

    @abstractmethod
    def add_indicators(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Attach (kind, value) indicators to campaign ids (a later attachment wins)."""

    @abstractmethod
    def drop_indicators(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Detach (kind, value) indicators from the campaign id given with each, where they are
        still attached to it (one attached to another campaign since stays)."""

    @abstractmethod
    def save_campaigns(self, documents: list[dict[str, Any]]) -> None:
        """Store campaign documents by campaign_id (replacing older versions)."""

    @abstractmethod
    def campaigns(self) -> list[dict[str, Any]]:
        """Every stored campaign document."""

    @abstractmethod
    def increment(self, counter: str, counts: dict[str, int]) -> None:
        """Add to the named global counters (e.g. exchanges per capability)."""

    @abstractmethod
    def counters(self, counter: str) -> dict[str, int]:
        """Current values of the named global counters."""

    @abstractmethod
    def put_doc(self, collection: str, key: str, doc: dict[str, Any]) -> dict[str, Any] | None:
        """Store ``doc`` under ``key`` of ``collection`` (e.g. analyst verdicts); the document it
        replaced, None when there was none."""

    @abstractmethod
    def docs(self, collection: str) -> dict[str, dict[str, Any]]:
        """Every document of ``collection`` by key."""

    @abstractmethod
    def append_log(self, log: str, entry: dict[str, Any]) -> None:
        """Append ``entry`` to the append-only ``log`` (e.g. the analysts' audit log)."""

    @abstractmethod
    def read_log(self, log: str, start: int = 0, count: int = 50) -> tuple[list[dict[str, Any]], int]:
        """Entries of ``log``, newest first, from ``start``, at most ``count``; and how many in all."""

    def close(self) -> None:  # noqa: B027 - optional for backends without resources
        """Release connections."""


MEMBER_CAP = 1000
REQUEST_TTL = 7 * 24 * 3600


@raises_state_error(sqlite3.Error, OSError)
class SQLiteStore(Store):
    """Embedded state in one SQLite file (WAL): no server, several processes on one host."""

    backend = "SQLite"

    SCHEMA = """
    CREATE TABLE IF NOT EXISTS requests (id TEXT PRIMARY KEY, seen REAL NOT NULL) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS requests_seen ON requests (seen);
    CREATE TABLE IF NOT EXISTS accounts (id TEXT PRIMARY KEY, summary BLOB NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS rings (id TEXT PRIMARY KEY, ring BLOB NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS members (kind TEXT, value TEXT, account TEXT,
                                        PRIMARY KEY (kind, value, account)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS member_counts (kind TEXT, value TEXT, n INTEGER NOT NULL,
                                              PRIMARY KEY (kind, value)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS indicators (kind TEXT, value TEXT, campaign TEXT NOT NULL,
                                           PRIMARY KEY (kind, value)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS campaigns (id TEXT PRIMARY KEY, doc BLOB NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS counters (name TEXT, key TEXT, n INTEGER NOT NULL,
                                         PRIMARY KEY (name, key)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS docs (collection TEXT, key TEXT, doc BLOB NOT NULL,
                                     PRIMARY KEY (collection, key)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS logs (seq INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,
                                     entry BLOB NOT NULL);
    CREATE INDEX IF NOT EXISTS logs_name ON logs (name, seq);
    """

    def __init__(self, path: str | Path, request_ttl: float = REQUEST_TTL) -> None:
        self.path = str(path)
        self.request_ttl = request_ttl
        self._pruned = 0.0
        self._local = threading.local()
        self._lock = threading.Lock()  # one writer per process; SQLite serializes processes
        with self._lock:
            self._db.executescript(self.SCHEMA)

    @property
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            try:
                db = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                     check_same_thread=False)
            except sqlite3.Error as exc:
                raise StateError(f"{self.path}: cannot open state database ({exc})") from None
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across process crashes
            self._local.db = db
        return db

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed before returning (rolled back on any error)."""
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def _write(self, sql: str, rows: Iterable[tuple]) -> None:
        with self._transaction() as db:
            db.executemany(sql, rows)

    def claim(self, request_ids: list[str]) -> list[bool]:
        now = time.time()
        with self._transaction() as db:
            if now - self._pruned > 60:
                db.execute("DELETE FROM requests WHERE seen < ?", (now - self.request_ttl,))
                self._pruned = now
            return [db.execute("INSERT OR IGNORE INTO requests VALUES (?, ?)",
                               (rid, now)).rowcount == 1 for rid in request_ids]

    def _blobs(self, table: str, column: str, account_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        ids = list(dict.fromkeys(account_ids))
        out: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for key, blob in self._db.execute(
                    f"SELECT id, {column} FROM {table} WHERE id IN ({marks})", chunk):
                out[key] = orjson.loads(blob)
        return out

    def accounts(self, account_ids: Iterable[str]) -> dict[str, AccountState]:
        return {k: AccountState.from_dict(v)
                for k, v in self._blobs("accounts", "summary", account_ids).items()}

    def rings(self, account_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        return self._blobs("rings", "ring", account_ids)

    def save_accounts(self, summaries: dict[str, AccountState],
                      rings: dict[str, dict[str, Any]] | None = None) -> None:
        with self._transaction() as db:
            db.executemany("INSERT OR REPLACE INTO accounts VALUES (?, ?)",
                           ((k, v.to_json()) for k, v in summaries.items()))
            db.executemany("INSERT OR REPLACE INTO rings VALUES (?, ?)",
                           ((k, orjson.dumps(v)) for k, v in (rings or {}).items()))

    def add_members(self, kind: str, pairs: Iterable[tuple[str, str]]) -> dict[str, int]:
        pairs = list(dict.fromkeys(pairs))
        counts: dict[str, int] = {}
        with self._transaction() as db:
            for value, account in pairs:
                row = db.execute("SELECT n FROM member_counts WHERE kind=? AND value=?",
                                 (kind, value)).fetchone()
                n = row[0] if row else 0
                if n < MEMBER_CAP and db.execute(
                        "INSERT OR IGNORE INTO members VALUES (?, ?, ?)",
                        (kind, value, account)).rowcount == 1:
                    n += 1
                    db.execute("INSERT OR REPLACE INTO member_counts VALUES (?, ?, ?)",
                               (kind, value, n))
                counts[value] = n
        return counts

    def member_counts(self, kind: str, values: Iterable[str]) -> dict[str, int]:
        out = {}
        for value in dict.fromkeys(values):
            row = self._db.execute("SELECT n FROM member_counts WHERE kind=? AND value=?",
                                   (kind, value)).fetchone()
            out[value] = row[0] if row else 0
        return out

    def union_counts(self, groups: dict[str, list[tuple[str, str]]]) -> dict[str, int]:
        out = {}
        for group, keys in groups.items():
            keys = list(dict.fromkeys(keys))
            where = " OR ".join(["(kind=? AND value=?)"] * len(keys))
            out[group] = min(MEMBER_CAP, self._db.execute(
                f"SELECT COUNT(DISTINCT account) FROM members WHERE {where}",
                [x for key in keys for x in key]).fetchone()[0]) if keys else 0
        return out

    def campaign_of(self, indicators: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        out = {}
        for kind, value in indicators:
            row = self._db.execute("SELECT campaign FROM indicators WHERE kind=? AND value=?",
                                   (kind, value)).fetchone()
            if row:
                out[(kind, value)] = row[0]
        return out

    def add_indicators(self, rows: Iterable[tuple[str, str, str]]) -> None:
        self._write("INSERT OR REPLACE INTO indicators VALUES (?, ?, ?)", rows)

    def drop_indicators(self, rows: Iterable[tuple[str, str, str]]) -> None:
        self._write("DELETE FROM indicators WHERE kind=? AND value=? AND campaign=?", rows)

    def save_campaigns(self, documents: list[dict[str, Any]]) -> None:
        self._write("INSERT OR REPLACE INTO campaigns VALUES (?, ?)",
                    ((d["campaign_id"], orjson.dumps(d)) for d in documents))

    def campaigns(self) -> list[dict[str, Any]]:
        return [orjson.loads(doc) for (doc,) in
                self._db.execute("SELECT doc FROM campaigns ORDER BY id")]

    def increment(self, counter: str, counts: dict[str, int]) -> None:
        self._write("INSERT INTO counters VALUES (?, ?, ?) "
                    "ON CONFLICT (name, key) DO UPDATE SET n = n + excluded.n",
                    ((counter, k, int(v)) for k, v in counts.items()))

    def counters(self, counter: str) -> dict[str, int]:
        return dict(self._db.execute("SELECT key, n FROM counters WHERE name=?", (counter,)))

    def put_doc(self, collection: str, key: str, doc: dict[str, Any]) -> dict[str, Any] | None:
        with self._transaction() as db:
            row = db.execute("SELECT doc FROM docs WHERE collection=? AND key=?",
                             (collection, key)).fetchone()
            db.execute("INSERT OR REPLACE INTO docs VALUES (?, ?, ?)",
                       (collection, key, orjson.dumps(doc)))
        return orjson.loads(row[0]) if row else None

    def docs(self, collection: str) -> dict[str, dict[str, Any]]:
        return {key: orjson.loads(doc) for key, doc in self._db.execute(
            "SELECT key, doc FROM docs WHERE collection=? ORDER BY key", (collection,))}

    def append_log(self, log: str, entry: dict[str, Any]) -> None:
        self._write("INSERT INTO logs (name, entry) VALUES (?, ?)", [(log, orjson.dumps(entry))])

    def read_log(self, log: str, start: int = 0, count: int = 50) -> tuple[list[dict[str, Any]], int]:
        rows = self._db.execute("SELECT entry FROM logs WHERE name=? ORDER BY seq DESC LIMIT ? OFFSET ?",
                                (log, count, start)).fetchall()
        (total,) = self._db.execute("SELECT COUNT(*) FROM logs WHERE name=?", (log,)).fetchone()
        return [orjson.loads(e) for (e,) in rows], total

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None


def open_store(url: str, request_ttl: float = REQUEST_TTL) -> Store:
    """``sqlite:///PATH`` (relative to the working directory; ``sqlite:////abs/path``) or
    ``redis://HOST:PORT/DB``; request ids are remembered ``request_ttl`` seconds."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else ""
        if not path:
            raise StateError(f"{url}: expected sqlite:///PATH")
        return SQLiteStore(path, request_ttl)
    if parsed.scheme in ("redis", "rediss"):
        from distillguard.online.redis_state import RedisStore  # redis is only needed here

        return RedisStore(url, request_ttl=request_ttl)
    raise StateError(f"{url}: unknown state URL (use sqlite:///PATH or redis://HOST:PORT/DB)")
