"""Runs: create, cancel, record and replay (see app/runs/events.md)."""
