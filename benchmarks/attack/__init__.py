"""Checks for benchmarks/attack.py: one module per group of issue 12 items, each exposing CHECKS."""
