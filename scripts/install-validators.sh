#!/usr/bin/env bash
# Installs the real validators and servers the tests run against, from Debian's repositories:
#   promtool / Prometheus 2.42 and node_exporter (bookworm), amtool / Alertmanager 0.28 (trixie).
# Alertmanager comes from trixie because bookworm's 0.25 predates `url_file` for webhooks (0.26), which the
# Alertmanager of kube-prometheus-stack reads; the trixie .deb only needs libc6 >= 2.34, which bookworm has.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

want_alertmanager="0.28"
have() { command -v "$1" >/dev/null 2>&1; }
am_version() { amtool --version 2>&1 | sed -n 's/.*version \([0-9]*\.[0-9]*\).*/\1/p' | head -1; }

if have promtool && have prometheus-node-exporter && have amtool && [ "$(am_version)" = "$want_alertmanager" ]; then
  exit 0
fi

apt-get update -qq
apt-get install -y -qq --no-install-recommends prometheus prometheus-node-exporter prometheus-alertmanager postgresql prometheus-postgres-exporter >/dev/null

if [ "$(am_version)" != "$want_alertmanager" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/lists/partial"
  cat >"$work/trixie.sources" <<SOURCES
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  apt_opts=(-o "Dir::Etc::sourcelist=$work/trixie.sources" -o "Dir::Etc::sourceparts=-" -o "Dir::State::Lists=$work/lists")
  apt-get "${apt_opts[@]}" update -qq
  (cd "$work" && apt-get "${apt_opts[@]}" download -qq "prometheus-alertmanager/trixie" 2>/dev/null)
  dpkg -i "$work"/prometheus-alertmanager_*.deb >/dev/null
fi
echo "validators: $(promtool --version 2>&1 | head -1); $(amtool --version 2>&1 | head -1)"
