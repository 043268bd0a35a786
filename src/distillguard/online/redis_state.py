"""The online state in Redis (online.state.Store), shared by every gateway replica: summaries and rings
as blobs, HyperLogLog distinct-account sketches, indicator and campaign hashes.

online.state.open_store opens it for ``redis://`` URLs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson
import redis

from distillguard.errors import StateError
from distillguard.online.records import AccountState
from distillguard.online.state import MEMBER_CAP, REQUEST_TTL, Store, raises_state_error

# detach an indicator only where it is still attached to the campaign given (atomic on the server)
DROP_INDICATORS = ("for i = 1, #ARGV, 2 do if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] "
                   "then redis.call('HDEL', KEYS[1], ARGV[i]) end end")


@raises_state_error(redis.RedisError, OSError)
class RedisStore(Store):
    """State in Redis, shared by every gateway replica (keys under ``prefix``)."""

    backend = "Redis"

    def __init__(self, url: str, prefix: str = "dg:", request_ttl: float = REQUEST_TTL) -> None:
        self.prefix = prefix
        self.request_ttl = int(request_ttl)
        try:
            self.redis = redis.Redis.from_url(url, socket_timeout=10)
            self.redis.ping()
        except (redis.RedisError, ValueError) as exc:
            raise StateError(f"{url}: cannot reach Redis ({exc})") from None

    def _k(self, *parts: str) -> str:
        return self.prefix + ":".join(parts)

    def claim(self, request_ids: list[str]) -> list[bool]:
        pipe = self.redis.pipeline(transaction=False)
        for rid in request_ids:
            pipe.set(self._k("req", rid), 1, nx=True, ex=self.request_ttl)
        return [bool(x) for x in pipe.execute()]

    def _blobs(self, kind: str, account_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        ids = list(dict.fromkeys(account_ids))
        if not ids:
            return {}
        values = self.redis.mget([self._k(kind, a) for a in ids])
        return {a: orjson.loads(v) for a, v in zip(ids, values, strict=True) if v is not None}

    def accounts(self, account_ids: Iterable[str]) -> dict[str, AccountState]:
        return {k: AccountState.from_dict(v) for k, v in self._blobs("acct", account_ids).items()}

    def rings(self, account_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        return self._blobs("ring", account_ids)

    def save_accounts(self, summaries: dict[str, AccountState],
                      rings: dict[str, dict[str, Any]] | None = None) -> None:
        blobs = {self._k("acct", k): v.to_json() for k, v in summaries.items()}
        blobs |= {self._k("ring", k): orjson.dumps(v) for k, v in (rings or {}).items()}
        if blobs:
            self.redis.mset(blobs)  # one atomic command: a summary never outruns its ring

    def add_members(self, kind: str, pairs: Iterable[tuple[str, str]]) -> dict[str, int]:
        pairs = list(dict.fromkeys(pairs))
        pipe = self.redis.pipeline(transaction=False)
        for value, account in pairs:
            pipe.pfadd(self._k("m", kind, value), account)
        values = list(dict.fromkeys(v for v, _ in pairs))
        for value in values:
            pipe.pfcount(self._k("m", kind, value))
        counts = pipe.execute()[len(pairs):]
        return {v: min(int(n), MEMBER_CAP) for v, n in zip(values, counts, strict=True)}

    def member_counts(self, kind: str, values: Iterable[str]) -> dict[str, int]:
        values = list(dict.fromkeys(values))
        pipe = self.redis.pipeline(transaction=False)
        for value in values:
            pipe.pfcount(self._k("m", kind, value))
        return {v: min(int(n), MEMBER_CAP) for v, n in zip(values, pipe.execute(), strict=True)}

    def union_counts(self, groups: dict[str, list[tuple[str, str]]]) -> dict[str, int]:
        filled = {g: list(dict.fromkeys(keys)) for g, keys in groups.items() if keys}
        pipe = self.redis.pipeline(transaction=False)
        for keys in filled.values():  # PFCOUNT of several keys counts their union
            pipe.pfcount(*(self._k("m", kind, value) for kind, value in keys))
        counts = dict(zip(filled, pipe.execute(), strict=True))
        return {g: min(int(counts.get(g, 0)), MEMBER_CAP) for g in groups}

    def campaign_of(self, indicators: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        keys = list(dict.fromkeys(indicators))
        if not keys:
            return {}
        found = self.redis.hmget(self._k("ind"), [f"{k}\x1f{v}" for k, v in keys])
        return {key: c.decode() for key, c in zip(keys, found, strict=True) if c is not None}

    def lookup(self, account_id: str, indicators: list[tuple[str, str]]
               ) -> tuple[AccountState | None, dict[tuple[str, str], str]]:
        pipe = self.redis.pipeline(transaction=False)
        pipe.get(self._k("acct", account_id))
        if indicators:
            pipe.hmget(self._k("ind"), [f"{k}\x1f{v}" for k, v in indicators])
        found = pipe.execute()
        record = AccountState.from_json(found[0]) if found[0] is not None else None
        campaigns = {key: c.decode() for key, c in zip(indicators, found[1], strict=True)
                     if c is not None} if indicators else {}
        return record, campaigns

    def add_indicators(self, rows: Iterable[tuple[str, str, str]]) -> None:
        mapping = {f"{k}\x1f{v}": c for k, v, c in rows}
        if mapping:
            self.redis.hset(self._k("ind"), mapping=mapping)

    def drop_indicators(self, rows: Iterable[tuple[str, str, str]]) -> None:
        args = [x for k, v, c in rows for x in (f"{k}\x1f{v}", c)]
        if args:
            self.redis.eval(DROP_INDICATORS, 1, self._k("ind"), *args)

    def save_campaigns(self, documents: list[dict[str, Any]]) -> None:
        if documents:
            self.redis.hset(self._k("campaigns"),
                            mapping={d["campaign_id"]: orjson.dumps(d) for d in documents})

    def campaigns(self) -> list[dict[str, Any]]:
        found = self.redis.hgetall(self._k("campaigns"))
        return [orjson.loads(found[k]) for k in sorted(found)]

    def increment(self, counter: str, counts: dict[str, int]) -> None:
        pipe = self.redis.pipeline(transaction=False)
        for key, n in counts.items():
            pipe.hincrby(self._k("count", counter), key, int(n))
        pipe.execute()

    def counters(self, counter: str) -> dict[str, int]:
        return {k.decode(): int(v) for k, v in self.redis.hgetall(self._k("count", counter)).items()}

    def put_doc(self, collection: str, key: str, doc: dict[str, Any]) -> dict[str, Any] | None:
        pipe = self.redis.pipeline(transaction=True)  # read the old one and write atomically
        pipe.hget(self._k("doc", collection), key)
        pipe.hset(self._k("doc", collection), key, orjson.dumps(doc))
        before = pipe.execute()[0]
        return orjson.loads(before) if before is not None else None

    def docs(self, collection: str) -> dict[str, dict[str, Any]]:
        found = self.redis.hgetall(self._k("doc", collection))
        return {k.decode(): orjson.loads(found[k]) for k in sorted(found)}

    def append_log(self, log: str, entry: dict[str, Any]) -> None:
        self.redis.lpush(self._k("log", log), orjson.dumps(entry))  # newest first

    def read_log(self, log: str, start: int = 0, count: int = 50) -> tuple[list[dict[str, Any]], int]:
        pipe = self.redis.pipeline(transaction=True)
        pipe.lrange(self._k("log", log), start, start + count - 1)
        pipe.llen(self._k("log", log))
        entries, total = pipe.execute()
        return [orjson.loads(e) for e in entries], int(total)

    def close(self) -> None:
        self.redis.close()
