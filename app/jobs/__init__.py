"""Job backends: where training and inspection run (see docs/architecture.md, "Processes")."""
