"""Campaigns: flagged communities with members, score, evidence, timelines, pivots and STIX indicators.

Consumes scores, fingerprints and linkage; produces campaigns.json and indicators.stix.json content."""
