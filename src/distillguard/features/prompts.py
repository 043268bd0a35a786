"""Prompt-level features of distinct prompts, and a cache of them across the chunks of one scan.

Consumes distinct prompt texts; produces what each contributes to the per-event features: its capability
(text only) with its probability, and its template shingles. Both depend on the prompt alone (the scaffold
that turns shingles into a template signature is learnt per chunk, in features.events), so a prompt seen in
a recent chunk is not tokenized or tagged again: most distinct prompts of a long log recur from one chunk
to the next."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, replace

import numpy as np
import polars as pl

from distillguard.features.capabilities import tag_words
from distillguard.features.templates import Shingles, prompt_words, shingles

RECENT_CHUNKS = 2  # chunks whose prompts a PromptCache keeps (memory: ~60 MB per 100k prompts)


def _own(texts: pl.Series) -> pl.Series:
    """A copy of ``texts`` in new buffers (a gather or a slice shares the buffers it comes from)."""
    return texts.to_frame("t").select(pl.concat_str(pl.col("t"), pl.lit(""))).to_series()


@dataclass(frozen=True)
class PromptTable:
    """Prompt-level features of distinct prompts, one row each.

    Prompt i's shingles are ``gram[starts[i]:starts[i + 1]]``."""

    text: pl.Series  # String, distinct
    tags: pl.DataFrame  # capability, capability_p
    starts: np.ndarray  # int64, len(text) + 1
    gram: np.ndarray  # uint64

    @classmethod
    def of(cls, prompts: pl.Series) -> PromptTable:
        """Tokenize and tag distinct ``prompts``; the texts are copied (_own), so the table never
        holds on to the buffers of the chunk they come from."""
        words = prompt_words(prompts)
        pid, gram = shingles(words)
        return cls(text=_own(prompts), tags=tag_words(words, prompts.len()),
                   starts=np.searchsorted(pid, np.arange(prompts.len() + 1)), gram=gram)

    def __len__(self) -> int:
        return self.text.len()

    def shingles(self) -> Shingles:
        """(row, gram) of every shingle, as templates.shingles gives them."""
        return np.repeat(np.arange(len(self)), np.diff(self.starts)), self.gram

    def take(self, rows: np.ndarray) -> PromptTable:
        """The table of ``rows``, in that order."""
        sizes = self.starts[rows + 1] - self.starts[rows]
        starts = np.concatenate(([0], np.cumsum(sizes)))
        at = np.repeat(self.starts[rows] - starts[:-1], sizes) + np.arange(starts[-1])
        return PromptTable(text=self.text.gather(rows), tags=self.tags[rows], starts=starts,
                           gram=self.gram[at])

    @staticmethod
    def concat(tables: list[PromptTable]) -> PromptTable:
        sizes = np.concatenate([np.diff(t.starts) for t in tables])
        return PromptTable(text=pl.concat([t.text for t in tables]),
                           tags=pl.concat([t.tags for t in tables]),
                           starts=np.concatenate(([0], np.cumsum(sizes))),
                           gram=np.concatenate([t.gram for t in tables]))

    def rows_of(self, prompts: pl.Series) -> np.ndarray:
        """Row of each of ``prompts`` in this table, -1 where absent."""
        table = pl.DataFrame({"text": self.text, "row": np.arange(len(self), dtype=np.int64)})
        return (pl.DataFrame({"text": prompts}).join(table, on="text", how="left",
                                                     maintain_order="left")
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
        rows = merged.rows_of(prompts) if merged is not None else np.full(prompts.len(), -1)
        fresh = np.flatnonzero(rows < 0)
        if merged is None or len(fresh) == len(rows):
            table = PromptTable.of(prompts)
        else:
            known = np.flatnonzero(rows >= 0)
            parts = PromptTable.concat([merged.take(rows[known]),
                                        PromptTable.of(prompts.gather(fresh))])
            order = np.empty(len(rows), dtype=np.int64)
            order[np.concatenate([known, fresh])] = np.arange(len(rows))
            # its own copy of the texts: gathered ones would keep older tables' buffers alive
            table = replace(parts.take(order), text=_own(prompts))
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
                extra = np.flatnonzero(~older.text.is_in(merged.text.implode()).to_numpy())
                merged = PromptTable.concat([merged, older.take(extra)])
            self._merged = merged
