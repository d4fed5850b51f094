"""Fixtures for the crtauth interop tests (run with ``.run/venv/bin/pytest Tests/Interop``).

* ``free_port()`` -> a free loopback TCP port.
* ``ssh_agent(keys)`` -> env (os.environ + SSH_AUTH_SOCK) of a fresh ``ssh-agent -D`` holding
  ``keys`` (private key paths, added from mode-0600 copies); every agent stops at teardown.
* ``interop_keys`` -> {name: private key path}: ``alice`` RSA-2048 PKCS#1 PEM, ``carol`` ed25519.
* ``reference_server(users, ...)`` -> a running harness.Server with crtauth's own WSGI server.
* ``run_login`` -> harness.run_login (the crtauth_login.py CLI; returns rc, json, stderr).
* ``directory`` -> the test directory's settings (directory.env of `make test`'s slapd).
* ``dirauthd(**env)`` -> a running harness.Server: the real dirauthd binary on a free port, wired to
  the test directory, with a fresh secret; keyword arguments add or override DIRAUTH_* variables.
"""

import os
import sys

import pytest

import crtauth_py3compat

crtauth_py3compat.install()

import harness  # noqa: E402


@pytest.fixture
def free_port():
    return harness.free_port


@pytest.fixture
def ssh_agent(tmp_path_factory):
    agents = []

    def start(keys=()):
        agent = harness.SshAgent(tmp_path_factory.mktemp("agent"))
        agents.append(agent)
        try:
            for key in keys:
                agent.add(key)
        except Exception:
            agent.stop()
            raise
        return agent.env

    yield start
    for agent in agents:
        agent.stop()


@pytest.fixture(scope="session")
def interop_keys(tmp_path_factory):
    d = tmp_path_factory.mktemp("keys")
    return {"alice": harness.make_key(d, "alice", "rsa", 2048),
            "carol": harness.make_key(d, "carol", "ed25519")}


@pytest.fixture
def reference_server(tmp_path_factory):
    """Factory: start crtauth's own server (wsgiref, or gunicorn with ``workers``)."""
    servers = []

    def start(users, server_name="localhost", token_lifetime=60, lowest_version=0,
              secret=b"interop-secret", workers=0):
        d = tmp_path_factory.mktemp("refserver")
        keys = harness.write_key_dir(d / "keys", users)
        secret_file = d / "secret"
        secret_file.write_bytes(secret + b"\n")
        port = harness.free_port()
        if workers:
            env = dict(os.environ, CRTAUTH_KEYS_DIR=str(keys), CRTAUTH_SECRET_FILE=str(secret_file),
                       CRTAUTH_SERVER_NAME=server_name, CRTAUTH_TOKEN_LIFETIME=str(token_lifetime),
                       CRTAUTH_LOWEST_VERSION=str(lowest_version))
            args = [sys.executable, "-m", "gunicorn", "--chdir", str(harness.HERE), "-w", str(workers),
                    "-b", "127.0.0.1:%d" % port, "--log-level", "warning", "reference_server:make_app()"]
        else:
            env = None
            args = [sys.executable, str(harness.REFERENCE_SERVER), "--port", str(port), "--keys", str(keys),
                    "--secret-file", str(secret_file), "--server-name", server_name,
                    "--token-lifetime", str(token_lifetime), "--lowest-version", str(lowest_version)]
        server = harness.Server(args, port, d / "server.log", env=env)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def run_login():
    return harness.run_login


@pytest.fixture(scope="session")
def directory():
    return harness.directory_env()


@pytest.fixture
def dirauthd(tmp_path_factory, directory):
    """Factory: start the real dirauthd against the test directory."""
    servers = []

    def start(**overrides):
        server = harness.start_dirauthd(tmp_path_factory.mktemp("dirauthd"), directory, **overrides)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
