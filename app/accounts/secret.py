"""The key that signs session cookies: KP_SECRET_KEY, or one made once and kept
in the data directory (readable by the server's user only)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def secret_key(configured: str, data_dir: Path) -> str:
    if configured:
        return configured
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
