"""Tables, targets and BENCHMARKS.md for bench/bench.py (Python standard library only)."""

import os
import re
import statistics

# dirauthd scenario -> the reference scenario it is compared with
REFERENCE_OF = {"protected": "ref-protected", "challenge": "ref-challenge", "token-rsa": "ref-token-rsa"}
ORDER = ["ceiling", "protected", "challenge", "token-rsa", "token-ed25519", "verify-warm", "verify-cold",
         "protected@100k", "challenge@100k", "token-rsa@100k", "token-ed25519@100k", "verify-warm@100k",
         "ref-challenge", "ref-token-rsa", "ref-protected"]


def _rate(x):
    return "—" if not x else "{:,.0f}".format(x)


def _ratio(x):
    return "—" if x is None else "%.2f×" % x


def _ms(x):
    return "—" if x is None else ("%.2f" % x)


def _mib(kib):
    return "—" if not kib else "%.1f" % (kib / 1024.0)


def render(results):
    sc = results.get("scenarios", {})
    m = results["machine"]
    plan = results["plan"]
    quick = results["quick"]
    ceiling = sc.get("ceiling", {}).get("summary", {}).get("rate")
    crypto = results.get("crypto", {})
    ldap = results.get("ldap", {})
    out = []
    w = out.append
    w("### %s run — %s" % ("Quick (`make bench-quick`)" if quick else "Full (`make bench`)", m["date"]))
    w("")
    w("- Machine: %s, %s cores, %s, Linux %s; commit %s; %s." % (m["cpu"], m["cores"], m["mem"], m["kernel"], m["commit"], m["wrk"]))
    w("- Load: wrk, %d keep-alive connections (HTTP/1.1; the reference's gunicorn sync workers close every "
      "connection, so wrk reconnects for each request there). **Pinned** figures: dirauthd and its slapd (or "
      "gunicorn's 3 processes) on core 0, `wrk -t1` on core 1 (`taskset`). **Unpinned**: both free, `wrk -t2`." % 64)
    w("- Each scenario: a %d s warm-up, then %d pinned runs of %d s (token bursts: %d s) and %d unpinned runs; "
      "req/s is the median of the pinned runs, spread = min–max of those runs, p50/p99 = medians of the runs' "
      "wrk percentiles. Rates count 2xx answers only." % (
          plan["warmup"], plan["pinned_runs"], plan["duration"], plan["token_burst"], plan["unpinned_runs"]))
    w("- Directories: the sample directory plus 10,000 generated people (one RSA-2048 and one Ed25519 key each, "
      "from a pool of 4+4 keys) and 10,000 OTP entries in realms of 1,000; scenario 7 the same with 100,000.")
    w("- Total time %.0f s (after the release build)." % results.get("elapsed", 0))
    w("")
    w("| # | scenario | req/s | spread | p50 ms | p99 ms | × ceiling | × reference | unpinned req/s | LDAP searches/req | peak RSS MiB |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    numbers = {"ceiling": 1, "protected": 2, "challenge": 3, "token-rsa": 4, "token-ed25519": 4, "verify-warm": 5,
               "verify-cold": 6, "ref-challenge": 9, "ref-token-rsa": 9, "ref-protected": 9}
    for key in ORDER:
        if key not in sc:
            continue
        s = sc[key]["summary"]
        base = key.split("@")[0]
        ref = REFERENCE_OF.get(base)
        ref_rate = sc.get(ref, {}).get("summary", {}).get("rate") if ref else None
        num = 7 if "@100k" in key else numbers.get(base, "")
        searches = sc[key].get("searches")
        w("| %s | %s — %s | %s | %s–%s | %s | %s | %s | %s | %s | %s | %s |" % (
            num, key, sc[key]["title"], _rate(s["rate"]), _rate(s["min"]), _rate(s["max"]), _ms(s["p50"]), _ms(s["p99"]),
            _ratio(s["rate"] / ceiling if ceiling and not key.startswith("ref-") else None),
            _ratio(s["rate"] / ref_rate if ref_rate else None), _rate(s["unpinned"]),
            "—" if searches is None else "%.2f" % searches, _mib(sc[key]["peak_kib"])))
    bad = [(k, sc[k]["summary"]["non2xx"], sc[k]["summary"]["errors"]) for k in sc
           if sc[k]["summary"]["non2xx"] or sc[k]["summary"]["errors"]]
    if bad:
        w("")
        w("Non-2xx answers / socket errors (token bursts end with up to one uncounted 404 per connection "
          "when a thread's pre-signed responses run out; the reference's closing connections show as socket errors "
          "only if wrk saw a failure): " + "; ".join("%s %d/%d" % b for b in bad) + ".")
    w("")
    w("**10 · Crypto on this machine** (`dirauth-bench crypto`, swift-crypto/BoringSSL, ops/s, 1 core / all %s cores): "
      "RSA-2048 verify (PKCS#1 v1.5, SHA-1) %s / %s; Ed25519 verify %s / %s; P-256 verify %s / %s; "
      "HMAC-SHA256 (64 B) %s / %s." % (
          crypto.get("cores", "?"),
          _rate(crypto.get("rsa2048_verify_1core")), _rate(crypto.get("rsa2048_verify_allcores")),
          _rate(crypto.get("ed25519_verify_1core")), _rate(crypto.get("ed25519_verify_allcores")),
          _rate(crypto.get("p256_verify_1core")), _rate(crypto.get("p256_verify_allcores")),
          _rate(crypto.get("hmac_sha256_64B_1core")), _rate(crypto.get("hmac_sha256_64B_allcores"))))
    w("")
    if ldap:
        w("**6 · Raw LDAP search rate** (`dirauth-bench ldap-search-rate`: LDAPClient, pool 4, 16 searches in flight, "
          "tool on core 1, slapd on core 0, 10,000-people directory): uid search (the key lookup) %s/s; "
          "base search of one OTP entry %s/s.%s" % (_rate(ldap.get("uid_searches_per_s")), _rate(ldap.get("otp_base_searches_per_s")),
              "" if not results.get("ldap_shared") else " With the tool on core 0 beside slapd (where dirauthd runs in the pinned "
              "scenarios): %s/s and %s/s." % (_rate(results["ldap_shared"].get("uid_searches_per_s")),
                                              _rate(results["ldap_shared"].get("otp_base_searches_per_s")))))
        w("")
    if not results.get("cache_setting"):
        w("**Cache:** this build has no `DIRAUTH_CACHE_ENABLED` setting (the cache of issue 5 is not in yet): "
          "`verify-warm` and `verify-cold` run the same code, and every request reads the directory.")
        w("")
    inv = results.get("invalidation")
    if inv:
        ok = [d for d in inv["removed"] if d is not None]
        back = [d for d in inv["restored"] if d is not None]
        mod = inv.get("ldapmodify", [])
        w("**8 · Invalidation delay** (%d rounds; `ldapmodify` removes bench-u7's keys, `/v1/whoami` with their token "
          "is polled every ~2 ms until 401; counted from just before `ldapmodify` starts, its own run of median %.1f ms "
          "included): median %s ms, worst %s ms%s; keys added back → 200 again: median %s ms, worst %s ms." % (
              len(inv["removed"]), statistics.median(mod) * 1000 if mod else 0,
              "%.1f" % (statistics.median(ok) * 1000) if ok else "—", "%.1f" % (max(ok) * 1000) if ok else "—",
              "" if len(ok) == len(inv["removed"]) else " (%d rounds saw no change within 5 s)" % (len(inv["removed"]) - len(ok)),
              "%.1f" % (statistics.median(back) * 1000) if back else "—", "%.1f" % (max(back) * 1000) if back else "—"))
        if not results.get("push"):
            w("  No push invalidation (RFC 4533 consumer) is in this build and no cache either: every protected request "
              "reads the user's keys from slapd, so this measures one directory round trip, not invalidation.")
        w("")
    light = [(k, sc[k]["light"]) for k in ("ceiling", "protected", "challenge", "verify-warm") if sc.get(k, {}).get("light")]
    if light:
        floor = 64 / rate_of(results, "ceiling") * 1000 if rate_of(results, "ceiling") else None
        w("**Latency without queueing** (one more pinned run per scenario with a single keep-alive connection): %s. "
          "With 64 connections every answer also waits for the others in the queue: by Little's law the mean latency "
          "is at least 64 ÷ throughput%s." % (
              "; ".join("%s p50 %s ms, p99 %s ms (%s req/s)" % (k, _ms(r["p50_us"] / 1000.0), _ms(r["p99_us"] / 1000.0), _rate(r["rate"]))
                        for k, r in light),
              "" if floor is None else ", %.1f ms for the ceiling route itself" % floor))
        w("")
    w("**Memory (VmRSS/VmHWM of dirauthd):** idle %s MiB (10,000-people directory), %s MiB (100,000); "
      "after challenges for %s distinct people of the 100,000 (every key lookup a different entry): VmRSS %s MiB, peak %s MiB%s." % (
          _mib(results.get("idle_rss_kib")), _mib(results.get("idle_rss_100k_kib")),
          "{:,}".format(results.get("cached_users", 0)), _mib(results.get("rss_100k_kib")),
          _mib(results.get("rss_100k_hwm_kib")),
          "" if results.get("cache_setting") else " — with no cache in this build, nothing is retained per entry"))
    w("")
    w("**Targets** (issue 6; the bench never fails the build):")
    w("")
    for line in targets(results):
        w("- " + line)
    w("")
    return "\n".join(out)


def rate_of(results, key):
    return results.get("scenarios", {}).get(key, {}).get("summary", {}).get("rate")


def targets(results):
    sc = results.get("scenarios", {})
    rate = lambda k: sc.get(k, {}).get("summary", {}).get("rate")
    p99 = lambda k: sc.get(k, {}).get("summary", {}).get("p99")
    ceiling = rate("ceiling")
    lines = []

    def verdict(ok):
        return "**met**" if ok else "**not met**"

    def vs_ceiling(key, factor, label):
        r = rate(key)
        if r is None or not ceiling:
            lines.append("%s ≥ %.1f× ceiling: not measured" % (label, factor))
            return
        lines.append("%s ≥ %.1f× ceiling: %.2f× (%s vs %s req/s) — %s" % (
            label, factor, r / ceiling, _rate(r), _rate(ceiling), verdict(r >= factor * ceiling)))

    vs_ceiling("protected", 0.9, "protected route")
    vs_ceiling("challenge", 0.8, "challenge")
    vs_ceiling("verify-warm", 0.6, "warm verify")
    vs_ceiling("token-rsa", 0.5, "RSA-2048 token issuance")
    ed = rate("token-ed25519")
    ed_verify = results.get("crypto", {}).get("ed25519_verify_1core")
    if ed and ed_verify:
        lines.append("Ed25519 token issuance ≥ 0.5× the Ed25519 verify rate of the server's core (pinned: 1 core, %s/s): "
                     "%.2f× (%s req/s) — %s" % (_rate(ed_verify), ed / ed_verify, _rate(ed), verdict(ed >= 0.5 * ed_verify)))
    cold = sc.get("verify-cold")
    # dirauthd shares core 0 with slapd in the pinned runs: compare with the rate of the same placement.
    raw = (results.get("ldap_shared") or results.get("ldap") or {}).get("otp_base_searches_per_s")
    if cold and raw and cold.get("searches"):
        # Searches per verify from the single-connection run when there is one: with 64
        # connections, requests in flight at the end add a few hundredths.
        s = (cold.get("light") or {}).get("searches") or cold["searches"]
        product = cold["summary"]["rate"] * s
        lines.append("cache-off verify × searches per verify ≥ 0.6× raw search rate (tool beside slapd on core 0, as dirauthd): %s × %.2f = %s vs %s/s = %.2f× — %s; "
                     "at most 2 searches per verify (counted with one connection): %.2f — %s" % (
                         _rate(cold["summary"]["rate"]), s, _rate(product), _rate(raw), product / raw,
                         verdict(product >= 0.6 * raw), s, verdict(s <= 2.0)))
    else:
        lines.append("cache-off verify vs raw search rate: not measured")
    changes = []
    worst = 0.0
    for key in ("protected", "challenge", "token-rsa", "token-ed25519", "verify-warm"):
        a, b = rate(key), rate(key + "@100k")
        if a and b:
            change = (b - a) / a
            worst = max(worst, abs(change))
            changes.append("%s %+.1f%%" % (key, change * 100))
    if changes:
        lines.append("100,000 people change warm rates by < 5%%: %s — %s" % (", ".join(changes), verdict(worst < 0.05)))
    inv = results.get("invalidation")
    if inv:
        ok = [d for d in inv["removed"] if d is not None]
        if ok and len(ok) == len(inv["removed"]):
            met = max(ok) < 1.0
            note = "" if results.get("push") else " (no cache and no push invalidation in this build: trivially, every request reads LDAP)"
            lines.append("invalidation delay < 1 s: median %.1f ms, worst %.1f ms — %s%s" % (
                statistics.median(ok) * 1000, max(ok) * 1000, verdict(met), note))
        else:
            lines.append("invalidation delay < 1 s: some changes not seen within 5 s — **not met**")
    for key in ("verify-warm", "protected"):
        if p99(key) is not None:
            single = sc.get(key, {}).get("light")
            floor = 64 / ceiling * 1000 if ceiling else None
            lines.append("warm p99 < 2 ms at 64 connections (%s): %.2f ms — %s%s" % (
                key, p99(key), verdict(p99(key) < 2.0),
                "" if not (single and floor) else " (queueing floor 64 ÷ ceiling rate = %.1f ms; with one connection p99 %.2f ms)" % (
                    floor, single["p99_us"] / 1000.0)))
    peaks = [sc[k]["peak_kib"] for k in sc if not k.startswith("ref-") and sc[k]["peak_kib"]]
    if peaks:
        lines.append("peak RSS < 100 MiB under load: %.1f MiB (highest scenario) — %s" % (
            max(peaks) / 1024.0, verdict(max(peaks) < 100 * 1024)))
    if results.get("rss_100k_hwm_kib"):
        hwm = results["rss_100k_hwm_kib"]
        lines.append("< 200 MiB with 100,000 cached entries: %.1f MiB peak after %s distinct lookups%s — %s" % (
            hwm / 1024.0, "{:,}".format(results.get("cached_users", 0)), "" if results.get("cache_setting") else " (no cache in this build: an upper bound only in name)",
            verdict(hwm < 200 * 1024)))
    return lines


def write_benchmarks(path, text, quick):
    """Replaces this mode's generated block in BENCHMARKS.md, keeping everything else."""
    tag = "quick" if quick else "full"
    begin, end = "<!-- bench:%s:begin -->" % tag, "<!-- bench:%s:end -->" % tag
    block = "%s\n%s\n%s" % (begin, text.rstrip(), end)
    if os.path.exists(path):
        doc = open(path).read()
    else:
        doc = ("# Benchmarks\n\nGenerated by `make bench` / `make bench-quick` (bench/bench.py) between the markers "
               "below; the rest is written by hand.\n\n## Latest full run\n\n<!-- bench:full:begin -->\n(not run yet)\n"
               "<!-- bench:full:end -->\n\n## Latest quick run\n\n<!-- bench:quick:begin -->\n(not run yet)\n"
               "<!-- bench:quick:end -->\n")
    if begin in doc and end in doc:
        doc = re.sub(re.escape(begin) + r".*?" + re.escape(end), lambda _m: block, doc, flags=re.S)
    else:
        doc = doc.rstrip() + "\n\n" + block + "\n"
    with open(path, "w") as f:
        f.write(doc)
