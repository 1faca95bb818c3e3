"""Runs and their events, stored with SQLAlchemy (SQLite by default)."""
