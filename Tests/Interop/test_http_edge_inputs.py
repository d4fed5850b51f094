"""Bytes only a raw socket can send: the real dirauthd answers an unreadable body with 400, not
with a size or authentication error (issue 14, item 8)."""

import socket


def exchange(server, request):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
        s.sendall(request)
        return s.recv(65536).decode("utf-8", "replace")


def test_malformed_chunk_size_is_400(dirauthd):
    server = dirauthd()
    for path in ("/v1/challenge", "/ungleichotp/verify/"):
        answer = exchange(server, (
            "POST %s HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
            "Content-Type: application/json\r\n\r\nZZ\r\nabc\r\n0\r\n\r\n" % path).encode())
        assert answer.startswith("HTTP/1.1 400 "), answer
        assert "could not be read" in answer, answer
