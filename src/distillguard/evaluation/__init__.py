"""Evaluation: score scan outputs against a simulated world's ground truth.

Consumes truth files written by the simulator and files written by a scan; imports no detection stage."""
