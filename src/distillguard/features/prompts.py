"""Prompt-level features of distinct prompts, and a cache of them across the chunks of one scan.

Consumes distinct prompt texts; produces what each contributes to the per-event features: its capability
(text only) with its probability, and its template shingles. Both depend on the prompt alone (the scaffold
that turns shingles into a template signature is learnt per chunk, in features.events), so a prompt seen in
a recent chunk is not tokenized or tagged again: most distinct prompts of a long log recur from one chunk
to the next."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass

import numpy as np
import polars as pl

from distillguard.features.capabilities import tag_words
from distillguard.features.templates import Shingles, prompt_words, shingles

RECENT_CHUNKS = 2  # chunks whose prompts a PromptCache keeps (memory: ~35 MB per 100k prompts)
KEY_SEEDS = (0x51, 0xA7)  # two 64-bit hashes name a prompt: a collision among 10^6 prompts ~ 10^-26


def prompt_keys(texts: pl.Series) -> pl.DataFrame:
    """k1, k2: the 128-bit key of each text (UInt64 hashes of two seeds). The cache joins on keys
    rather than on the texts, and keeps no text: its look-ups cost a join of integers, and no
    chunk's text buffers outlive the chunk."""
    return pl.DataFrame({f"k{i}": texts.hash(seed=seed) for i, seed in enumerate(KEY_SEEDS, 1)})


@dataclass(frozen=True)
class PromptTable:
    """Prompt-level features of distinct prompts, one row each.

    Prompt i's shingles are ``gram[starts[i]:starts[i + 1]]``."""

    key: pl.DataFrame  # k1, k2 (prompt_keys), distinct
    tags: pl.DataFrame  # capability, capability_p
    starts: np.ndarray  # int64, len(key) + 1
    gram: np.ndarray  # uint64

    @classmethod
    def of(cls, prompts: pl.Series, key: pl.DataFrame | None = None) -> PromptTable:
        """Tokenize and tag distinct ``prompts`` (``key``: their prompt_keys, when known)."""
        words = prompt_words(prompts)
        pid, gram = shingles(words)
        return cls(key=prompt_keys(prompts) if key is None else key,
                   tags=tag_words(words, prompts.len()),
                   starts=np.searchsorted(pid, np.arange(prompts.len() + 1)), gram=gram)

    def __len__(self) -> int:
        return self.key.height

    def shingles(self) -> Shingles:
        """(row, gram) of every shingle, as templates.shingles gives them."""
        return np.repeat(np.arange(len(self)), np.diff(self.starts)), self.gram

    def take(self, rows: np.ndarray) -> PromptTable:
        """The table of ``rows``, in that order."""
        sizes = self.starts[rows + 1] - self.starts[rows]
        starts = np.concatenate(([0], np.cumsum(sizes)))
        at = np.repeat(self.starts[rows] - starts[:-1], sizes) + np.arange(starts[-1])
        return PromptTable(key=self.key[rows], tags=self.tags[rows], starts=starts,
                           gram=self.gram[at])

    @staticmethod
    def concat(tables: list[PromptTable]) -> PromptTable:
        sizes = np.concatenate([np.diff(t.starts) for t in tables])
        return PromptTable(key=pl.concat([t.key for t in tables]),
                           tags=pl.concat([t.tags for t in tables]),
                           starts=np.concatenate(([0], np.cumsum(sizes))),
                           gram=np.concatenate([t.gram for t in tables]))

    def rows_of(self, key: pl.DataFrame) -> np.ndarray:
        """Row of each prompt of ``key`` (prompt_keys) in this table, -1 where absent."""
        table = self.key.with_columns(row=np.arange(len(self), dtype=np.int64))
        return (key.join(table, on=["k1", "k2"], how="left", maintain_order="left")
                ["row"].fill_null(-1).to_numpy())


class PromptCache:
    """The PromptTables of the last ``chunks`` chunks a scan featurized, merged for look-ups.

    Safe to share between threads: a look-up reads one merged table, an addition replaces it. What
    a chunk finds there is exactly what it would compute, so which chunks were done first changes
    the time a chunk takes, never its features."""

    def __init__(self, chunks: int = RECENT_CHUNKS) -> None:
        self.chunks = chunks
        self._recent: deque[PromptTable] = deque()
        self._merged: PromptTable | None = None
        self._lock = threading.Lock()

    def features(self, prompts: pl.Series) -> PromptTable:
        """The PromptTable of distinct ``prompts`` (in that order); those not in the cache are
        tokenized and tagged, and the table is remembered for the next chunks."""
        merged = self._merged
        key = prompt_keys(prompts)
        rows = merged.rows_of(key) if merged is not None else np.full(prompts.len(), -1)
        fresh = np.flatnonzero(rows < 0)
        if merged is None or len(fresh) == len(rows):
            table = PromptTable.of(prompts, key)
        else:
            known = np.flatnonzero(rows >= 0)
            parts = PromptTable.concat([merged.take(rows[known]),
                                        PromptTable.of(prompts.gather(fresh), key[fresh])])
            order = np.empty(len(rows), dtype=np.int64)
            order[np.concatenate([known, fresh])] = np.arange(len(rows))
            table = parts.take(order)
        self._remember(table)
        return table

    def _remember(self, table: PromptTable) -> None:
        if self.chunks == 0:
            return
        with self._lock:
            self._recent.append(table)
            while len(self._recent) > self.chunks:
                self._recent.popleft()
            # newest first: an older table adds only the prompts the newer ones lack
            merged = self._recent[-1]
            for older in reversed(list(self._recent)[:-1]):
                extra = (older.key.with_row_index("row")
                         .join(merged.key, on=["k1", "k2"], how="anti")["row"].to_numpy())
                merged = PromptTable.concat([merged, older.take(extra)])
            self._merged = merged
