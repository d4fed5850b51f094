#!/usr/bin/env bash
# Installs the Debian packages dirauth needs to build and test, once.
#
# slapd is preseeded so that its postinst creates no configuration and starts no
# system instance: every slapd this project runs is a throwaway one under .run/.
set -euo pipefail

packages=(slapd ldap-utils libldap2-dev libsasl2-dev openssl openssh-client python3-venv curl wrk procps iproute2)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo 'slapd slapd/no_configuration boolean true' | $sudo debconf-set-selections
$sudo mkdir -p /etc/ldap && $sudo touch /etc/ldap/noslapd
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
