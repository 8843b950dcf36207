"""Thin decorated code over the pure packages: township ingest, consolidation, marts (see definitions.py)."""
