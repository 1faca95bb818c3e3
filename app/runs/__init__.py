"""Runs: create, cancel, record and replay (see docs/events.md)."""
