#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Writes the seed corpora under Fuzz/Corpus/<Target>/ from the project's test vectors
# (Tests/CRTAuthTests/Vectors/crtauth-vectors.json, Tests/Fixtures/keys/*.pub) and RFC examples.
# Each seed is a selector byte (which decoder of the target, see its source) plus the input.
# File names are content hashes, so re-running is idempotent. Run from the repository root.
import base64, binascii, hashlib, json, os, pathlib, re, struct

root = pathlib.Path(__file__).resolve().parent.parent
out = root / "Fuzz" / "Corpus"

def put(target, selector, payload):
    if isinstance(payload, str):
        payload = payload.encode()
    data = bytes([selector]) + payload
    directory = out / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / hashlib.sha1(data).hexdigest()).write_bytes(data)

def b64url_decode(text):
    text = text.strip()
    text += "=" * (-len(text) % 4)
    try:
        return base64.b64decode(text, altchars=b"-_", validate=False)
    except (binascii.Error, ValueError):
        return None

def strings(node, key=""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from strings(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v, key)
    elif isinstance(node, str):
        yield key, node

def sshstring(data):
    if isinstance(data, str):
        data = data.encode()
    return struct.pack(">I", len(data)) + data

# --- CRTAuth: selectors 0,1,6,7,8,9 take text; 2,3,4,5 take decoded message bytes.
vectors = json.loads((root / "Tests/CRTAuthTests/Vectors/crtauth-vectors.json").read_text())
texts, blobs = set(), set()
for key, value in strings(vectors):
    if len(value) > 4096:
        continue
    for prefix in ("request:", "response:", "challenge:", "token:", "chap:"):
        if value.startswith(prefix):
            value = value[len(prefix):]
    if re.fullmatch(r"[0-9a-f]+", value) and len(value) % 2 == 0 and len(value) >= 8:
        blobs.add(bytes.fromhex(value))
    elif re.fullmatch(r"[A-Za-z0-9_\-+/=]{4,}", value):
        texts.add(value)
        decoded = b64url_decode(value)
        if decoded and len(decoded) >= 4:
            blobs.add(decoded)
    elif len(value) <= 64 and "\n" not in value:
        texts.add(value)
for text in sorted(texts):
    for selector in (0, 1, 7, 8):
        put("FuzzCRTAuth", selector, text)
    put("FuzzCRTAuth", 6, "chap:" + text)
for blob in sorted(blobs):
    for selector in (2, 3, 4, 5):
        put("FuzzCRTAuth", selector, blob)
for header in ("chap:abc", "chap: \tabc \t", "chap:", "Chap:abc", "bearer x"):
    put("FuzzCRTAuth", 6, header)
put("FuzzCRTAuth", 9, "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU")

# --- SSHKeys: 0 lines, 1 blobs, 2 signature blobs, 3 signatures, 4 key+signature, 5 files, 6 reader.
lines = [p.read_text().strip() for p in sorted((root / "Tests/Fixtures/keys").glob("*.pub"))]
lines += [v for k, v in strings(vectors) if k == "public_key"]
lines += [(root / "Fuzz/seeds" / name).read_text().strip() for name in sorted(os.listdir(root / "Fuzz/seeds"))]
signatures = [
    sshstring("ssh-ed25519") + sshstring(bytes(range(64))),
    sshstring("rsa-sha2-256") + sshstring(bytes(256)),
    sshstring("rsa-sha2-512") + sshstring(b"\x01" * 384),
    sshstring("ssh-rsa") + sshstring(b"\xff" * 256),
    sshstring("ecdsa-sha2-nistp256") + sshstring(sshstring(b"\x00\x80" + bytes(31)) + sshstring(b"\x01" * 32)),
    sshstring("ecdsa-sha2-nistp384") + sshstring(sshstring(b"\x01" * 48) + sshstring(b"\x01" * 48)),
]
for line in lines:
    put("FuzzSSHKeys", 0, line)
    put("FuzzSSHKeys", 0, 'command="/bin/true",no-pty ' + line)
    blob = base64.b64decode(line.split()[1])
    put("FuzzSSHKeys", 1, blob)
    for signature in signatures:
        put("FuzzSSHKeys", 4, struct.pack(">H", len(blob)) + blob + signature)
put("FuzzSSHKeys", 5, "# keys\n" + "\n".join(lines) + "\r\nnot a key\n")
for signature in signatures:
    put("FuzzSSHKeys", 2, signature)
    put("FuzzSSHKeys", 3, signature)
put("FuzzSSHKeys", 6, b"\x00\x05" + bytes([0, 1, 2, 3, 4]) + sshstring("abc") + sshstring(b"\x00\x80\x01"))

# --- OTP: 0 base32, 1 seeds, 2 codes, 3 parameters, 4 otpauth labels.
seeds = ["GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "JBSWY3DPEHPK3PXP", "jbswy3dpehpk3pxp", "PZKBPTHDGSLZBKIZ",
         "MFRGG===", "MFRGGZA=", "MY======", "", "A", "ABCDEFGH", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"]
for seed in seeds:
    put("FuzzOTP", 0, seed)
    put("FuzzOTP", 1, seed)
for code in ["287082", "94287082", " 123456 ", "１２３４５６", "12345", "1234567", "\t000000\n", "12 34 56"]:
    put("FuzzOTP", 2, code)
for digits, period, t0, time in [(6, 30, 0, 59), (8, 30, 0, 1111111109), (10, 1, 0, 2**62), (-1, 0, -5, -(2**63))]:
    put("FuzzOTP", 3, struct.pack(">qqqq", digits, period, t0, time) + b"12345678901234567890")
for name, realm in [("alice", "ungleich-admin"), ("svc:a b", "realm/é"), ("", ""), ("%41", "~-._")]:
    put("FuzzOTP", 4, name.encode() + b"\0" + realm.encode())

# --- LDAP: 0 filter values, 1 DN values, 2 two-valued RDNs, 3 DN text, 4 filter trees.
values = ["alice", " alice ", "#hash", "a,b+c=d;e<f>g\"h\\i", "\\41", "*()\\", "é\u0301", "\u0301x", "x\u0000y", ""]
for value in values:
    put("FuzzLDAP", 0, value)
    put("FuzzLDAP", 1, value)
    put("FuzzLDAP", 2, value.encode() + b"\0" + value[::-1].encode())
for dn in ["cn=alice,ou=people,dc=example,dc=org", "cn=a\\,b+uid=c,ou=x", "CN=Alice, OU=People,DC=Example",
           "cn=\\23x\\20,dc=o", "=,", "\\", "cn=\\zz"]:
    put("FuzzLDAP", 3, dn.encode() + b"\0" + b"ou=people,dc=example,dc=org")
put("FuzzLDAP", 4, bytes([6, 2, 0, 3, 0x75, 0x69, 0x64, 5, 0, 1, 2, 0x63, 0x6e]))

# --- API: 0 form bodies, 1 JSON bodies (ungleich-otp request shapes, docs/OTP.md).
for form in ["name=svc&realm=ungleich-auth&token=123456", "auth_name=a+b&auth_realm=%C3%A9&auth_token=%20012345%20",
             "name&name=x&=y&&", "token=%zz%4", "name=%ff"]:
    put("FuzzAPI", 0, form)
for body in ['{"name": "svc", "realm": "ungleich-auth", "token": 828784}', '{"token": 1.5e3, "x": true, "y": null, "z": [1]}',
             '{"name": " \\u00e9 "}', "[]", '{"a":', '"x"']:
    put("FuzzAPI", 1, body)
