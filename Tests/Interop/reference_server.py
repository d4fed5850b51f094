"""The reference crtauth server: Spotify's own crtauth 0.99.4 AuthServer + CrtauthMiddleware.

Wraps a tiny WSGI app (any path; answers ``Hello <user>, you reached <METHOD> <path>``) in
``crtauth.wsgi.CrtauthMiddleware`` with ``crtauth.server.AuthServer`` and the package's
``crtauth.key_provider.FileKeyProvider`` (a directory of ``<user>_id_rsa.pub`` files), all
run unchanged through the Python 3 source shim (crtauth_py3compat).

Standalone (wsgiref, threaded, loopback)::

    python reference_server.py --port 8431 --keys DIR --secret-file FILE --server-name localhost \\
        [--token-lifetime 60] [--lowest-version 0]

Under gunicorn (configuration from the environment)::

    CRTAUTH_KEYS_DIR=DIR CRTAUTH_SECRET_FILE=FILE CRTAUTH_SERVER_NAME=localhost \\
    [CRTAUTH_TOKEN_LIFETIME=60] [CRTAUTH_LOWEST_VERSION=0] \\
    gunicorn --chdir Tests/Interop -w 2 -b 127.0.0.1:8431 'reference_server:make_app()'

The secret is the first non-empty line of the secret file, as raw UTF-8 bytes (surrounding
whitespace stripped). Several workers/instances with the same secret accept each other's
challenges and tokens (the protocol is stateless).
"""

import argparse
import logging
import os
import socketserver
import sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import crtauth_py3compat

crtauth_py3compat.install()

from crtauth import key_provider, server, wsgi  # noqa: E402  (after the shim)


def read_secret(path):
    """The first non-empty line of ``path`` as bytes."""
    with open(path, "rb") as f:
        for line in f:
            line = line.strip()
            if line:
                return line
    raise ValueError("secret file %s holds no secret" % path)


def hello_app(environ, start_response):
    """Protected app: greets the user the middleware authenticated."""
    user = environ.get("crtauth.username", "")
    body = ("Hello %s, you reached %s %s\n"
            % (user, environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "/"))).encode("utf-8")
    start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"),
                              ("Content-Length", str(len(body))),
                              ("X-Crtauth-Username", user.encode("utf-8", "surrogateescape").decode("latin-1"))])
    return [body]


def make_app(keys=None, secret_file=None, server_name=None, token_lifetime=None, lowest_version=None):
    """Build the WSGI app; unset arguments come from CRTAUTH_* environment variables."""
    env = os.environ
    keys = keys or env.get("CRTAUTH_KEYS_DIR")
    secret_file = secret_file or env.get("CRTAUTH_SECRET_FILE")
    server_name = server_name or env.get("CRTAUTH_SERVER_NAME", "localhost")
    if token_lifetime is None:
        token_lifetime = int(env.get("CRTAUTH_TOKEN_LIFETIME", "60"))
    if lowest_version is None:
        lowest_version = int(env.get("CRTAUTH_LOWEST_VERSION", "0"))
    if not keys or not secret_file:
        raise SystemExit("reference_server: set --keys/CRTAUTH_KEYS_DIR and --secret-file/CRTAUTH_SECRET_FILE")
    auth_server = server.AuthServer(read_secret(secret_file), key_provider.FileKeyProvider(keys),
                                    server_name, token_lifetime=token_lifetime,
                                    lowest_supported_version=lowest_version)
    return wsgi.CrtauthMiddleware(hello_app, auth_server)


class _ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    verbose = False

    def log_message(self, format, *args):
        if self.verbose:
            super().log_message(format, *args)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--keys", required=True, help="directory of <user>_id_rsa.pub files")
    parser.add_argument("--secret-file", required=True)
    parser.add_argument("--server-name", default="localhost")
    parser.add_argument("--token-lifetime", type=int, default=60)
    parser.add_argument("--lowest-version", type=int, default=0, help="lowest_supported_version")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = make_app(args.keys, args.secret_file, args.server_name, args.token_lifetime, args.lowest_version)
    _QuietHandler.verbose = args.verbose
    httpd = make_server(args.host, args.port, app, server_class=_ThreadingWSGIServer,
                        handler_class=_QuietHandler)
    print("reference_server: listening on http://%s:%d (server name %s)"
          % (args.host, httpd.server_port, args.server_name), file=sys.stderr, flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()


def _terminate(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    import signal
    signal.signal(signal.SIGTERM, _terminate)
    main()
