"""Python 3 compatibility shim for Spotify's crtauth 0.99.4 (PyPI), applied at import time.

crtauth 0.99.4 is Python 2 code: ``crtauth.ssh`` does not even compile on Python 3
(``raise E(...), None, tb``), and the modules that do compile mix text and bytes.
A runtime monkeypatch cannot fix a SyntaxError, so this module installs a meta path
finder that loads each crtauth module's *original source from the installed
package*, applies a list of small, named textual replacements, and compiles the
result. No crtauth code lives in this repository: only the replacement pairs below.

Every replacement must match its module's source exactly once; otherwise the
import fails with :class:`PatchError`, so a changed upstream fails loudly instead
of being half-patched.

The translation rule is the Python 2 one: a Python 2 ``str`` is Python 3 ``bytes``.
Usernames, server names, fingerprints, signatures and messages are ``bytes`` inside
the package, exactly as they were ``str`` on Python 2; only the edges where Python 3
insists on text or bytes are adapted: base64url text in/out, PEP 3333 WSGI (text
headers, bytes bodies), the ssh-agent socket (bytes), ``/dev/urandom`` (binary
mode). A few entry points also accept text where Python 2 callers passed ``str``
(usernames, server names, secrets, PEM keys) and encode it.

Usage::

    import crtauth_py3compat
    crtauth_py3compat.install()          # before the first ``import crtauth.<module>``
    from crtauth import server, client, ssh, wsgi

``python crtauth_py3compat.py`` checks that every patch applies to the installed
package and prints the count; ``--diff`` prints the patched modules as a unified diff.
"""

import importlib.abc
import importlib.machinery
import importlib.util
import sys
import warnings
from collections import namedtuple

__all__ = ["Patch", "PatchError", "PATCHES", "patch_source", "install", "patch_count"]

#: The crtauth version the replacements were written against.
EXPECTED_VERSION = "0.99.4"

#: One named textual replacement: ``old`` must occur exactly once in the module source.
Patch = namedtuple("Patch", "name old new")


class PatchError(ImportError):
    """A replacement did not match the installed crtauth source exactly once."""


P = Patch

#: Replacements per module (module name -> list of Patch), applied in order.
PATCHES = {
    "crtauth.constant_time_compare": [
        P("reduce() moved to functools",
          "\ndef constant_time_compare(x, y):",
          "\nfrom functools import reduce\ndef constant_time_compare(x, y):"),
        P("iterating bytes yields ints, not 1-char strings (no ord())",
          "(ord(x) ^ ord(y) for x, y in zip(x, y))",
          "(x ^ y for x, y in zip(x, y))"),
    ],
    "crtauth.exceptions": [],
    "crtauth.ssh": [
        P("base64url_decode: text input is str (was unicode)",
          "if type(s) is unicode:",
          "if type(s) is str:"),
        P("base64url_decode: pad bytes with bytes (1)",
          's += "="\n',
          's += b"="\n'),
        P("base64url_decode: pad bytes with bytes (2)",
          's += "=="\n',
          's += b"=="\n'),
        P("Python 3 raise syntax (the SyntaxError that stops every import)",
          '"Invalid base64 sequence: %s" % e), None, tb',
          '"Invalid base64 sequence: %s" % e).with_traceback(tb)'),
        P("base64url_encode: altchars must be bytes",
          's = base64.b64encode(data, "-_")',
          's = base64.b64encode(data, b"-_")'),
        P("base64url_encode: strip bytes padding and return ASCII text",
          'return s.rstrip("=")',
          'return s.rstrip(b"=").decode("ascii")'),
        P("write_field: an int becomes one byte (chr gave a 1-char str)",
          "data = chr(data)",
          "data = bytes([data])"),
        P("write_field: bytes are sent as is; RSAPublicKey.__repr__ returns its blob (bytes), "
          "which repr() refuses on Python 3",
          "elif type(data) is not str:\n        data = repr(data)",
          "elif type(data) is not bytes:\n        data = data.__repr__()"),
        P("xrange is range",
          "for i in xrange(count):",
          "for i in range(count):"),
        P("generator.next() is next(generator) (agent identity blob)",
          "key = rsa.RSAPublicKey(fields.next())",
          "key = rsa.RSAPublicKey(next(fields))"),
        P("generator.next() is next(generator) (skip comment of a non-RSA identity)",
          "                fields.next()\n                continue",
          "                next(fields)\n                continue"),
        P("generator.next() is next(generator) (skip identity comment)",
          "fields.next()  # ignore filename for key",
          "next(fields)  # ignore filename for key"),
        P("sign request: message type byte is bytes",
          "chr(SSH2_AGENTC_SIGN_REQUEST))",
          "bytes([SSH2_AGENTC_SIGN_REQUEST]))"),
        P("sign request: flags field is bytes",
          'self.sock.send("\\0\\0\\0\\0")',
          'self.sock.send(b"\\0\\0\\0\\0")'),
        P("generator.next() is next(generator) (signature type)",
          "response_type = fields.next()",
          "response_type = next(fields)"),
        P("signature type from the agent is bytes",
          'assert response_type == "ssh-rsa"',
          'assert response_type == b"ssh-rsa"'),
        P("generator.next() is next(generator) (signature blob)",
          "return fields.next()",
          "return next(fields)"),
    ],
    "crtauth.rsa": [
        P("RSAPrivateKey: accept PEM given as bytes as well as text",
          "private_key = private_key.strip()",
          "if isinstance(private_key, bytes):\n"
          "            private_key = private_key.decode(\"ascii\")\n"
          "        private_key = private_key.strip()"),
        P("RSAPublicKey: only a text id_rsa.pub line starts with 'ssh-rsa'; bytes are a key blob",
          'if key.startswith("ssh-rsa"):',
          'if isinstance(key, str) and key.startswith("ssh-rsa"):'),
        P("generator.next() is next(generator) (key type)",
          "sigtype = fields.next()",
          "sigtype = next(fields)"),
        P("key type field is bytes",
          'if sigtype != "ssh-rsa":',
          'if sigtype != b"ssh-rsa":'),
        P("generator.next() is next(generator) (exponent)",
          "self.exp = _str_to_int(fields.next())",
          "self.exp = _str_to_int(next(fields))"),
        P("generator.next() is next(generator) (modulus)",
          "self.mod = _str_to_int(fields.next())",
          "self.mod = _str_to_int(next(fields))"),
        P("verify_signature: left-pad with zero bytes",
          'decrypted = ("\\x00" *',
          'decrypted = (b"\\x00" *'),
        P("s2i: iterating bytes yields ints (no ord())",
          "num += ord(val) << ((3 - i) * 8)",
          "num += val << ((3 - i) * 8)"),
        P("_make_padding: SHA-1 DigestInfo prefix is bytes",
          'PS = "\\x30\\x21',
          'PS = b"\\x30\\x21'),
        P("_make_padding: 0xff run is bytes",
          'all_ff = "\\xff" *',
          'all_ff = b"\\xff" *'),
        P("_make_padding: 00 01 ... 00 framing is bytes",
          'return "\\x00\\x01" + all_ff + "\\x00" + PS',
          'return b"\\x00\\x01" + all_ff + b"\\x00" + PS'),
        P("_read_items: indexing bytes yields an int (ASN.1 tag)",
          "type = ord(data[offset])",
          "type = data[offset]"),
        P("_read_items: indexing bytes yields an int (long-form length flag)",
          "if ord(data[offset]) & 0x80:",
          "if data[offset] & 0x80:"),
        P("_read_items: indexing bytes yields an int (length octet count)",
          "len_octets = ord(data[offset]) ^ 0x80",
          "len_octets = data[offset] ^ 0x80"),
        P("_read_items: indexing bytes yields an int (long-form length octets)",
          "length += ord(data[offset + i]) <<",
          "length += data[offset + i] <<"),
        P("_read_items: indexing bytes yields an int (short-form length)",
          "length = ord(data[offset])\n",
          "length = data[offset]\n"),
        P("_str_to_int: str.encode('hex') is gone; hexlify keeps int('', 16) semantics",
          "int(data.encode('hex'), 16)",
          "int(binascii.hexlify(data), 16)"),
    ],
    "crtauth.key_provider": [
        P("FileKeyProvider: usernames arrive as bytes; map them to a file name like Python 2 did",
          '        if "/" in username:',
          "        username = os.fsdecode(username)\n"
          '        if "/" in username:'),
    ],
    "crtauth.protocol": [
        P("XDR magic is bytes (VerifiablePayload)", "__magic__ = 'v'", "__magic__ = b'v'"),
        P("XDR magic is bytes (Challenge)", "__magic__ = 'c'", "__magic__ = b'c'"),
        P("XDR magic is bytes (Response)", "__magic__ = 'r'", "__magic__ = b'r'"),
        P("XDR magic is bytes (Token)", "__magic__ = 't'", "__magic__ = b't'"),
    ],
    "crtauth.msgpack_protocol": [
        P("decode msgpack raw strings to bytes, as Python 2 did (msgpack>=1.0 defaults to text)",
          "unpacker = msgpack.Unpacker(stream)",
          "unpacker = msgpack.Unpacker(stream, raw=True)"),
        P("Challenge.unique_data is bytes",
          '("unique_data", TypeInfo(str, 20, binary=True))',
          '("unique_data", TypeInfo(bytes, 20, binary=True))'),
        P("Challenge.fingerprint is bytes",
          '("fingerprint", TypeInfo(str, 6, binary=True))',
          '("fingerprint", TypeInfo(bytes, 6, binary=True))'),
        P("Challenge.server_name and .username are bytes (packed as old-spec raw)",
          '("server_name", TypeInfo(str)),\n        ("username", TypeInfo(str))',
          '("server_name", TypeInfo(bytes)),\n        ("username", TypeInfo(bytes))'),
        P("Response.challenge is bytes",
          '("challenge", TypeInfo(str, binary=True))',
          '("challenge", TypeInfo(bytes, binary=True))'),
        P("Response.signature is bytes",
          '("signature", TypeInfo(str, binary=True))',
          '("signature", TypeInfo(bytes, binary=True))'),
        P("Token.username is bytes",
          '("valid_to", TypeInfo(int)),\n        ("username", TypeInfo(str))',
          '("valid_to", TypeInfo(int)),\n        ("username", TypeInfo(bytes))'),
    ],
    "crtauth.client": [
        P("create_request: pack the username as an old-spec raw string with any msgpack version",
          "msgpack.pack(username, buf)",
          "msgpack.pack(username, buf, use_bin_type=False)"),
        P("create_response: indexing bytes yields an int (v0 challenge)",
          "if b[0] == 'v':",
          "if b[0] == ord('v'):"),
        P("create_response: indexing bytes yields an int (v1 challenge)",
          "elif b[0] == '\\x01':",
          "elif b[0] == 0x01:"),
        P("create_response: compare the expected server name as bytes",
          "    if challenge.server_name != server_name:",
          "    if isinstance(server_name, str):\n"
          "        server_name = server_name.encode(\"utf-8\")\n"
          "    if challenge.server_name != server_name:"),
    ],
    "crtauth.server": [
        P("HMAC secret is bytes (accept text)",
          "self.secret = secret\n",
          "self.secret = secret.encode(\"utf-8\") if isinstance(secret, str) else secret\n"),
        P("/dev/urandom must be read in binary mode",
          'self.urandom = open("/dev/urandom", "r")',
          'self.urandom = open("/dev/urandom", "rb")'),
        P("server_name is compared with and packed as bytes",
          "self.server_name = server_name\n",
          "self.server_name = server_name.encode(\"ascii\")\n"),
        P("create_challenge: usernames are bytes (accept text)",
          "        if len(username) > 64:",
          "        if isinstance(username, str):\n"
          "            username = username.encode(\"utf-8\")\n"
          "        if len(username) > 64:"),
        P("create_challenge: str + bytes in the error message",
          '"Username is too long: " + username',
          '"Username is too long: " + str(username)'),
        P("create_token: indexing bytes yields an int (v0 response)",
          "if s[0] == 'r':",
          "if s[0] == ord('r'):"),
        P("create_token: indexing bytes yields an int (v1 response)",
          "elif s[0] == '\\x01':",
          "elif s[0] == 0x01:"),
    ],
    "crtauth.wsgi": [
        P("parse_request: PEP 3333 headers are latin-1 text; the package works on bytes",
          "        if len(request) % 4 == 1:",
          "        if isinstance(request, str):\n"
          "            request = request.encode(\"latin-1\")\n"
          "        if len(request) % 4 == 1:"),
        P("parse_request: indexing bytes yields an int (version, magic)",
          "if ord(binary[0]) > 4 or binary[1] != 'q':",
          "if binary[0] > 4 or binary[1] != ord('q'):"),
        P("parse_request: indexing bytes yields an int (string header)",
          "b = ord(binary[2])",
          "b = binary[2]"),
        P("parse_request: indexing bytes yields an int (str8 length)",
          "username_len = ord(binary[3])",
          "username_len = binary[3]"),
        P("parse_request: indexing bytes yields an int (fixstr length)",
          "username_len = ord(binary[2]) & 0x1f",
          "username_len = binary[2] & 0x1f"),
        P("environ['crtauth.username'] is a native (text) string",
          "environ.update({self.AUTH_ENVIRON: username})",
          "environ.update({self.AUTH_ENVIRON: username.decode(\"utf-8\", \"surrogateescape\")})"),
        P("WSGI bodies are bytes (403)",
          'return ["Failed to authenticate user"]',
          'return [b"Failed to authenticate user"]'),
        P("WSGI bodies are bytes (401)",
          'return ["Unauthorized"]',
          'return [b"Unauthorized"]'),
    ],
}
del P


def patch_count():
    """Total number of replacements over all modules."""
    return sum(len(p) for p in PATCHES.values())


def patch_source(module, source):
    """Apply the replacements for ``module`` to ``source`` and return the result.

    Raises PatchError if any replacement does not occur exactly once.
    """
    for patch in PATCHES[module]:
        n = source.count(patch.old)
        if n != 1:
            raise PatchError(
                "crtauth_py3compat: patch %r for %s matches %d times (expected exactly once); "
                "the installed crtauth is not the %s source this shim was written for"
                % (patch.name, module, n, EXPECTED_VERSION), name=module)
        source = source.replace(patch.old, patch.new)
    return source


class _PatchingLoader(importlib.machinery.SourceFileLoader):
    """Loads the installed module's source, patches it, compiles it (no bytecode cache)."""

    def get_code(self, fullname):
        source = importlib.util.decode_source(self.get_data(self.path))
        return compile(patch_source(fullname, source), self.path, "exec", dont_inherit=True)

    def exec_module(self, module):
        with warnings.catch_warnings():
            # crtauth.protocol (v0) uses the stdlib xdrlib, deprecated since 3.11.
            warnings.filterwarnings("ignore", message=".*xdrlib", category=DeprecationWarning)
            super().exec_module(module)


class _Finder(importlib.abc.MetaPathFinder):
    """Meta path finder that hands the patched crtauth modules to _PatchingLoader."""

    def find_spec(self, fullname, path, target=None):
        if fullname not in PATCHES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or not spec.has_location or not spec.origin.endswith(".py"):
            return None
        loader = _PatchingLoader(fullname, spec.origin)
        return importlib.util.spec_from_file_location(fullname, spec.origin, loader=loader)


def install():
    """Install the import hook (idempotent). Call before importing any crtauth submodule."""
    if any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    loaded = sorted(m for m in PATCHES if m in sys.modules)
    if loaded:
        raise ImportError("crtauth_py3compat.install() must run before importing %s"
                          % ", ".join(loaded))
    sys.meta_path.insert(0, _Finder())


def _installed_sources():
    for module in sorted(PATCHES):
        spec = importlib.machinery.PathFinder.find_spec(
            module, importlib.util.find_spec("crtauth").submodule_search_locations)
        with open(spec.origin, "rb") as f:
            yield module, spec.origin, importlib.util.decode_source(f.read())


def main(argv):
    import difflib
    from importlib.metadata import version
    failures = 0
    for module, path, source in _installed_sources():
        try:
            patched = patch_source(module, source)
        except PatchError as e:
            print(e)
            failures += 1
            continue
        if "--diff" in argv:
            sys.stdout.writelines(difflib.unified_diff(
                source.splitlines(True), patched.splitlines(True), path, path + " (patched)"))
    print("crtauth %s: %d patches in %d modules, %s"
          % (version("crtauth"), patch_count(), sum(1 for p in PATCHES.values() if p),
             "all apply exactly once" if not failures else "%d modules FAILED" % failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
