"""The browser tests' server closes every response body, even when the browser drops the line."""

from __future__ import annotations

import socket
import struct
import threading
import time

from tests.servers import thread_server

WAIT = 5


class _Body:
    """A response body that records whether it was closed.

    Before it ends it waits for the client to have reset the connection, so the server meets
    the reset while it drains the socket after writing, as with a browser that aborts a
    request the moment it sees the answer.
    """

    def __init__(self, asked: threading.Event, reset: threading.Event) -> None:
        self.asked, self.reset = asked, reset
        self.chunks = iter([b"a body"])
        self.closed = threading.Event()

    def __iter__(self):
        return self

    def __next__(self) -> bytes:
        chunk = next(self.chunks, None)
        if chunk is not None:
            return chunk
        self.asked.set()
        self.reset.wait(WAIT)
        time.sleep(0.05)
        raise StopIteration

    def close(self) -> None:
        self.closed.set()


def test_a_body_is_closed_when_the_client_resets_the_connection():
    asked, reset = threading.Event(), threading.Event()
    body = _Body(asked, reset)

    def app(environ, start_response):
        # A known length, so no closing chunk is written after the body: the reset meets the drain.
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "6")])
        return body

    server = thread_server(app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        client = socket.create_connection(("127.0.0.1", server.server_port), timeout=WAIT)
        client.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert asked.wait(WAIT)
        # A zero linger makes close() send a reset instead of an orderly goodbye.
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
        reset.set()
        assert body.closed.wait(WAIT), "the server left the response body open"
    finally:
        server.shutdown()
        thread.join(WAIT)
