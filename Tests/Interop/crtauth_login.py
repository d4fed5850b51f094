"""Log into a crtauth server with Spotify's own crtauth 0.99.4 client code, through a real ssh-agent.

Handshake as requests-crtauth and the package's example client do it::

    <METHOD> /_auth   X-CHAP: request:<crtauth.client.create_request(user)>   (v1; v0 sends the plain user)
      <- 200, X-CHAP: challenge:<c>
    <METHOD> /_auth   X-CHAP: response:<crtauth.client.create_response(c, server_name)>
      <- 200, X-CHAP: token:<t>
    GET <protected-path>   Authorization: chap:<t>

``create_response`` signs with the package's default signer, ``crtauth.ssh.AgentSigner``
(the ssh-agent at $SSH_AUTH_SOCK; it picks the identity whose crtauth fingerprint the
challenge names), or with ``crtauth.ssh.SingleKeySigner`` when --key names a PKCS#1 PEM file.

Prints one JSON object on stdout:
``{"ok", "stage", "status", "body", "token_kind", "challenge_version", "error"[, "token"]}``;
``stage`` is where it stopped (challenge, response, token, protected), ``token_kind`` is
``v0`` (XDR, what the Python server issues), ``v1`` (msgpack, PROTOCOL.md/crtauth-java) or
``opaque``. Exit status 0 iff the protected call answered 2xx, else 1 (2 for usage errors).
The token is printed only with --print-token.
"""

import argparse
import http.client
import json
import sys
import urllib.parse

import crtauth_py3compat

crtauth_py3compat.install()

from crtauth import client, ssh  # noqa: E402  (after the shim)


def token_kind(token):
    """Classify a token by its first decoded bytes (clients normally treat tokens as opaque)."""
    try:
        raw = ssh.base64url_decode(token)
    except Exception:
        return "opaque"
    if raw[:1] == b"v":
        return "v0"
    if raw[:2] == b"\x01t":
        return "v1"
    return "opaque"


class Login:
    def __init__(self, args):
        self.args = args
        url = urllib.parse.urlsplit(args.url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise SystemExit("crtauth_login: --url must be http(s)://host[:port]")
        cls = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
        self.connect = lambda: cls(url.hostname, url.port, timeout=args.timeout)
        # requests-crtauth: the expected server name is the URL's host, case preserved, no port.
        self.server_name = args.server_name or url.netloc.split(":")[0]
        self.result = {"ok": False, "stage": None, "status": None, "body": None,
                       "token_kind": None, "challenge_version": None, "error": None}

    def call(self, method, path, headers):
        conn = self.connect()
        try:
            conn.request(method, path, headers=headers)
            resp = conn.getresponse()
            body = resp.read()
            return resp.status, resp.getheader("X-CHAP"), body.decode("utf-8", "replace")
        finally:
            conn.close()

    def chap(self, stage, expected_kind, value):
        """One /_auth round trip; returns the value of the expected X-CHAP kind or None."""
        self.result["stage"] = stage
        status, x_chap, body = self.call(self.args.method, "/_auth", {"X-CHAP": value})
        self.result.update(status=status, body=body)
        if not 200 <= status < 300:
            self.result["error"] = "/_auth answered %d" % status
            return None
        if x_chap is None or ":" not in x_chap:
            self.result["error"] = "no X-CHAP <kind>:<value> header in the /_auth answer"
            return None
        kind, value = (part.strip() for part in x_chap.split(":", 1))
        if kind != expected_kind:
            self.result["error"] = "X-CHAP kind %r, expected %r" % (kind, expected_kind)
            return None
        return value

    def run(self):
        a = self.args
        token = a.token
        if token is None:
            request = client.create_request(a.user) if a.protocol == 1 else a.user
            challenge = self.chap("challenge", "challenge", "request:" + request)
            if challenge is None:
                return self.result
            try:
                first = ssh.base64url_decode(challenge)[:1]
                self.result["challenge_version"] = 0 if first == b"v" else first[0] if first else None
            except Exception:
                pass
            self.result["stage"] = "response"
            signer = None
            if a.key:
                with open(a.key) as f:
                    signer = ssh.SingleKeySigner(f.read())
            try:
                response = client.create_response(challenge, self.server_name, signer)
            except Exception as e:
                self.result["error"] = "%s.%s: %s" % (type(e).__module__, type(e).__name__, e)
                return self.result
            token = self.chap("token", "token", "response:" + response)
            if token is None:
                return self.result
        self.result["token_kind"] = token_kind(token)
        if a.print_token:
            self.result["token"] = token
        self.result["stage"] = "protected"
        status, _, body = self.call("GET", a.protected_path, {"Authorization": "chap:" + token})
        self.result.update(status=status, body=body, ok=200 <= status < 300)
        if not self.result["ok"]:
            self.result["error"] = "protected path answered %d" % status
        return self.result


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", required=True, help="server origin, e.g. http://127.0.0.1:8431")
    p.add_argument("--user", required=True)
    p.add_argument("--protocol", type=int, choices=(0, 1), default=1)
    p.add_argument("--method", choices=("GET", "HEAD"), default="GET", help="method for /_auth")
    p.add_argument("--server-name", help="server name the challenge must carry (default: URL host)")
    p.add_argument("--protected-path", default="/")
    p.add_argument("--key", help="sign with this PKCS#1 PEM file (SingleKeySigner) instead of the agent")
    p.add_argument("--token", help="skip the handshake and call the protected path with this token")
    p.add_argument("--print-token", action="store_true", help="include the token in the JSON output")
    p.add_argument("--timeout", type=float, default=30.0)
    args = p.parse_args(argv)
    login = Login(args)
    try:
        result = login.run()
    except (OSError, http.client.HTTPException) as e:
        result = dict(login.result, error="%s: %s" % (type(e).__name__, e))
    print(json.dumps(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
