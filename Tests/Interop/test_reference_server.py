"""The harness proven end to end: crtauth's own client logs into crtauth's own server.

A real ``ssh-agent`` signs (the package's AgentSigner), a real ``ssh-keygen`` made the keys,
the server is the package's AuthServer + CrtauthMiddleware (wsgiref, and gunicorn -w 2).
"""

import http.client

import pytest


def flip(token, index=10):
    """Change one base64url character well inside the token (inside the HMAC of a v0 token)."""
    c = token[index]
    return token[:index] + ("A" if c != "A" else "B") + token[index + 1:]


@pytest.fixture
def alice_server(reference_server, interop_keys):
    return reference_server({"alice": interop_keys["alice"]})


@pytest.fixture
def alice_agent(ssh_agent, interop_keys):
    # The ed25519 identity comes first: AgentSigner must skip it and pick alice's RSA key
    # by the crtauth fingerprint the challenge carries.
    return ssh_agent([interop_keys["carol"], interop_keys["alice"]])


@pytest.mark.parametrize("protocol,method", [(1, "GET"), (1, "HEAD"), (0, "GET"), (0, "HEAD")])
def test_login_succeeds(alice_server, alice_agent, run_login, protocol, method):
    rc, out, err = run_login(alice_agent, alice_server.url, "alice", protocol=protocol, method=method,
                             protected_path="/v1/whoami")
    assert rc == 0, (out, err, alice_server.output())
    assert out["ok"] and out["status"] == 200 and out["stage"] == "protected"
    assert out["body"] == "Hello alice, you reached GET /v1/whoami\n"
    assert out["challenge_version"] == protocol
    assert out["token_kind"] == "v0"  # the Python server issues its XDR token for both versions


def test_token_is_a_reusable_bearer_token(alice_server, alice_agent, run_login):
    rc, out, _ = run_login(alice_agent, alice_server.url, "alice", extra=["--print-token"])
    assert rc == 0 and out["token"]
    for _ in range(2):
        rc, again, _ = run_login(None, alice_server.url, "alice", extra=["--token", out["token"]])
        assert (rc, again["status"], again["token_kind"]) == (0, 200, "v0")
    rc, garbage, _ = run_login(None, alice_server.url, "alice", extra=["--token", "not-a-token"])
    assert (rc, garbage["status"]) == (1, 401)


def test_tampered_token_gets_401(alice_server, alice_agent, run_login):
    rc, out, _ = run_login(alice_agent, alice_server.url, "alice", extra=["--print-token"])
    assert rc == 0
    rc, out, _ = run_login(alice_agent, alice_server.url, "alice", extra=["--token", flip(out["token"])])
    assert (rc, out["stage"], out["status"], out["body"]) == (1, "protected", 401, "Unauthorized")


def test_unauthenticated_call_gets_401(alice_server):
    conn = http.client.HTTPConnection("127.0.0.1", alice_server.port, timeout=10)
    conn.request("GET", "/")
    resp = conn.getresponse()
    assert (resp.status, resp.read()) == (401, b"Unauthorized")
    conn.close()


def test_agent_without_the_users_key(alice_server, ssh_agent, interop_keys, run_login):
    env = ssh_agent([interop_keys["carol"]])
    rc, out, _ = run_login(env, alice_server.url, "alice")
    assert (rc, out["stage"]) == (1, "response")
    assert "SshAgentError" in out["error"] and "does not have the required key" in out["error"]


def test_unknown_user_gets_a_challenge_the_agent_cannot_answer(alice_server, alice_agent, run_login):
    # The server fakes a fingerprint for unknown users (spotify/crtauth#29).
    rc, out, _ = run_login(alice_agent, alice_server.url, "mallory")
    assert (rc, out["stage"], out["status"]) == (1, "response", 200)
    assert "does not have the required key" in out["error"]


def test_client_refuses_a_challenge_for_another_server_name(alice_server, alice_agent, run_login):
    rc, out, _ = run_login(alice_agent, alice_server.url, "alice", server_name="other.example.com")
    assert (rc, out["stage"]) == (1, "response")
    assert "Possible MITM attack" in out["error"]


def test_file_signer(alice_server, interop_keys, run_login):
    rc, out, _ = run_login(None, alice_server.url, "alice", extra=["--key", str(interop_keys["alice"])])
    assert rc == 0 and out["status"] == 200


def test_v1_only_server_refuses_v0(reference_server, interop_keys, alice_agent, run_login):
    srv = reference_server({"alice": interop_keys["alice"]}, lowest_version=1)
    rc, out, _ = run_login(alice_agent, srv.url, "alice", protocol=0)
    assert (rc, out["stage"], out["status"]) == (1, "challenge", 403)
    rc, out, _ = run_login(alice_agent, srv.url, "alice", protocol=1)
    assert rc == 0


def test_under_gunicorn_with_two_workers(reference_server, interop_keys, alice_agent, run_login):
    srv = reference_server({"alice": interop_keys["alice"]}, workers=2)
    for protocol, method in [(1, "GET"), (0, "HEAD"), (1, "HEAD"), (0, "GET")]:
        rc, out, err = run_login(alice_agent, srv.url, "alice", protocol=protocol, method=method)
        assert rc == 0, (out, err, srv.output())
