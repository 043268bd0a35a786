"""Contract I/O: schemas of the input tables, readers for Parquet/JSONL/CSV, validation and quarantine.

Consumes files or directories named on the command line; produces typed Polars frames and counts."""
