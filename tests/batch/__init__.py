"""Batch review tests."""
