#!/usr/bin/env bash
# Regenerates the TEST-ONLY SSH keys of the sample users (see README.md).
#
# Run it only when the fixtures must change: every test and the sample directory
# (ldif/sample.ldif.in takes the public halves at `scripts/directory.sh start`)
# use these files, so commit the new keys together with anything that pinned the
# old ones. Existing keys are overwritten.
set -euo pipefail

cd "$(dirname "$0")/keys"

# name          type     bits   user
keys=(
    "alice_rsa     rsa      3072   alice"
    "alice_ed25519 ed25519  -      alice"
    "bob_ed25519   ed25519  -      bob"
    "carol_rsa     rsa      2048   carol"
)

for line in "${keys[@]}"; do
    read -r name type bits user <<<"$line"
    rm -f "$name" "$name.pub"
    args=(-q -t "$type" -N "" -C "$user@dirauth-fixture" -f "$name")
    [ "$bits" = "-" ] || args+=(-b "$bits")
    ssh-keygen "${args[@]}"
    chmod 0644 "$name" "$name.pub"
    echo "regenerate: $(ssh-keygen -l -f "$name.pub")"
done
