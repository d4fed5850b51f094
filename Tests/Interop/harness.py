"""Process helpers for the interop tests: free ports, RSA keys, ssh-agent, servers, the login CLI.

Every process started here is stopped by whoever started it (the fixtures in conftest.py),
by its own pid, and listens on loopback only.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
PYTHON = sys.executable
LOGIN_CLI = HERE / "crtauth_login.py"
REFERENCE_SERVER = HERE / "reference_server.py"
VECTORS = REPO / "Tests" / "CRTAuthTests" / "Vectors" / "crtauth-vectors.json"


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc=None, timeout=20.0):
    """Wait until something accepts connections on 127.0.0.1:port (fails if proc exits)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("process exited with %s before listening on %d" % (proc.returncode, port))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError("nothing listens on 127.0.0.1:%d after %.0f s" % (port, timeout))


def make_key(directory, name, key_type="rsa", bits=2048):
    """Create a passphrase-less key with ssh-keygen; RSA keys in PKCS#1 PEM (``-m PEM``).

    Returns the private key path; the public key is ``<path>.pub``.
    """
    path = Path(directory) / name
    args = ["ssh-keygen", "-q", "-t", key_type, "-N", "", "-C", "%s@interop" % name, "-f", str(path)]
    if key_type == "rsa":
        args[4:4] = ["-b", str(bits), "-m", "PEM"]
    subprocess.run(args, check=True, stdin=subprocess.DEVNULL)
    return path


def write_key_dir(directory, users):
    """Lay out crtauth's FileKeyProvider directory: ``<dir>/<user>_id_rsa.pub`` for {user: key path}."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for user, key in users.items():
        shutil.copyfile(str(key) + ".pub", directory / ("%s_id_rsa.pub" % user))
    return directory


class SshAgent:
    """A throwaway ``ssh-agent -D -a <sock>``; ``env`` holds SSH_AUTH_SOCK for clients."""

    def __init__(self, directory):
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.sock = self.dir / "agent.sock"
        self.proc = subprocess.Popen(["ssh-agent", "-D", "-a", str(self.sock)],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not self.sock.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("ssh-agent did not create %s" % self.sock)
            time.sleep(0.02)
        self.env = dict(os.environ, SSH_AUTH_SOCK=str(self.sock))
        self.env.pop("SSH_AGENT_PID", None)

    def add(self, key):
        """ssh-add a private key (via a mode-0600 copy, as ssh-add insists)."""
        copy = self.dir / ("added-%s" % Path(key).name)
        shutil.copyfile(key, copy)
        os.chmod(copy, 0o600)
        pub = Path(str(key) + ".pub")
        if pub.exists():
            shutil.copyfile(pub, str(copy) + ".pub")
        subprocess.run(["ssh-add", "-q", str(copy)], env=self.env, check=True,
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def run_login(env, url, user, protocol=1, method="GET", server_name="localhost",
              protected_path="/", extra=()):
    """Run crtauth_login.py; returns (exit code, parsed JSON output, stderr)."""
    args = [PYTHON, str(LOGIN_CLI), "--url", url, "--user", user, "--protocol", str(protocol),
            "--method", method, "--server-name", server_name, "--protected-path", protected_path]
    args += list(extra)
    proc = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    try:
        out = json.loads(proc.stdout)
    except ValueError:
        out = None
    return proc.returncode, out, proc.stderr


class Server:
    """A server subprocess on 127.0.0.1:port (stderr to ``log``), stopped with SIGTERM, then SIGKILL."""

    def __init__(self, args, port, log, env=None, cwd=None):
        self.port = port
        self.url = "http://127.0.0.1:%d" % port
        self.log = Path(log)
        with open(self.log, "ab") as err:
            self.proc = subprocess.Popen(args, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=err)
        try:
            wait_for_port(port, self.proc)
        except Exception:
            self.stop()
            raise RuntimeError("server did not start: %s\n%s" % (" ".join(map(str, args)), self.output()))

    def output(self):
        """What the server wrote to stderr so far."""
        return self.log.read_text("utf-8", "replace") if self.log.exists() else ""

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def test_run_dir():
    """The folder `make test` prepared (DIRAUTH_TEST_RUN_DIR, else .run/test)."""
    return Path(os.environ.get("DIRAUTH_TEST_RUN_DIR") or REPO / ".run" / "test")


def directory_env(run_dir=None):
    """The KEY='value' pairs of a directory.env (written by scripts/directory.sh): the test
    directory's, or the one in ``run_dir`` (a private instance's DIRAUTH_RUN_DIR)."""
    path = Path(run_dir or test_run_dir()) / "directory.env"
    if not path.exists():
        raise RuntimeError("no test directory at %s: run the tests with `make test`" % path)
    values = {}
    for line in path.read_text("utf-8").splitlines():
        if "=" not in line or line.lstrip().startswith("#"):
            continue
        key, value = line.split("=", 1)
        if len(value) >= 2 and value[0] == value[-1] == "'":
            value = value[1:-1].replace("'\\''", "'")
        values[key.strip()] = value
    return values


def dirauthd_binary():
    """The dirauthd binary `make test` built (DIRAUTHD_BIN, else the debug build)."""
    binary = os.environ.get("DIRAUTHD_BIN") or str(REPO / ".build" / "debug" / "dirauthd")
    if not os.access(binary, os.X_OK):
        raise RuntimeError("no dirauthd binary at %s: build it (make test does)" % binary)
    return binary


def start_dirauthd(folder, directory_env, secret_file=None, open_files=None, **overrides):
    """The real dirauthd on a free loopback port, wired to ``directory_env``'s DIRAUTH_* settings,
    with a fresh secret in ``folder`` unless ``secret_file`` is given, and at most ``open_files``
    open files when given (soft and hard limit, as systemd's LimitNOFILE sets); keyword arguments
    add or override DIRAUTH_* variables. Its log is ``folder/dirauthd.log``."""
    if secret_file is None:
        secret_file = folder / "secret"
        secret_file.write_bytes(os.urandom(24).hex().encode() + b"\n")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIRAUTH_")}
    env.update({k: v for k, v in directory_env.items() if k.startswith("DIRAUTH_")})
    env.update(DIRAUTH_LISTEN="127.0.0.1:%d" % port, DIRAUTH_SERVER_NAME="localhost",
               DIRAUTH_SECRET_FILE=str(secret_file), DIRAUTH_LOG_LEVEL="info")
    env.update({k: str(v) for k, v in overrides.items()})
    args = [dirauthd_binary()]
    if open_files is not None:
        args = ["prlimit", "--nofile=%d:%d" % (open_files, open_files), "--"] + args
    server = Server(args, port, folder / "dirauthd.log", env=env)
    server.secret_file = secret_file
    return server
