"""Real pyotp codes against the real dirauthd, the way ungleich-otp's callers send them.

dirauthd runs from `make test`'s build against its slapd (conftest ``dirauthd`` fixture); the
demo entries of the sample directory (DEMO_OTP_ADMIN / _VERIFIER / _SERVICE in directory.env,
"name:realm:seed") hold 160-bit seeds, and pyotp computes every code.
"""

import uuid

import pyotp
import pytest
import requests


def triple(directory, key):
    name, realm, seed = directory[key].split(":", 2)
    return name, realm, seed


@pytest.fixture
def server(dirauthd):
    return dirauthd()


def check_otp(server, directory, name, realm, token):
    """dynamicweb's datacenterlight/utils.py::check_otp: form-encoded POST, status code only."""
    auth_name, auth_realm, auth_seed = triple(directory, "DEMO_OTP_VERIFIER")
    data = {
        "auth_name": auth_name,
        "auth_token": pyotp.TOTP(auth_seed).now(),
        "auth_realm": auth_realm,
        "name": name,
        "realm": realm,
        "token": token,
    }
    return requests.post(server.url + "/ungleichotp/verify/", data=data, timeout=10).status_code


def test_check_otp_accepts_pyotp_codes_form_encoded(server, directory):
    name, realm, seed = triple(directory, "DEMO_OTP_SERVICE")
    assert check_otp(server, directory, name, realm, pyotp.TOTP(seed).now()) == 200
    admin_name, admin_realm, admin_seed = triple(directory, "DEMO_OTP_ADMIN")
    assert check_otp(server, directory, admin_name, admin_realm, pyotp.TOTP(admin_seed).now()) == 200


def test_check_otp_refuses_wrong_and_unknown(server, directory):
    name, realm, seed = triple(directory, "DEMO_OTP_SERVICE")
    totp = pyotp.TOTP(seed)
    wrong = next("%06d" % n for n in range(1000000) if not totp.verify("%06d" % n, valid_window=2))
    assert check_otp(server, directory, name, realm, wrong) == 403
    assert check_otp(server, directory, "nobody-" + uuid.uuid4().hex[:8], realm, totp.now()) == 403
    assert check_otp(server, directory, name, "ungleich-admin", totp.now()) == 403


def test_verify_json_and_trailing_slash(server, directory):
    v_name, v_realm, v_seed = triple(directory, "DEMO_OTP_VERIFIER")
    name, realm, seed = triple(directory, "DEMO_OTP_SERVICE")
    body = {"auth_name": v_name, "auth_realm": v_realm, "auth_token": pyotp.TOTP(v_seed).now(),
            "name": name, "realm": realm, "token": pyotp.TOTP(seed).now()}
    for path in ("/ungleichotp/verify/", "/ungleichotp/verify"):
        response = requests.post(server.url + path, json=body, timeout=10)
        assert response.status_code == 200
        assert response.json() == {"status": "OK"}


def test_window_edges_with_pyotp_times(server, directory):
    """Default window ±1 step: codes for now±30 s pass, now±60 s fail (pyotp computes them)."""
    name, realm, seed = triple(directory, "DEMO_OTP_ADMIN")
    totp = pyotp.TOTP(seed)
    import time
    now = time.time()
    # Stay away from a step boundary so that "now" is the same step for us and the server.
    if now % 30 > 25:
        time.sleep(30 - now % 30 + 0.5)
        now = time.time()
    for offset, status in ((-30, 200), (30, 200), (-60, 403), (60, 403)):
        code = totp.at(now + offset)
        if code == totp.at(now) or (status == 403 and totp.verify(code, for_time=now, valid_window=1)):
            continue  # a collision with an accepted code; nothing to test for this offset
        response = requests.get(server.url + "/ungleichotp/", headers={
            "X-Auth-Name": name, "X-Auth-Realm": realm, "X-Auth-Token": code}, timeout=10)
        assert response.status_code == status, (offset, response.text)


def test_admin_creates_verifies_and_deletes_with_pyotp(server, directory):
    """The management flow of ungleich-otp's client, with a seed pyotp then uses."""
    a_name, a_realm, a_seed = triple(directory, "DEMO_OTP_ADMIN")
    admin = pyotp.TOTP(a_seed)
    new_name = "interop-" + uuid.uuid4().hex[:8]

    def auth():
        return {"auth_name": a_name, "auth_realm": a_realm, "auth_token": admin.now()}

    created = requests.post(server.url + "/ungleichotp/", data=dict(auth(), name=new_name, realm="services"), timeout=10)
    assert created.status_code == 201, created.text
    entry = created.json()
    assert set(entry) == {"id", "name", "realm", "seed"}
    assert len(pyotp.random_base32()) == len(entry["seed"]) == 32
    try:
        assert check_otp(server, directory, new_name, "services", pyotp.TOTP(entry["seed"]).now()) == 200
        listed = requests.get(server.url + "/ungleichotp/", json=auth(), timeout=10)
        assert listed.status_code == 200
        assert {"id": entry["id"], "name": new_name, "realm": "services"} in listed.json()
    finally:
        deleted = requests.delete(server.url + "/ungleichotp/", data=dict(auth(), name=new_name, realm="services"), timeout=10)
        assert deleted.status_code == 204
    assert check_otp(server, directory, new_name, "services", pyotp.TOTP(entry["seed"]).now()) == 403


def test_v1_verify_requires_a_verifier(server, directory):
    s_name, s_realm, s_seed = triple(directory, "DEMO_OTP_SERVICE")
    v_name, v_realm, v_seed = triple(directory, "DEMO_OTP_VERIFIER")
    bad = requests.post(server.url + "/v1/verify", json={"token": "x"}, headers={
        "X-Auth-Name": s_name, "X-Auth-Realm": s_realm, "X-Auth-Token": pyotp.TOTP(s_seed).now()}, timeout=10)
    assert bad.status_code == 403
    assert bad.json() == {"detail": "You do not have permission to perform this action."}
    forged = requests.post(server.url + "/v1/verify", json={"token": "not-a-token"}, headers={
        "X-Auth-Name": v_name, "X-Auth-Realm": v_realm, "X-Auth-Token": pyotp.TOTP(v_seed).now()}, timeout=10)
    assert forged.status_code == 403
    assert forged.json() == {"detail": "Invalid or expired token."}
