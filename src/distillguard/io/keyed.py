"""Keyed hashes of identifying values (payment instruments): what partners share and what the
online service matches, without either holding the value itself.

Consumes a value and the shared key (intel.hash_key); produces HMAC-SHA256 hex digests, the
values of `payment` indicators in campaigns.stix exports and in the online store."""

from __future__ import annotations

import hashlib
import hmac


def keyed_hash(value: str, key: str) -> str:
    """HMAC-SHA256 of ``value`` under ``key``, as hex.

    Examples
    --------
    >>> keyed_hash("pf_1", "k") == keyed_hash("pf_1", "k") != keyed_hash("pf_1", "other")
    True
    """
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()
