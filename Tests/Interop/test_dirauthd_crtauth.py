"""Spotify's real crtauth 0.99.4 client logs into the real dirauthd, unchanged.

The client code is the PyPI package's own (`crtauth.client`, `crtauth.ssh.AgentSigner`) run
through the Python 3 shim; it signs through a real ssh-agent holding the sample users' fixture
keys; dirauthd reads those users from `make test`'s slapd.
"""

import os
import pytest
import requests


def key(directory, name):
    return os.path.join(directory["FIXTURE_KEYS"], name)


@pytest.fixture
def server(dirauthd):
    return dirauthd()


@pytest.mark.parametrize("protocol", [1, 0])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize("user,key_name", [("carol", "carol_rsa"), ("alice", "alice_rsa")])
def test_reference_client_logs_in(server, directory, ssh_agent, run_login, protocol, method, user, key_name):
    env = ssh_agent([key(directory, key_name)])
    rc, out, err = run_login(env, server.url, user, protocol=protocol, method=method,
                             protected_path="/v1/whoami")
    assert rc == 0, (out, err, server.output())
    assert out["challenge_version"] == protocol
    assert out["status"] == 200
    assert '"username":"%s"' % user in out["body"]


def test_legacy_token_setting_issues_python_tokens(dirauthd, directory, ssh_agent, run_login):
    server = dirauthd(DIRAUTH_TOKEN_FORMAT="legacy")
    env = ssh_agent([key(directory, "carol_rsa")])
    rc, out, err = run_login(env, server.url, "carol", protocol=1, protected_path="/v1/whoami")
    assert rc == 0, (out, err)
    assert out["token_kind"] == "v0"


def test_user_without_rsa_key_is_refused_without_leaking(server, directory, ssh_agent, run_login):
    # bob has only an ed25519 key: an old client gets a (fake) challenge and cannot answer it.
    env = ssh_agent([key(directory, "bob_ed25519")])
    rc, out, _ = run_login(env, server.url, "bob", protocol=1, protected_path="/v1/whoami")
    assert rc == 1
    assert out["stage"] != "protected"


def test_unknown_user_gets_a_challenge_then_fails(server, directory, ssh_agent, run_login):
    env = ssh_agent([key(directory, "carol_rsa")])
    rc, out, _ = run_login(env, server.url, "mallory", protocol=1, protected_path="/v1/whoami")
    assert rc == 1
    assert out["challenge_version"] == 1  # a challenge came back, as for a real user


def test_wrong_key_for_user_is_refused(server, directory, ssh_agent, run_login):
    # alice's challenge names her RSA key; an agent holding only carol's key cannot answer it.
    env = ssh_agent([key(directory, "carol_rsa")])
    rc, out, _ = run_login(env, server.url, "alice", protocol=1, protected_path="/v1/whoami")
    assert rc == 1
    assert out["stage"] != "protected"


@pytest.mark.parametrize("header,status", [
    (None, 400), ("garbage", 400), ("request", 400), ("hello:world", 400), ("Request:AXGkdGVzdA", 400),
    ("request:", 400), ("response:AAAA", 400), ("response:", 400), ("response:%%", 400),
    # Python's heuristic reads these as v0 (plain) usernames: a fake challenge, as for any unknown user.
    ("request:%%%", 200), ("request:A", 200),
    ("request:" + "a" * 65, 403),  # longer than 64 bytes: refused like the reference
])
def test_garbage_x_chap_is_a_client_error(server, header, status):
    headers = {} if header is None else {"X-CHAP": header}
    r = requests.get(server.url + "/_auth", headers=headers)
    assert r.status_code == status, r.text
    if status == 200:
        assert r.headers["X-CHAP"].startswith("challenge:")
    else:
        assert r.text  # a short reason, never an empty 4xx


@pytest.mark.parametrize("authorization", [None, "", "chap:", "chap:AAAA", "Bearer x", "chap:" + "A" * 5000, "chap:\u00e9"])
def test_garbage_authorization_is_401_with_www_authenticate(server, authorization):
    headers = {} if authorization is None else {"Authorization": authorization.encode("utf-8")}
    r = requests.get(server.url + "/v1/whoami", headers=headers)
    assert r.status_code == 401
    assert r.headers.get("WWW-Authenticate") == "crtauth"


def test_tampered_token_is_401(server, directory, ssh_agent, run_login):
    env = ssh_agent([key(directory, "carol_rsa")])
    rc, out, err = run_login(env, server.url, "carol", protected_path="/v1/whoami", extra=["--print-token"])
    assert rc == 0, (out, err)
    token = out["token"]
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    assert requests.get(server.url + "/v1/whoami", headers={"Authorization": "chap:" + token}).status_code == 200
    assert requests.get(server.url + "/v1/whoami", headers={"Authorization": "chap:" + tampered}).status_code == 401


def test_no_secret_reaches_the_log(server, directory, ssh_agent, run_login):
    env = ssh_agent([key(directory, "carol_rsa")])
    rc, out, _ = run_login(env, server.url, "carol", protected_path="/v1/whoami", extra=["--print-token"])
    assert rc == 0
    log = server.output()
    assert out["token"] not in log
    assert server.secret_file.read_text().strip() not in log
    assert directory["DIRAUTH_LDAP_BIND_PASSWORD"] not in log
