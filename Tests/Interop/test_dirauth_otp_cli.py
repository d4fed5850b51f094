"""`dirauth otp` against the real dirauthd and the test directory: the admin creates, lists,
rotates and deletes an entry, the verifier checks tokens, and refusals exit 1."""

import json
import subprocess
import uuid

import pyotp
import pytest

from test_dirauth_cli import dirauth_binary, run_dirauth


def triple(directory, key):
    name, realm, seed = directory[key].split(":")
    return name, realm, seed


@pytest.fixture
def otp_cli(dirauthd, directory):
    server = dirauthd()
    base = server.url + "/ungleichotp/"

    def run(caller_key, *args):
        name, realm, seed = triple(directory, caller_key)
        return run_dirauth({"PATH": "/usr/bin:/bin"}, "otp", args[0], "--server-url", base,
                           "--auth-name", name, "--auth-realm", realm, "--auth-seed", seed, *args[1:])

    return run


def test_admin_lifecycle_and_verifier(otp_cli, directory):
    name = "cli-" + uuid.uuid4().hex[:8]
    rc, out, err = otp_cli("DEMO_OTP_ADMIN", "create", "--name", name, "--realm", "services")
    assert rc == 0, err
    created = json.loads(out)
    assert created["name"] == name and created["realm"] == "services" and len(created["seed"]) == 32

    rc, out, err = otp_cli("DEMO_OTP_ADMIN", "list")
    assert rc == 0, err
    assert name in out

    # The verifier checks the new entry's current code (computed by pyotp), and a wrong one fails.
    rc, out, err = otp_cli("DEMO_OTP_VERIFIER", "verify", "--name", name, "--realm", "services",
                           "--token", pyotp.TOTP(created["seed"]).now())
    assert rc == 0, err
    assert "Verify ok" in out
    wrong = "%06d" % ((int(pyotp.TOTP(created["seed"]).now()) + 500000) % 1000000)
    rc, _, _ = otp_cli("DEMO_OTP_VERIFIER", "verify", "--name", name, "--realm", "services", "--token", wrong)
    assert rc == 1

    rc, out, err = otp_cli("DEMO_OTP_ADMIN", "rotate", "--name", name, "--realm", "services")
    assert rc == 0, err
    rotated = json.loads(out)
    assert rotated["seed"] != created["seed"]
    rc, _, err = otp_cli("DEMO_OTP_VERIFIER", "verify", "--name", name, "--realm", "services",
                         "--seed", rotated["seed"])
    assert rc == 0, err

    rc, _, err = otp_cli("DEMO_OTP_ADMIN", "delete", "--name", name, "--realm", "services")
    assert rc == 0, err
    rc, out, _ = otp_cli("DEMO_OTP_ADMIN", "list")
    assert name not in out


def test_missing_capability_is_exit_1(otp_cli):
    # An ordinary service may authenticate, not manage.
    rc, _, err = otp_cli("DEMO_OTP_SERVICE", "list")
    assert rc == 1, err
    rc, _, err = otp_cli("DEMO_OTP_SERVICE", "create", "--name", "nope", "--realm", "services")
    assert rc == 1, err


def test_code_and_uri_need_no_server(directory):
    _, _, seed = triple(directory, "DEMO_OTP_SERVICE")
    rc, out, err = run_dirauth({}, "otp", "code", "--seed", seed)
    assert rc == 0, err
    assert pyotp.TOTP(seed).verify(out.strip(), valid_window=1)
    rc, out, err = run_dirauth({}, "otp", "uri", "--name", "billing", "--realm", "services", "--seed", seed)
    assert rc == 0, err
    assert out.startswith("otpauth://totp/") and "secret=" + seed in out


def test_seeds_stay_out_of_the_process_list(dirauthd, directory, tmp_path):
    """A seed may come from a file, standard input or the environment instead of argv, where every
    local user would see it (issue 14, item 8)."""
    server = dirauthd()
    base = server.url + "/ungleichotp/"
    admin_name, admin_realm, admin_seed = triple(directory, "DEMO_OTP_ADMIN")
    verifier_name, verifier_realm, verifier_seed = triple(directory, "DEMO_OTP_VERIFIER")
    service_name, service_realm, service_seed = triple(directory, "DEMO_OTP_SERVICE")
    seed_file = tmp_path / "admin.seed"
    seed_file.write_text(admin_seed + "\n")
    seed_file.chmod(0o600)

    def dirauth(args, env=None, stdin=None):
        proc = subprocess.run([dirauth_binary(), "otp", *args], env={"PATH": "/usr/bin:/bin", **(env or {})},
                              capture_output=True, text=True, timeout=60, input=stdin)
        return proc.returncode, proc.stdout, proc.stderr

    caller = ["--server-url", base, "--auth-name", admin_name, "--auth-realm", admin_realm]
    rc, out, err = dirauth(["list", *caller, "--auth-seed-file", str(seed_file)])
    assert rc == 0 and service_name in out, err
    rc, out, err = dirauth(["list", *caller, "--auth-seed-file", "-"], stdin=admin_seed + "\n")
    assert rc == 0 and service_name in out, err
    rc, out, err = dirauth(["list", *caller], env={"DIRAUTH_AUTH_SEED": admin_seed})
    assert rc == 0 and service_name in out, err
    # The verifier's seed from the environment, the target's from standard input.
    rc, out, err = dirauth(["verify", "--server-url", base, "--auth-name", verifier_name, "--auth-realm", verifier_realm,
                            "--name", service_name, "--realm", service_realm, "--seed-file", "-"],
                           env={"DIRAUTH_AUTH_SEED": verifier_seed}, stdin=service_seed)
    assert rc == 0 and "Verify ok" in out, err
    rc, out, _ = dirauth(["code", "--seed-file", str(seed_file)])
    assert rc == 0 and out.strip() == pyotp.TOTP(admin_seed).now()
    # Two sources at once, or none, is a usage error (exit 2).
    assert dirauth(["list", *caller, "--auth-seed", admin_seed, "--auth-seed-file", str(seed_file)])[0] == 2
    assert dirauth(["list", *caller])[0] == 2
    assert dirauth(["code"])[0] == 2
