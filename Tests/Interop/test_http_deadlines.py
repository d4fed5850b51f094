"""The real dirauthd against real slow clients: raw sockets that open and say nothing, send a
head or a body a few bytes at a time, or open far more connections than it may hold.

Deadlines are set to 1 s (idle, head or body, one at a time) with the others at 5 s or more,
so each test proves which deadline closed the connection. Every wait is bounded.
"""

import os
import re
import resource
import select
import socket
import time

import pytest

HEALTH = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"


def connect(server, timeout=5.0):
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def wait_closed(sock, limit, drip=None, interval=0.2):
    """Reads until the server closes ``sock`` (EOF or reset), sending ``drip`` every ``interval``
    seconds meanwhile; returns (seconds until closed, bytes received), or (None, bytes) when
    still open after ``limit`` seconds."""
    start = time.monotonic()
    received = b""
    next_drip = start + interval
    while True:
        now = time.monotonic()
        if now - start > limit:
            return None, received
        poll = select.poll()  # not select(): the flood test's sockets pass FD_SETSIZE
        poll.register(sock, select.POLLIN)
        if poll.poll(max(0.0, min(next_drip, start + limit) - now) * 1000):
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                return time.monotonic() - start, received
            if not chunk:
                return time.monotonic() - start, received
            received += chunk
        elif drip is not None and time.monotonic() >= next_drip:
            try:
                sock.sendall(drip)
            except (BrokenPipeError, ConnectionResetError):
                return time.monotonic() - start, received
            next_drip += interval


def deadlines(idle=5, header=5, body=5, **more):
    return dict(DIRAUTH_HTTP_IDLE_TIMEOUT=idle, DIRAUTH_HTTP_HEADER_TIMEOUT=header,
                DIRAUTH_HTTP_BODY_TIMEOUT=body, DIRAUTH_CACHE_SYNC="false", **more)


def test_an_idle_connection_is_closed_at_the_idle_timeout(dirauthd):
    server = dirauthd(**deadlines(idle=1))
    with connect(server) as sock:
        closed, received = wait_closed(sock, limit=4)
    assert closed is not None and 0.8 <= closed <= 2.5, closed
    assert received == b""


def test_a_connection_is_idle_again_after_its_response(dirauthd):
    server = dirauthd(**deadlines(idle=1))
    with connect(server) as sock:
        time.sleep(0.6)
        sock.sendall(HEALTH)
        closed, received = wait_closed(sock, limit=4)
    assert received.startswith(b"HTTP/1.1 200"), received
    assert closed is not None and 0.8 <= closed <= 2.5, closed


def test_a_head_sent_a_line_at_a_time_is_refused_at_the_header_timeout(dirauthd):
    server = dirauthd(**deadlines(header=1))
    with connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n")
        closed, received = wait_closed(sock, limit=4, drip=b"X-Drip: a\r\n")
    assert closed is not None and 0.8 <= closed <= 2.5, closed
    assert received.startswith(b"HTTP/1.1 408"), received
    assert b"connection: close" in received.lower()


def test_half_a_header_line_is_refused_at_the_header_timeout(dirauthd):
    server = dirauthd(**deadlines(header=1))
    with connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: loc")
        closed, received = wait_closed(sock, limit=4)
    assert closed is not None and 0.8 <= closed <= 2.5, closed
    assert received.startswith(b"HTTP/1.1 408"), received


def test_a_body_sent_a_byte_at_a_time_is_refused_at_the_body_timeout(dirauthd):
    """A total deadline: a byte every 0.2 s does not extend it."""
    server = dirauthd(**deadlines(body=1))
    with connect(server) as sock:
        sock.sendall(b"POST /v1/verify HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000\r\n\r\n{")
        closed, received = wait_closed(sock, limit=4, drip=b" ")
    assert closed is not None and 0.8 <= closed <= 2.5, closed
    assert received.startswith(b"HTTP/1.1 408"), received


def test_a_huge_content_length_with_few_bytes_is_closed_by_the_body_timeout(dirauthd):
    server = dirauthd(**deadlines(body=1))
    with connect(server) as sock:
        sock.sendall(b"POST /v1/challenge HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 99999999999\r\n\r\n{\"user")
        closed, received = wait_closed(sock, limit=4)
    # Answered at once (the body is too large) or at the deadline: closed either way.
    assert closed is not None and closed <= 2.5, closed
    assert re.match(rb"HTTP/1.1 (408|413)", received), received
    assert b"connection: close" in received.lower()


@pytest.mark.parametrize("request_bytes", [
    b"GET /healthz HTTP/1.0\r\n\r\n",
    b"GET /healthz HTTP/1.0\r\nHost: localhost\r\nConnection: Close\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: Close\r\n\r\n",
], ids=["http10", "http10-close", "close", "Close"])
def test_a_request_without_keep_alive_is_answered_then_closed(dirauthd, request_bytes):
    server = dirauthd(**deadlines(idle=30, header=30, body=30))
    with connect(server) as sock:
        sock.sendall(request_bytes)
        closed, received = wait_closed(sock, limit=1.0)
    assert received.startswith(b"HTTP/1.1 200"), received
    assert b'"status"' in received
    assert b"connection: close" in received.lower()
    assert closed is not None, "still open after 1 s"


@pytest.mark.parametrize("request_bytes", [
    HEALTH,
    b"GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
], ids=["http11", "http10-keep-alive"])
def test_a_keep_alive_connection_serves_several_requests(dirauthd, request_bytes):
    server = dirauthd(**deadlines(idle=30, header=30, body=30))
    with connect(server) as sock:
        for _ in range(3):
            sock.sendall(request_bytes)
            closed, received = wait_closed(sock, limit=0.5)
            assert closed is None and received.startswith(b"HTTP/1.1 200"), (closed, received)
            assert b"connection: close" not in received.lower()


def raise_own_file_limit(needed):
    """This process must hold the flood's sockets: its soft limit up to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        if hard != resource.RLIM_INFINITY and hard < needed:
            pytest.fail("the open-file hard limit %d is below the %d this test needs" % (hard, needed))
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))


# 1024 is systemd's default soft limit: the attack of issue 14 (about 1,100 idle sockets).
@pytest.mark.parametrize("open_files", [128, 1024])
def test_twice_the_file_limit_in_idle_connections_leave_room_for_a_health_check(dirauthd, open_files):
    """The systemd unit's LimitNOFILE scaled down (so the test stays quick; ConfigurationTests
    checks the unit's own limit holds the default connection limit): with the open-file limit L and the
    connection limit it allows (L - 64), 2 L connections that say nothing or half a head, then a
    fresh client gets /healthz within a second. Deadlines are long so none of them helps."""
    server = dirauthd(open_files=open_files, **deadlines(idle=120, header=120, body=120,
                                                         DIRAUTH_HTTP_MAX_CONNECTIONS=open_files - 64))
    raise_own_file_limit(2 * open_files + 256)
    flood = []
    try:
        for index in range(2 * open_files):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.settimeout(3)
            sock.connect(("127.0.0.1", server.port))
            if index % 2:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: loc")
            flood.append(sock)
        for _ in range(3):
            start = time.monotonic()
            with connect(server, timeout=1.0) as sock:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                closed, received = wait_closed(sock, limit=1.0)
            elapsed = time.monotonic() - start
            assert received.startswith(b"HTTP/1.1 200"), (closed, received, server.output()[-2000:])
            assert elapsed < 1.0, elapsed
        descriptors = len(os.listdir("/proc/%d/fd" % server.proc.pid))
        assert descriptors <= open_files
        assert server.proc.poll() is None
        assert "Too many open files" not in server.output()
    finally:
        for sock in flood:
            sock.close()


def test_a_request_that_cannot_be_parsed_is_answered_400_then_closed(dirauthd):
    server = dirauthd(**deadlines(idle=30, header=30, body=30))
    with connect(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n")
        closed, received = wait_closed(sock, limit=1.0)
    assert received.startswith(b"HTTP/1.1 400"), received
    assert closed is not None, "still open after 1 s"
