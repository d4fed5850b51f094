#!/usr/bin/env python3
"""dirauth's benchmark driver (`make bench`, `make bench-quick`; started by scripts/bench.sh).

Starts its own slapd instances under .run/bench/ (sample directory + 10,000 and + 100,000
generated people and OTP entries), the release dirauthd and the reference crtauth 0.99.4 under
gunicorn, drives them with wrk (bench/wrk/*.lua), and writes BENCHMARKS.md.

Environment: BENCH_BIN (release bin folder, required), BENCH_QUICK=1 (short runs),
BENCH_ONLY (comma-separated scenario keys, for debugging; BENCHMARKS.md is then not written).
Python standard library only.
"""

import datetime
import hashlib
import http.client
import json
import os
import platform
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUN = os.path.join(ROOT, ".run", "bench")
WRK_DIR = os.path.join(ROOT, "bench", "wrk")
BIN = os.environ.get("BENCH_BIN", "")
QUICK = os.environ.get("BENCH_QUICK") == "1"
PERF = os.environ.get("BENCH_PERF") == "1"
ONLY = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
TOOL = os.path.join(BIN, "dirauth-bench")
VENV = os.path.join(ROOT, ".run", "venv")

CONNECTIONS = 64
SERVER_CPUS = {0}
LOAD_CPU = "1"
ALL_CPUS = set(range(os.cpu_count() or 2))
SIZES = (10_000, 100_000)

if QUICK:
    PLAN = dict(warmup=1, duration=2, pinned_runs=2, unpinned_runs=1, token_burst=1, crypto_seconds=0.4,
                ldap_seconds=1.5, invalidation_rounds=20, cached_users=10_000)
else:
    PLAN = dict(warmup=2, duration=5, pinned_runs=5, unpinned_runs=2, token_burst=3, crypto_seconds=2,
                ldap_seconds=5, invalidation_rounds=20, cached_users=100_000)

STARTED = time.time()
BASE_DN = "dc=example,dc=org"
SERVER_NAME = "localhost"


def log(message):
    print("bench [%5.1fs]: %s" % (time.time() - STARTED, message), file=sys.stderr, flush=True)


def run(cmd, env=None, input=None, check=True, timeout=600):
    """Runs a command and returns its stdout (text); raises with stderr on failure."""
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    p = subprocess.run([str(c) for c in cmd], env=full_env, input=input, capture_output=True, text=True, timeout=timeout)
    if check and p.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd[:3]), p.returncode, (p.stderr or p.stdout).strip()[-800:]))
    return p.stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_env_file(path):
    """KEY='value' lines as written by scripts/directory.sh."""
    values = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"^([A-Z0-9_]+)='(.*)'$", line.rstrip("\n"))
            if m:
                values[m.group(1)] = m.group(2).replace("'\\''", "'")
    return values


def write_private(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


# --- processes: affinity and memory -------------------------------------------------------

def threads_of(pid):
    try:
        return [int(t) for t in os.listdir("/proc/%d/task" % pid)]
    except FileNotFoundError:
        return []


def children_of(pid):
    kids = []
    for tid in threads_of(pid):
        try:
            with open("/proc/%d/task/%d/children" % (pid, tid)) as f:
                kids += [int(x) for x in f.read().split()]
        except FileNotFoundError:
            pass
    return kids


def set_affinity(pids, cpus):
    for pid in pids:
        for tid in threads_of(pid):
            try:
                os.sched_setaffinity(tid, cpus)
            except (ProcessLookupError, OSError):
                pass


def status_kib(pid, field):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def clear_peak(pids):
    """Resets VmHWM (Linux: writing 5 to clear_refs)."""
    for pid in pids:
        try:
            with open("/proc/%d/clear_refs" % pid, "w") as f:
                f.write("5")
        except OSError:
            pass


def mib(kib):
    return kib / 1024.0


# --- the directory -------------------------------------------------------------------------

class Directory:
    """A throwaway slapd (scripts/directory.sh) with the sample data plus generated entries."""

    def __init__(self, size):
        self.size = size
        self.run_dir = os.path.join(RUN, "d%d" % size)
        self.conf = {}
        self.pid = None
        self.port = None

    def _env(self):
        return {"DIRAUTH_RUN_DIR": self.run_dir, "LDAP_PORT": str(self.port), "LDAPS_PORT": str(self.ldaps_port)}

    def _script(self, command):
        run([os.path.join(ROOT, "scripts", "directory.sh"), command], env=self._env(), timeout=300)

    def ensure(self, ldif, stamp_value):
        """Starts the instance; (re)creates it first when its data is not `ldif`."""
        self.port, self.ldaps_port = free_port(), free_port()
        stamp = os.path.join(self.run_dir, ".bench-data")
        current = open(stamp).read() if os.path.exists(stamp) else ""
        if current == stamp_value and os.path.exists(os.path.join(self.run_dir, "slapd", ".complete")):
            self.start()
            return
        log("creating the %d-entry directory in %s (once; cached)" % (self.size, self.run_dir))
        if os.path.exists(stamp):
            os.remove(stamp)
        self._script("reset")
        self._load_conf()
        ldapi = self.conf["LDAPI_URI"]
        # Room for 100,000 people and OTP entries, and cn=Monitor to count searches per request.
        run(["ldapmodify", "-Q", "-Y", "EXTERNAL", "-H", ldapi], input=(
            "dn: olcDatabase={1}mdb,cn=config\nchangetype: modify\nreplace: olcDbMaxSize\nolcDbMaxSize: 4294967296\n"))
        run(["ldapadd", "-Q", "-Y", "EXTERNAL", "-H", ldapi], input=(
            "dn: olcDatabase=monitor,cn=config\nobjectClass: olcDatabaseConfig\nolcDatabase: monitor\n"
            "olcAccess: to * by dn.exact=\"gidNumber=0+uidNumber=0,cn=peercred,cn=external,cn=auth\" read by * none\n"))
        self._script("stop")
        started = time.time()
        run(["slapadd", "-q", "-n1", "-F", os.path.join(self.run_dir, "slapd", "slapd.d"), "-l", ldif], timeout=1800)
        log("slapadd of %s took %.1f s" % (os.path.basename(ldif), time.time() - started))
        write_private(stamp, stamp_value)
        self.start()

    def _load_conf(self):
        self.conf = read_env_file(os.path.join(self.run_dir, "directory.env"))
        self.pid = int(self.conf["SLAPD_PID"])

    def start(self):
        self._script("start")
        self._load_conf()
        log("slapd (%d entries + sample) on %s, pid %d" % (self.size, self.conf["DIRAUTH_LDAP_URI"], self.pid))

    def stop(self):
        if self.port is not None:
            self._script("stop")

    def searches_completed(self):
        """slapd's completed search operations (cn=Monitor)."""
        out = run(["ldapsearch", "-LLL", "-Q", "-Y", "EXTERNAL", "-H", self.conf["LDAPI_URI"], "-b",
                   "cn=Search,cn=Operations,cn=Monitor", "-s", "base", "monitorOpCompleted"])
        m = re.search(r"monitorOpCompleted: (\d+)", out)
        return int(m.group(1)) if m else None


# --- servers under test --------------------------------------------------------------------

def wait_port(port, proc, what, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("%s exited during start-up (code %s)" % (what, proc.returncode))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("%s did not listen on %d within %d s" % (what, port, timeout))


class Dirauthd:
    def __init__(self, directory, tag, extra_env=None):
        self.directory = directory
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        env = {k: v for k, v in directory.conf.items() if k.startswith("DIRAUTH_")}
        env.update(DIRAUTH_SECRET_FILE=os.path.join(RUN, "secret"), DIRAUTH_LISTEN="127.0.0.1:%d" % self.port,
                   DIRAUTH_SERVER_NAME=SERVER_NAME)
        env.update(extra_env or {})
        self.log_path = os.path.join(RUN, "dirauthd-%s.log" % tag)
        self.log_file = open(self.log_path, "w")
        full = dict(os.environ)
        full.update(env)
        self.proc = subprocess.Popen([os.path.join(BIN, "dirauthd")], env=full, stdout=self.log_file,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        wait_port(self.port, self.proc, "dirauthd")
        self.pid = self.proc.pid
        waited = self.wait_for_change_feed()
        log("dirauthd (%s) on %s, pid %d%s" % (tag, self.url, self.pid,
                                              "" if waited is None else "; change feed synchronized after %.1f s" % waited))

    def wait_for_change_feed(self, limit=300):
        """Waits until /readyz shows the change feed connected, i.e. its first refresh (every
        entry of the directory, RFC 4533) is done: scenarios measure the steady state, not the
        start-up. Returns the seconds waited, or None without a feed (cache or sync off)."""
        started = time.time()
        while time.time() - started < limit:
            status, _, body = http_get(self.url, "/readyz", {})
            feed = (json.loads(body or b"{}").get("cache") or {}).get("change_feed")
            if not feed:
                return None
            if feed.get("connected"):
                return time.time() - started
            time.sleep(0.2)
        raise RuntimeError("dirauthd's change feed did not synchronize within %d s" % limit)

    def pids(self):
        return [self.pid]

    def side_pids(self):
        """dirauthd and its directory: the server side, pinned together."""
        return [self.pid, self.directory.pid]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log_file.close()


class Reference:
    """crtauth 0.99.4 (AuthServer + CrtauthMiddleware) under gunicorn, 2 sync workers."""

    def __init__(self, keys_dir):
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        env = dict(os.environ)
        env.update(CRTAUTH_KEYS_DIR=keys_dir, CRTAUTH_SECRET_FILE=os.path.join(RUN, "secret"),
                   CRTAUTH_SERVER_NAME=SERVER_NAME)
        self.log_file = open(os.path.join(RUN, "reference.log"), "w")
        self.proc = subprocess.Popen(
            [os.path.join(VENV, "bin", "gunicorn"), "--chdir", os.path.join(ROOT, "Tests", "Interop"), "-w", "2",
             "-b", "127.0.0.1:%d" % self.port, "--log-level", "warning", "reference_server:make_app()"],
            env=env, stdout=self.log_file, stderr=subprocess.STDOUT, start_new_session=True)
        wait_port(self.port, self.proc, "gunicorn")
        deadline = time.time() + 10
        while len(children_of(self.proc.pid)) < 2 and time.time() < deadline:
            time.sleep(0.05)
        self.pid = self.proc.pid
        log("reference crtauth 0.99.4 under gunicorn -w 2 on %s" % self.url)

    def pids(self):
        return [self.pid] + children_of(self.pid)

    def side_pids(self):
        return self.pids()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log_file.close()


# --- wrk -------------------------------------------------------------------------------------

def wrk(url, script, env, duration, pinned, connections=CONNECTIONS):
    threads = min(1 if pinned else 2, connections)
    cmd = ["wrk", "-t%d" % threads, "-c%d" % connections, "-d%ds" % duration, "--latency", "--timeout", "5s",
           "-s", os.path.join(WRK_DIR, script), url]
    if pinned:
        cmd = ["taskset", "-c", LOAD_CPU] + cmd
    full = {"BENCH_WRK_DIR": WRK_DIR, "BENCH_THREADS": str(threads)}
    full.update(env)
    out = run(cmd, env=full, timeout=duration + 120)
    for line in out.splitlines():
        if line.startswith("BENCHJSON "):
            return json.loads(line[len("BENCHJSON "):])
    raise RuntimeError("wrk printed no result: %s" % out[-500:])


# --- crtauth helpers -------------------------------------------------------------------------

def tool(*args, timeout=900):
    return run([TOOL] + [str(a) for a in args], timeout=timeout)


def sign(path, kind, count, users, at):
    tool("sign", "--keys", os.path.join(RUN, "keys"), "--secret-file", os.path.join(RUN, "secret"),
         "--server-name", SERVER_NAME, "--kind", kind, "--users", users, "--count", count, "--at", "%.3f" % at,
         "--out", path)


def http_get(url, path, headers):
    host, port = url[len("http://"):].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("GET", path, headers=headers)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, dict(resp.getheaders()), body


def login(url, user_count=1):
    """A token through /_auth with a freshly signed RSA response of bench-u0."""
    path = os.path.join(RUN, "login-response")
    sign(path, "rsa", 1, user_count, time.time())
    response = open(path).read().strip()
    status, headers, body = http_get(url, "/_auth", {"X-CHAP": "response:" + response})
    chap = headers.get("X-CHAP") or headers.get("x-chap") or ""
    if status != 200 or not chap.startswith("token:"):
        raise RuntimeError("login at %s failed: %d %s %s" % (url, status, chap, body[:200]))
    return chap[len("token:"):]


# --- scenarios -------------------------------------------------------------------------------

class Scenario:
    """Several wrk runs against one target after a warm-up: pinned (server side on core 0, wrk
    -t1 on core 1) and unpinned (both free, wrk -t2)."""

    def __init__(self, key, title, target, script, make_env, directory=None, once=False, duration=None, light=False):
        self.key, self.title, self.target, self.script = key, title, target, script
        # light: one more pinned run with a single connection, for the latency without queueing.
        self.light, self.light_run = light, None
        self.make_env, self.directory, self.once = make_env, directory, once
        self.duration = duration or PLAN["duration"]
        self.pinned, self.unpinned = [], []
        self.peak_kib = 0
        self.searches_per_request = None
        self.profiled = False

    def _one(self, pinned, record, connections=CONNECTIONS):
        env = self.make_env(pinned)
        counted = self.directory and (record or connections == 1)
        before = self.directory.searches_completed() if counted else None
        perf = None
        if PERF and record and pinned and not self.profiled:
            # BENCH_PERF=1: one flat perf profile of the server during the first recorded run.
            self.profiled = True
            perf = subprocess.Popen(["perf", "record", "-q", "-F", "999", "-g", "-p", str(self.target.pid), "-o",
                                     os.path.join(RUN, "perf-%s.data" % self.key.replace("@", "-"))],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        result = wrk(self.target.url, self.script, env, self.duration, pinned, connections)
        if perf:
            perf.send_signal(signal.SIGINT)
            perf.wait(30)
        if before is not None:
            # Requests still in flight when wrk stops (up to one per connection) are served
            # after it and counted here but not in `answered`; the single-connection run has at
            # most one. The monitor search reading `before` is not counted.
            time.sleep(0.2)
            after = self.directory.searches_completed()
            answered = result["ok"] + result["non2xx"]
            if after is not None and answered:
                result["searches"] = (after - before - 1) / answered
        if result["ok"] == 0 or result["non2xx"] > result["ok"] * 0.01 + (CONNECTIONS if self.once else 0):
            log("  warning: %s: %d ok, %d non-2xx (%s), %d socket errors" % (
                self.key, result["ok"], result["non2xx"], result["bad_statuses"].strip(), result["errors"]))
        return result

    def run(self):
        log("scenario %s: %s" % (self.key, self.title))
        set_affinity(self.target.side_pids(), SERVER_CPUS)
        clear_peak(self.target.pids())
        if not self.once:  # token bursts need no warm-up of their own: the server is warm by then
            saved = self.duration
            self.duration = PLAN["warmup"]
            self._one(True, False)
            self.duration = saved
        for _ in range(PLAN["pinned_runs"]):
            self.pinned.append(self._one(True, True))
        if self.light:
            self.light_run = self._one(True, False, connections=1)
        set_affinity(self.target.side_pids(), ALL_CPUS)
        for _ in range(PLAN["unpinned_runs"]):
            self.unpinned.append(self._one(False, False))
        set_affinity(self.target.side_pids(), SERVER_CPUS)
        self.peak_kib = sum(status_kib(p, "VmHWM") for p in self.target.pids())
        searches = [r["searches"] for r in self.pinned if "searches" in r]
        self.searches_per_request = statistics.median(searches) if searches else None
        s = self.summary()
        log("  %s: %.0f req/s (%.0f–%.0f), p50 %.2f ms, p99 %.2f ms; unpinned %.0f req/s; peak RSS %.1f MiB%s" % (
            self.key, s["rate"], s["min"], s["max"], s["p50"], s["p99"], s["unpinned"], mib(self.peak_kib),
            "" if self.searches_per_request is None else "; %.2f LDAP searches/request" % self.searches_per_request))
        return self

    def summary(self):
        rates = [r["rate"] for r in self.pinned] or [0]
        return dict(
            rate=statistics.median(rates), min=min(rates), max=max(rates),
            p50=statistics.median([r["p50_us"] for r in self.pinned] or [0]) / 1000.0,
            p99=statistics.median([r["p99_us"] for r in self.pinned] or [0]) / 1000.0,
            unpinned=statistics.median([r["rate"] for r in self.unpinned] or [0]),
            non2xx=sum(r["non2xx"] for r in self.pinned + self.unpinned),
            errors=sum(r["errors"] for r in self.pinned + self.unpinned))


def fixed_env(path, header=None):
    def make(pinned):
        env = {"BENCH_PATH": path}
        if header:
            env["BENCH_HEADER"] = header() if callable(header) else header
        return env
    return make


def requests_env(users):
    path = os.path.join(RUN, "requests-%d.txt" % users)
    if not os.path.exists(path):
        tool("requests", "--users", users, "--count", users, "--out", path)

    def make(pinned):
        return {"BENCH_FILE": path, "BENCH_KIND": "xchap-request"}
    return make


class TokenEnv:
    """Pre-signed single-use responses for one burst: minted for a moment a little in the
    future (so signing may take longer than a challenge's 20 s), the burst starts once that
    moment is inside the challenges' validity (valid from issue time - 2 s)."""

    def __init__(self, kind, users, guess):
        self.kind, self.users, self.rate, self.sign_rate = kind, users, guess, None
        self.path = os.path.join(RUN, "responses-%s.txt" % kind)

    def __call__(self, pinned):
        count = int(self.rate * PLAN["token_burst"] * 1.25) + 300
        sign_seconds = count / self.sign_rate if self.sign_rate else count / 2000.0
        at = time.time() + sign_seconds * 1.2 + 1.0
        started = time.time()
        sign(self.path, self.kind, count, self.users, at)
        elapsed = time.time() - started
        self.sign_rate = count / max(elapsed, 0.05)
        now = time.time()
        if now < at - 1.5:
            time.sleep(at - 1.5 - now)
        elif now > at + 15 - PLAN["token_burst"]:
            log("  warning: signing %d responses took %.1f s, past the challenges' window" % (count, elapsed))
        return {"BENCH_FILE": self.path, "BENCH_KIND": "xchap-response", "BENCH_ONCE": "1"}

    def learn(self, scenario):
        rates = [r["rate"] for r in scenario.pinned + scenario.unpinned]
        if rates:
            self.rate = max(rates)


class VerifyEnv:
    """/ungleichotp/verify/ bodies with codes valid now (window ±1 step), regenerated per run;
    the demo verifier (realm ungleich-auth) checks `services` generated services in turn."""

    def __init__(self, directory, services, seeds):
        self.directory, self.services, self.seeds = directory, services, seeds
        self.path = os.path.join(RUN, "verify-%d.txt" % directory.size)

    def __call__(self, pinned):
        tool("otp-lines", "--seeds", self.seeds, "--verifier", self.directory.conf["DEMO_OTP_VERIFIER"],
             "--count", self.services, "--out", self.path)
        return {"BENCH_FILE": self.path, "BENCH_KIND": "form", "BENCH_PATH": "/ungleichotp/verify/"}


def dirauthd_scenarios(server, directory, seeds, suffix, with_ceiling):
    """Scenarios 1–5 (2–5 when with_ceiling is false) against one dirauthd."""
    done = []
    wanted = lambda key: not ONLY or key in ONLY or key.split("@")[0] in ONLY

    def add(s):
        if wanted(s.key):
            done.append(s.run())
        return s

    if with_ceiling:
        add(Scenario("ceiling", "GET /healthz (a trivial route of the same server)", server, "fixed.lua",
                     fixed_env("/healthz"), light=True))
    tokens = {}

    def token_header():
        tokens["t"] = login(server.url)
        return "Authorization: chap:" + tokens["t"]

    add(Scenario("protected" + suffix, "GET /v1/whoami with Authorization: chap:<token>", server, "fixed.lua",
                 fixed_env("/v1/whoami", token_header), directory=directory, light=with_ceiling))
    add(Scenario("challenge" + suffix, "/_auth X-CHAP request → challenge (1,000 users in turn)", server,
                 "lines.lua", requests_env(1000), directory=directory, light=with_ceiling))
    for kind, title in (("rsa", "RSA-2048"), ("ed25519", "Ed25519")):
        env = TokenEnv(kind, 1000, 2000.0)
        s = Scenario("token-%s%s" % (kind, suffix), "/_auth X-CHAP response → token, %s keys (pre-signed, single use)" % title,
                     server, "lines.lua", env, directory=directory, once=True, duration=PLAN["token_burst"])
        orig = s._one

        def one(pinned, record, orig=orig, env=env, s=s):
            r = orig(pinned, record)
            if r["rate"] > 0:
                env.rate = max(env.rate, r["rate"]) if not record else r["rate"]
            return r
        s._one = one
        add(s)
    add(Scenario("verify-warm" + suffix, "POST /ungleichotp/verify/ (form), 200 services in turn", server, "lines.lua",
                 VerifyEnv(directory, 200, seeds), directory=directory, light=with_ceiling))
    return done


# --- one-off measurements --------------------------------------------------------------------

def crypto_rates():
    out = tool("crypto", "--seconds", PLAN["crypto_seconds"])
    return json.loads(out.strip().splitlines()[-1])


def ldap_search_rate(directory, tool_cpu=LOAD_CPU):
    """The raw search rate of LDAPClient against slapd (pinned to core 0), the tool on `tool_cpu`:
    core 1 measures slapd's own capacity; core 0 shares it with slapd, as dirauthd does in the
    pinned scenarios."""
    pw = os.path.join(RUN, "bind-password")
    write_private(pw, directory.conf["DIRAUTH_LDAP_BIND_PASSWORD"])
    set_affinity([directory.pid], SERVER_CPUS)
    out = run(["taskset", "-c", tool_cpu, TOOL, "ldap-search-rate", "--uri", directory.conf["DIRAUTH_LDAP_URI"],
               "--bind-dn", directory.conf["DIRAUTH_LDAP_BIND_DN"], "--password-file", pw,
               "--people-base", directory.conf["DIRAUTH_LDAP_PEOPLE_BASE"], "--uid", "bench-u1",
               "--otp-dn", "cn=bench-s1+ou=bench-r0," + directory.conf["DIRAUTH_LDAP_OTP_BASE"],
               "--concurrency", 16, "--pool", 4, "--seconds", PLAN["ldap_seconds"]], timeout=120)
    return json.loads(out.strip().splitlines()[-1])


def ldapmodify(directory, ldif):
    run(["ldapmodify", "-x", "-H", directory.conf["DIRAUTH_LDAP_URI"], "-D", directory.conf["LDAP_ADMIN_DN"],
         "-w", directory.conf["LDAP_ADMIN_PASSWORD"]], input=ldif)


def invalidation(server, directory):
    """Scenario 8: ldapmodify removes bench-u7's keys; how long until /v1/whoami with their token
    says 401? Then the keys come back (and the wait for 200 is recorded too)."""
    user = 7
    rsa_line = open(os.path.join(RUN, "keys", "rsa-%d.pub" % (user % 4))).read().strip()
    ed_line = open(os.path.join(RUN, "keys", "ed25519-%d.pub" % (user % 4))).read().strip()
    dn = "uid=bench-u%d,%s" % (user, directory.conf["DIRAUTH_LDAP_PEOPLE_BASE"])
    path = os.path.join(RUN, "login-response-u7")
    sign(path, "rsa", 8, 8, time.time())
    response = open(path).read().strip().splitlines()[-1]
    status, headers, _ = http_get(server.url, "/_auth", {"X-CHAP": "response:" + response})
    token = (headers.get("X-CHAP") or "")[len("token:"):]
    if status != 200 or not token:
        raise RuntimeError("login as bench-u7 failed: %d" % status)
    host, port = server.url[len("http://"):].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)

    def status_now():
        conn.request("GET", "/v1/whoami", headers={"Authorization": "chap:" + token})
        r = conn.getresponse()
        r.read()
        return r.status

    def wait_for(want, limit=5.0):
        """The monotonic time of the first answer with status `want`, or None."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < limit:
            if status_now() == want:
                return time.monotonic()
            time.sleep(0.002)
        return None

    removed, restored, modify = [], [], []
    set_affinity(server.side_pids(), ALL_CPUS)
    if status_now() != 200:
        raise RuntimeError("bench-u7's token is not accepted before the test")
    for _ in range(PLAN["invalidation_rounds"]):
        # The delay counts from just before ldapmodify starts (its own ~5-10 ms included).
        t0 = time.monotonic()
        ldapmodify(directory, "dn: %s\nchangetype: modify\ndelete: sshPublicKey\n" % dn)
        modify.append(time.monotonic() - t0)
        seen = wait_for(401)
        removed.append(None if seen is None else seen - t0)
        t1 = time.monotonic()
        ldapmodify(directory, "dn: %s\nchangetype: modify\nadd: sshPublicKey\nsshPublicKey: %s\nsshPublicKey: %s\n" % (
            dn, rsa_line, ed_line))
        seen = wait_for(200)
        restored.append(None if seen is None else seen - t1)
    conn.close()
    return removed, restored, modify


def rss_with_cached(server, users):
    """Challenges for `users` distinct users (every key lookup a different entry), then VmRSS."""
    path = os.path.join(RUN, "requests-all-%d.txt" % users)
    if not os.path.exists(path):
        tool("requests", "--users", users, "--count", users, "--out", path)
    set_affinity(server.side_pids(), ALL_CPUS)
    r = wrk(server.url, "lines.lua", {"BENCH_FILE": path, "BENCH_KIND": "xchap-request", "BENCH_ONCE": "1"},
            max(5, int(users / 1500) + 3), False)
    return status_kib(server.pid, "VmRSS"), status_kib(server.pid, "VmHWM"), r


# --- report ----------------------------------------------------------------------------------

def machine():
    model = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        mem = "%.0f GiB RAM" % (int(open("/proc/meminfo").readline().split()[1]) / 1024 / 1024)
    except (OSError, ValueError, IndexError):
        pass
    commit = run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], check=False).strip()
    dirty = run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"], check=False).strip()
    return dict(cpu=model, cores=os.cpu_count(), mem=mem, kernel=platform.release(),
                commit=commit + (" (+ uncommitted changes)" if dirty else ""),
                date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                wrk=run(["wrk", "--version"], check=False).splitlines()[0] if True else "")


def grep_sources(pattern):
    out = run(["grep", "-rlE", pattern, os.path.join(ROOT, "Sources")], check=False)
    return [p for p in out.splitlines() if "/dirauth-bench/" not in p and "/CLDAP/" not in p]


def fmt_rate(x):
    return "—" if not x else "{:,.0f}".format(x)


def fmt_ratio(x):
    return "—" if x is None else "%.2f×" % x


def main():
    if not BIN or not os.path.exists(TOOL):
        sys.exit("bench: BENCH_BIN must name the release bin folder holding dirauthd and dirauth-bench")
    os.makedirs(RUN, exist_ok=True)
    info = machine()
    log("%s mode; %d connections, keep-alive; server side pinned to core 0, wrk to core 1, then unpinned" % (
        "quick" if QUICK else "full", CONNECTIONS))

    secret_path = os.path.join(RUN, "secret")
    if not os.path.exists(secret_path):
        write_private(secret_path, secrets.token_hex(32) + "\n")
    tool("keys", "--dir", os.path.join(RUN, "keys"), "--rsa", 4, "--ed25519", 4)
    keys_digest = hashlib.sha256(b"".join(
        open(os.path.join(RUN, "keys", f), "rb").read() for f in sorted(os.listdir(os.path.join(RUN, "keys")))
        if f.endswith(".pub"))).hexdigest()[:16]

    data = {}
    for size in SIZES:
        folder = os.path.join(RUN, "data-%d" % size)
        os.makedirs(folder, exist_ok=True)
        ldif, seeds, stamp = (os.path.join(folder, n) for n in ("bench.ldif", "seeds.txt", ".stamp"))
        stamp_value = "v1 %d %s" % (size, keys_digest)
        if not (os.path.exists(stamp) and open(stamp).read() == stamp_value):
            log("generating %d people and %d OTP entries (once; cached in %s)" % (size, size, folder))
            tool("ldif", "--keys", os.path.join(RUN, "keys"), "--users", size, "--services", size,
                 "--realm-size", 1000, "--out", ldif, "--seeds", seeds)
            write_private(stamp, stamp_value)
        data[size] = (ldif, seeds, stamp_value + " " + hashlib.sha256(open(seeds, "rb").read()).hexdigest()[:16])

    # Reference keys: crtauth's FileKeyProvider reads <user>_id_rsa.pub.
    ref_keys = os.path.join(RUN, "reference-keys")
    os.makedirs(ref_keys, exist_ok=True)
    for user in range(1000):
        with open(os.path.join(ref_keys, "bench-u%d_id_rsa.pub" % user), "w") as f:
            f.write(open(os.path.join(RUN, "keys", "rsa-%d.pub" % (user % 4))).read())

    results = {"machine": info, "quick": QUICK, "plan": PLAN}
    cache_setting = bool(grep_sources("DIRAUTH_CACHE_ENABLED"))
    push = bool(grep_sources(r"ldap_sync_init|ldap_sync_poll"))
    results["cache_setting"], results["push"] = cache_setting, push

    log("crypto rates (dirauth-bench crypto)")
    results["crypto"] = crypto_rates()
    log("  %s" % results["crypto"])

    scenarios = []
    cleanup = []
    try:
        # --- 10,000 people: scenarios 1-6, 8 ---
        d10 = Directory(10_000)
        cleanup.append(d10.stop)
        d10.ensure(data[10_000][0], data[10_000][2])
        server = Dirauthd(d10, "10k")
        cleanup.append(server.stop)
        idle = status_kib(server.pid, "VmRSS")
        results["idle_rss_kib"] = idle
        log("idle RSS %.1f MiB" % mib(idle))
        scenarios += dirauthd_scenarios(server, d10, data[10_000][1], "", True)

        if not ONLY or "invalidation" in ONLY:
            log("scenario invalidation: ldapmodify → changed answer, %d rounds" % PLAN["invalidation_rounds"])
            removed, restored, modify = invalidation(server, d10)
            results["invalidation"] = dict(removed=removed, restored=restored, ldapmodify=modify)
            ok = [d for d in removed if d is not None]
            if ok:
                log("  key removal seen after median %.1f ms, worst %.1f ms (%d/%d rounds)" % (
                    statistics.median(ok) * 1000, max(ok) * 1000, len(ok), len(removed)))
        server.stop()
        cleanup.remove(server.stop)

        if not ONLY or "verify-cold" in ONLY:
            cold = Dirauthd(d10, "10k-cache-off", {"DIRAUTH_CACHE_ENABLED": "false"})
            cleanup.append(cold.stop)
            scenarios.append(Scenario("verify-cold", "POST /ungleichotp/verify/ with DIRAUTH_CACHE_ENABLED=false", cold,
                                      "lines.lua", VerifyEnv(d10, 200, data[10_000][1]), directory=d10, light=True).run())
            cold.stop()
            cleanup.remove(cold.stop)
        if not ONLY or "ldap-rate" in ONLY:
            log("raw LDAP search rate (dirauth-bench ldap-search-rate, LDAPClient, 16 in flight, pool 4)")
            results["ldap"] = ldap_search_rate(d10)
            results["ldap_shared"] = ldap_search_rate(d10, ",".join(str(c) for c in sorted(SERVER_CPUS)))
            log("  tool on core 1: %s; tool on core 0 with slapd: %s" % (results["ldap"], results["ldap_shared"]))
        d10.stop()
        cleanup.remove(d10.stop)

        # --- 100,000 people: scenario 7 and the RSS with 100,000 looked-up users ---
        if not ONLY or any(k.endswith("@100k") or k in ("100k", "rss") for k in ONLY):
            d100 = Directory(100_000)
            cleanup.append(d100.stop)
            d100.ensure(data[100_000][0], data[100_000][2])
            big = Dirauthd(d100, "100k")
            cleanup.append(big.stop)
            results["idle_rss_100k_kib"] = status_kib(big.pid, "VmRSS")
            scenarios += dirauthd_scenarios(big, d100, data[100_000][1], "@100k", False)
            log("RSS after challenges for %d distinct people" % PLAN["cached_users"])
            rss, hwm, r = rss_with_cached(big, PLAN["cached_users"])
            results["cached_users"] = PLAN["cached_users"]
            results["rss_100k_kib"], results["rss_100k_hwm_kib"], results["rss_100k_run"] = rss, hwm, r
            log("  VmRSS %.1f MiB, VmHWM %.1f MiB (%d challenges at %.0f/s)" % (mib(rss), mib(hwm), r["ok"], r["rate"]))
            big.stop()
            cleanup.remove(big.stop)
            d100.stop()
            cleanup.remove(d100.stop)

        # --- scenario 9: the reference ---
        if not ONLY or any(k.startswith("ref") for k in ONLY):
            ref = Reference(ref_keys)
            cleanup.append(ref.stop)
            rtok = {}

            def ref_header():
                rtok["t"] = login(ref.url)
                return "Authorization: chap:" + rtok["t"]

            scenarios.append(Scenario("ref-challenge", "reference: /_auth challenge", ref, "lines.lua",
                                      requests_env(1000)).run())
            env = TokenEnv("rsa", 1000, 500.0)
            s = Scenario("ref-token-rsa", "reference: /_auth token, RSA-2048", ref, "lines.lua", env, once=True,
                         duration=PLAN["token_burst"])
            orig = s._one

            def one(pinned, record, orig=orig, env=env):
                r = orig(pinned, record)
                if r["rate"] > 0:
                    env.rate = r["rate"]
                return r
            s._one = one
            scenarios.append(s.run())
            scenarios.append(Scenario("ref-protected", "reference: protected route with chap:<token>", ref, "fixed.lua",
                                      fixed_env("/hello", ref_header)).run())
            ref.stop()
            cleanup.remove(ref.stop)
    finally:
        for stop in reversed(cleanup):
            try:
                stop()
            except Exception as e:  # noqa: BLE001  (keep stopping the rest)
                log("cleanup: %s" % e)

    results["scenarios"] = {s.key: dict(title=s.title, summary=s.summary(), pinned=s.pinned, unpinned=s.unpinned,
                                        peak_kib=s.peak_kib, searches=s.searches_per_request, light=s.light_run)
                         for s in scenarios}
    results["elapsed"] = time.time() - STARTED
    with open(os.path.join(RUN, "results-%s.json" % ("quick" if QUICK else "full")), "w") as f:
        json.dump(results, f, indent=1)
    import report  # bench/report.py
    text = report.render(results)
    print(text)
    if not ONLY:
        report.write_benchmarks(os.path.join(ROOT, "BENCHMARKS.md"), text, QUICK)
    log("done in %.0f s" % (time.time() - STARTED))


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
