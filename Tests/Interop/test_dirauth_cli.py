"""Our `dirauth` CLI, through a real ssh-agent: every supported key type against dirauthd, and the
reverse interop check — `dirauth login` against Spotify's own crtauth WSGI server.

Keys of the sample users come from the test directory (LDAP); ECDSA and extra RSA/Ed25519 keys are
made here by ssh-keygen and served through dirauthd's file key source, so every type is exercised.
"""

import os
import subprocess

import pytest
import requests

import harness


def dirauth_binary():
    binary = os.environ.get("DIRAUTH_BIN") or str(harness.REPO / ".build" / "debug" / "dirauth")
    if not os.access(binary, os.X_OK):
        raise RuntimeError("no dirauth binary at %s: build it (make test does)" % binary)
    return binary


def run_dirauth(env, *args, timeout=60):
    proc = subprocess.run([dirauth_binary(), *args], env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)
    return proc.returncode, proc.stdout, proc.stderr


def keygen(directory, name, key_type, bits=None):
    path = directory / name
    args = ["ssh-keygen", "-q", "-N", "", "-C", "%s@test" % name, "-t", key_type, "-f", str(path)]
    if bits:
        args += ["-b", str(bits)]
    subprocess.run(args, check=True, stdin=subprocess.DEVNULL)
    return path


@pytest.fixture
def cli_env(tmp_path):
    """Environment pieces every CLI call needs: a private token cache."""
    cache = tmp_path / "cache"
    cache.mkdir()
    return {"XDG_CACHE_HOME": str(cache)}


# user -> (key file in the test directory's FIXTURE_KEYS, key type)
LDAP_USERS = [("alice", "alice_rsa"), ("alice", "alice_ed25519"), ("bob", "bob_ed25519"), ("carol", "carol_rsa")]

FILE_USERS = [  # user -> (ssh-keygen type, bits)
    ("dave-p256", "ecdsa", 256), ("dave-p384", "ecdsa", 384), ("dave-p521", "ecdsa", 521),
    ("erin-rsa4096", "rsa", 4096), ("frank-ed25519", "ed25519", None),
]


@pytest.mark.parametrize("user,key_name", LDAP_USERS)
def test_login_and_request_with_directory_keys(dirauthd, directory, ssh_agent, cli_env, user, key_name):
    server = dirauthd()
    env = dict(ssh_agent([os.path.join(directory["FIXTURE_KEYS"], key_name)]), **cli_env)
    url = server.url.replace("127.0.0.1", "localhost")
    rc, out, err = run_dirauth(env, "login", url, "--user", user)
    assert rc == 0, (out, err, server.output())
    assert out == "", "login prints nothing on stdout"
    assert user in err
    rc, out, err = run_dirauth(env, "request", url + "/v1/whoami", "--user", user)
    assert rc == 0, (out, err)
    assert '"username":"%s"' % user in out


@pytest.mark.parametrize("user,key_type,bits", FILE_USERS)
def test_every_key_type_logs_in(dirauthd, ssh_agent, cli_env, tmp_path, user, key_type, bits):
    keys = tmp_path / "keys"
    keys.mkdir()
    private = keygen(tmp_path, user, key_type, bits)
    (keys / ("%s_authorized_keys" % user)).write_text(
        'no-pty,command="echo hi" ' + (tmp_path / (user + ".pub")).read_text())
    server = dirauthd(DIRAUTH_KEY_SOURCES="ldap files", DIRAUTH_KEY_DIRECTORY=str(keys))
    env = dict(ssh_agent([str(private)]), **cli_env)
    url = server.url.replace("127.0.0.1", "localhost")
    rc, out, err = run_dirauth(env, "token", url, "--user", user)
    assert rc == 0, (out, err, server.output())
    token = out.strip()
    assert token and "\n" not in token
    r = requests.get(server.url + "/v1/whoami", headers={"Authorization": "chap:" + token})
    assert r.status_code == 200
    assert r.json()["username"] == user


def test_unknown_user_is_refused_with_exit_1(dirauthd, directory, ssh_agent, cli_env):
    server = dirauthd()
    env = dict(ssh_agent([os.path.join(directory["FIXTURE_KEYS"], "carol_rsa")]), **cli_env)
    rc, out, err = run_dirauth(env, "login", server.url.replace("127.0.0.1", "localhost"), "--user", "mallory")
    assert rc == 1, (out, err)
    assert "mallory" in err or "unknown" in err.lower()


def test_unreachable_server_is_exit_3(ssh_agent, directory, cli_env):
    env = dict(ssh_agent([os.path.join(directory["FIXTURE_KEYS"], "carol_rsa")]), **cli_env)
    rc, _, err = run_dirauth(env, "login", "http://localhost:%d" % harness.free_port(), "--user", "carol")
    assert rc == 3, err


def test_no_agent_is_a_clear_error(cli_env, dirauthd):
    server = dirauthd()
    env = {k: v for k, v in os.environ.items() if k != "SSH_AUTH_SOCK"}
    env.update(cli_env)
    rc, _, err = run_dirauth(env, "login", server.url.replace("127.0.0.1", "localhost"), "--user", "carol")
    assert rc != 0
    assert "ssh-agent" in err


def test_dirauth_logs_into_the_reference_wsgi_server(reference_server, interop_keys, ssh_agent, cli_env):
    # Spotify's own server (crtauth 0.99.4): RSA keys only, legacy tokens, no fingerprint extension.
    server = reference_server({"alice": interop_keys["alice"]})
    env = dict(ssh_agent([interop_keys["alice"]]), **cli_env)
    url = server.url.replace("127.0.0.1", "localhost")
    rc, out, err = run_dirauth(env, "login", url, "--user", "alice")
    assert rc == 0, (out, err, server.output())
    rc, out, err = run_dirauth(env, "request", url + "/", "--user", "alice")
    assert rc == 0, (out, err)
    assert "alice" in out
