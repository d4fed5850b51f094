"""The shimmed crtauth 0.99.4 reproduces crtauth-vectors.json byte for byte, through its own classes.

Deterministic inputs: ``AuthServer(now_func=...)`` and its ``urandom`` attribute (the package
reads 20 bytes of unique data from it per challenge) replaced by the vector's bytes; keys from
the package's own FileKeyProvider; signatures from its own SingleKeySigner.
"""

import builtins
import io
import json
import sys

import pytest

import crtauth_py3compat
import harness

crtauth_py3compat.install()

from crtauth import client, exceptions, key_provider, msgpack_protocol, protocol, rsa, server, ssh, wsgi  # noqa: E402

V = json.loads(harness.VECTORS.read_text())
FIXED = V["conventions"]["fixed_inputs"]
NOW = FIXED["now"]
SECRET = FIXED["secret_utf8"].encode()
SERVER_NAME = FIXED["server_name"]
TEST_KEY = V["keys"]["test"]
PEM = TEST_KEY["private_key_pkcs1_pem"]


@pytest.fixture(scope="module")
def keys_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("vector-keys")
    (d / "test_id_rsa.pub").write_text(TEST_KEY["public_key"] + "\n")
    (d / "username_id_rsa.pub").write_text(TEST_KEY["public_key"] + "\n")
    (d / "noa_id_rsa.pub").write_text(V["keys"]["noa"]["public_key"] + "\n")
    return d


def make_server(keys_dir, now=NOW, unique_hex=FIXED["unique_data_hex"], secret=SECRET,
                server_name=SERVER_NAME, **kw):
    srv = server.AuthServer(secret, key_provider.FileKeyProvider(str(keys_dir)), server_name,
                            now_func=lambda: now, **kw)
    srv.urandom.close()
    srv.urandom = io.BytesIO(bytes.fromhex(unique_hex) * 4)
    return srv


def signer():
    return ssh.SingleKeySigner(PEM)


def exception_class(name):
    module, _, cls = name.rpartition(".")
    return getattr(builtins if module == "builtins" else exceptions, cls)


def check_outcome(outcome, call):
    """Assert that call() behaves as the vector's {ok, result | exception, message} says."""
    if outcome["ok"]:
        result = call()
        if isinstance(result, bytes):
            result = result.decode("utf-8")
        assert result == outcome["result"]
    else:
        with pytest.raises(exception_class(outcome["exception"])) as info:
            call()
        assert str(info.value) == outcome["message"]


def test_every_listed_module_was_loaded_through_the_shim():
    assert crtauth_py3compat.patch_count() >= 50
    for module in crtauth_py3compat.PATCHES:
        assert type(sys.modules[module].__loader__).__name__ == "_PatchingLoader", module


def test_a_changed_upstream_fails_loudly():
    with pytest.raises(crtauth_py3compat.PatchError, match="matches 0 times"):
        crtauth_py3compat.patch_source("crtauth.ssh", "print('not crtauth')\n")


@pytest.mark.parametrize("name", sorted(V["keys"]))
def test_key_fingerprints(name):
    key = rsa.RSAPublicKey(V["keys"][name]["public_key"])
    assert key.fingerprint().hex() == V["keys"][name]["fingerprint_hex"]
    assert ssh.base64url_encode(key.fingerprint()) == V["keys"][name]["fingerprint_b64url"]
    assert key.exp == V["keys"][name]["exponent"]
    assert key.mod_size == V["keys"][name]["modulus_bytes"]


@pytest.mark.parametrize("flow", ["v1_known_user", "v0_known_user"])
def test_known_user_flow(keys_dir, flow):
    f = V["flows"][flow]
    srv = make_server(keys_dir)
    user = f["username"]
    request = client.create_request(user) if f["protocol_version"] == 1 else user
    assert "request:" + request == f["request"]["x_chap"]
    parsed = wsgi.CrtauthMiddleware.parse_request(request)
    assert (parsed[0].decode(), parsed[1]) == tuple(f["request"]["wsgi_parse_request"])

    challenge = srv.create_challenge(parsed[0], parsed[1])
    assert challenge == f["challenge"]["b64url"]
    assert ssh.base64url_decode(challenge).hex() == f["challenge"]["hex"]

    response = client.create_response(challenge, SERVER_NAME, signer())
    assert response == f["response"]["b64url"]
    assert ssh.base64url_decode(response).hex() == f["response"]["hex"]

    token = srv.create_token(response)
    assert token == f["token"]["b64url"]
    assert ssh.base64url_decode(token).hex() == f["token"]["hex"]
    check_outcome(f["validate_token_at_now"], lambda: srv.validate_token(token))


@pytest.mark.parametrize("flow", ["v1_unknown_user", "v0_unknown_user"])
def test_unknown_user_gets_a_fake_fingerprint(keys_dir, flow):
    f = V["flows"][flow]
    srv = make_server(keys_dir)
    challenge = srv.create_challenge(f["username"].encode(), f["protocol_version"])
    assert challenge == f["challenge"]["b64url"]
    response = client.create_response(challenge, SERVER_NAME, signer())
    with pytest.raises(exception_class(f["create_token_with_test_key"]["exception"])):
        srv.create_token(response)


def test_e35_key_challenge(keys_dir):
    srv = make_server(keys_dir)
    assert (srv.create_challenge(b"noa", 1)
            == V["flows"]["v1_known_user_e35_key_challenge_only"]["challenge_b64url"])


class TestUpstreamVectors:
    U = V["upstream_vectors"]

    def test_msgpack_challenge(self):
        raw = bytes.fromhex(self.U["msgpack_challenge_secret_secret_hex"])
        c = msgpack_protocol.Challenge.deserialize_authenticated(raw, b"secret")
        assert (c.valid_from, c.valid_to, c.fingerprint.hex(), c.server_name, c.username) == \
            (1365084334, 1365084634, "4c9a0712cb1e", b"server.example.com", b"username")
        rebuilt = msgpack_protocol.Challenge(unique_data=c.unique_data, valid_from=c.valid_from,
                                             valid_to=c.valid_to, fingerprint=c.fingerprint,
                                             server_name=c.server_name, username=c.username)
        assert rebuilt.serialize(b"secret") == raw

    def test_msgpack_response_signature_and_token(self, keys_dir):
        raw = bytes.fromhex(self.U["msgpack_response_hex"])
        r = msgpack_protocol.Response.deserialize(raw)
        assert r.challenge.hex() == self.U["msgpack_challenge_secret_secret_hex"]
        assert rsa.RSAPrivateKey(PEM).sign(r.challenge) == r.signature
        assert rsa.RSAPublicKey(TEST_KEY["public_key"]).verify_signature(r.signature, r.challenge)
        assert msgpack_protocol.Response(challenge=r.challenge, signature=r.signature).serialize() == raw
        srv = make_server(keys_dir, now=1365084400, secret=b"secret")
        assert srv.validate_token(srv.create_token(ssh.base64url_encode(raw))) == b"username"

    def test_msgpack_token(self):
        t = msgpack_protocol.Token(valid_from=1365084334, valid_to=1365084634, username=b"noa")
        assert t.serialize(b"gurkburk").hex() == self.U["msgpack_token_secret_gurkburk_hex"]

    def test_v0_messages(self):
        t = protocol.Token(valid_from=1365084334, valid_to=1365084634, username=b"noa")
        assert t.serialize().hex() == self.U["v0_token_payload_hex"]
        for cls, key in ((protocol.Challenge, "v0_challenge_payload_hex"), (protocol.Response, "v0_response_hex")):
            raw = bytes.fromhex(self.U[key])
            assert cls.deserialize(raw).serialize() == raw

    def test_v0_token_string(self, keys_dir):
        srv = make_server(keys_dir, now=1411746561.058992)
        assert srv.validate_token(self.U["v0_token_string_valid_for_server_secret_at_1411746561"]) == b"test"

    def test_java_request(self):
        assert client.create_request("noa") == self.U["java_request_noa"]


def test_short_signature(keys_dir):
    s = V["short_signature"]
    srv = make_server(keys_dir, now=s["now"], unique_hex=s["unique_data_hex"])
    challenge = srv.create_challenge(b"test", 1)
    assert challenge == s["challenge_b64url"]
    response = client.create_response(challenge, SERVER_NAME, signer())
    assert response == s["response_short_sig_b64url"]
    sig = msgpack_protocol.Response.deserialize(ssh.base64url_decode(response)).signature
    assert (len(sig), sig.hex()) == (s["short_signature_length"], s["short_signature_hex"])
    check_outcome(s["python_create_token_short"], lambda: srv.create_token(s["response_short_sig_b64url"]))
    check_outcome(s["python_create_token_padded"], lambda: srv.create_token(s["response_padded_sig_b64url"]))


def test_java_style_token_is_the_packages_msgpack_token():
    j = V["java_style_v1_token"]
    t = msgpack_protocol.Token(valid_from=NOW - 2, valid_to=NOW + 60, username=b"test")
    assert ssh.base64url_encode(t.serialize(SECRET)) == j["b64url"]


NEGATIVE = {c["case"]: c for c in V["negative_cases"]}


def negative_call(case, keys_dir):
    c = NEGATIVE[case]
    if case.startswith("response for server.example.com presented"):
        return lambda: make_server(keys_dir, server_name="another.server").create_token(c["response_b64url"])
    if case.startswith("client-side server_name check"):
        return lambda: client.create_response(c["challenge_b64url"], "evil.example.com", signer())
    if "response_b64url" in c:
        return lambda: make_server(keys_dir).create_token(c["response_b64url"])
    if case.startswith("create_token('"):
        return lambda: make_server(keys_dir).create_token(case[len("create_token('"):-2])
    if case == "create_challenge for a 65-byte username":
        return lambda: make_server(keys_dir).create_challenge(b"x" * 65, 1)
    if case.startswith("create_challenge for username containing '/'"):
        return lambda: make_server(keys_dir).create_challenge(b"a/b", 1)
    if case == "lowest_supported_version=1 server, v0 challenge request":
        return lambda: make_server(keys_dir, lowest_supported_version=1).create_challenge(b"test", 0)
    if case == "lowest_supported_version=1 server, v0 response":
        return lambda: make_server(keys_dir, lowest_supported_version=1).create_token(
            V["flows"]["v0_known_user"]["response"]["b64url"])
    raise AssertionError("no driver for negative case %r" % case)


@pytest.mark.parametrize("case", sorted(NEGATIVE))
def test_negative_cases(keys_dir, case):
    check_outcome(NEGATIVE[case]["outcome"], negative_call(case, keys_dir))


def test_time_windows(keys_dir):
    tw = V["time_windows"]
    for entry in tw["create_token_at"]:
        check_outcome(entry["create_token"],
                      lambda: make_server(keys_dir, now=entry["now"]).create_token(tw["response_b64url"]))
    for entry in tw["validate_token_at"]:
        check_outcome(entry["validate_token"],
                      lambda: make_server(keys_dir, now=entry["now"]).validate_token(tw["token"]["b64url"]))
    check_outcome(tw["token_lifetime_3600"]["validate_token_at_now"],
                  lambda: make_server(keys_dir).validate_token(tw["token_lifetime_3600"]["b64url"]))
    wrong = tw["token_wrong_secret"]
    check_outcome(wrong["validate_token_at_now"],
                  lambda: make_server(keys_dir, secret=wrong["secret_utf8"].encode()).validate_token(
                      tw["token"]["b64url"]))
    long_lived = make_server(keys_dir, token_lifetime=3600)
    assert long_lived._make_token(b"test", NOW + 3600) == tw["token_lifetime_3600"]["b64url"]


@pytest.mark.parametrize("entry", V["wsgi_parse_request"], ids=lambda e: e["input"])
def test_wsgi_parse_request(entry):
    username, version = wsgi.CrtauthMiddleware.parse_request(entry["input"])
    assert (username.decode(), version) == (entry["username"], entry["version"])


@pytest.mark.parametrize("entry", V["base64url_decoder_leniency"], ids=lambda e: e["input"])
def test_base64url_decoder_leniency(entry):
    check_outcome(entry["decoded"], lambda: ssh.base64url_decode(entry["input"]).hex())


@pytest.mark.parametrize("entry", V["long_usernames"]["requests"], ids=lambda e: str(e["username_length"]))
def test_long_usernames(entry):
    request = client.create_request("u" * entry["username_length"])
    assert request == entry["python_create_request"]["b64url"]
    username, version = wsgi.CrtauthMiddleware.parse_request(request)
    assert [username.decode(), version] == entry["python_wsgi_parse_request_of_it"]
    shortest = entry["shortest_form_request (str8 for 32..255, as crtauth-java packs)"]["b64url"]
    username, version = wsgi.CrtauthMiddleware.parse_request(shortest)
    assert [username.decode(), version] == entry["python_wsgi_parse_request_of_shortest_form"]


def test_long_username_challenge(keys_dir):
    srv = make_server(keys_dir)
    assert srv.create_challenge(b"u" * 40, 1) == V["long_usernames"]["challenge_for_40_char_username"]["b64url"]
