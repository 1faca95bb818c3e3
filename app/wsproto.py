"""The websocket protocol the server speaks: uvicorn's, with compression at
zlib's fastest level.

Compressed at zlib's default level (6), one `neurons` event of 180 kB took
19 ms of the web process's time; at level 1 it takes 2 ms and still shrinks
to 37% (level 6: 32%). Measured in docs/benchmarks.md.
"""

from __future__ import annotations

from typing import Any

from uvicorn.protocols.websockets.websockets_impl import WebSocketProtocol
from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory

COMPRESS = {"level": 1, "memLevel": 5}


class FastDeflateProtocol(WebSocketProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.config.ws_per_message_deflate:
            self.available_extensions = [ServerPerMessageDeflateFactory(server_max_window_bits=12, compress_settings=COMPRESS)]
