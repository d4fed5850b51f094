"""Log forgery: every user-supplied value the real dirauthd logs stays inside its own escaped
logfmt value, whatever bytes it holds (issue 14, item 7)."""

import time

import requests

FORGED = "mallory\ntime=2026-01-01T00:00:00Z level=error msg=FORGED\u0000\r\u2028"


def test_forged_lines_are_escaped(dirauthd):
    server = dirauthd(DIRAUTH_LOG_LEVEL="debug")
    base = server.url
    # A challenge for a username (logged at debug), an OTP caller and a verifying service (refusals at info).
    requests.post(base + "/v1/challenge", json={"username": FORGED}, timeout=10)
    requests.get(base + "/ungleichotp/", json={"auth_name": FORGED, "auth_realm": FORGED, "auth_token": "123456"}, timeout=10)
    requests.post(base + "/v1/verify", json={"auth_name": FORGED, "auth_realm": "r", "auth_token": "1", "token": "t"}, timeout=10)
    requests.post(base + "/ungleichotp/verify/", data={"auth_name": FORGED, "auth_realm": "r", "auth_token": "1",
                                                       "name": "n", "realm": "r", "token": "1"}, timeout=10)
    deadline = time.monotonic() + 5
    # (OTP subjects are logged in their canonical form, folded to lower case.)
    while time.monotonic() < deadline and server.output().lower().count("forged") < 4:
        time.sleep(0.05)
    output = server.output()
    lines = output.splitlines()
    assert output.lower().count("forged") >= 4, output
    for line in lines:
        assert line.startswith("time=") and " level=" in line and " msg=" in line, "a forged or foreign line: %r" % line
        assert "\x00" not in line and "\u2028" not in line
    # (The OTP API trims surrounding white space, as DRF did, so the trailing \r and U+2028 go there.)
    escaped = 'mallory\\ntime=2026-01-01T00:00:00Z level=error msg=FORGED\\u{0}'
    assert sum(escaped.lower() in line.lower() for line in lines) >= 4, output
    assert any(escaped + '\\r\\u{2028}' in line for line in lines), output
