"""Job backends: where training and inspection run (see docs/workers.md)."""
