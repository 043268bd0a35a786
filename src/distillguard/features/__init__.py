"""Per-event features: network (prefixes, address class), client stack, prompt signatures, capabilities.

Consumes validated events (io); produces Polars expressions and frames for per-account features."""
