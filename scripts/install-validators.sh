#!/usr/bin/env bash
# Installs the real validators and servers the tests run against, from the Debian archive this machine's apt uses:
#   promtool / Prometheus 2.42 and node_exporter (bookworm), amtool / Alertmanager 0.28 (trixie), and PostgreSQL with
#   postgres_exporter (bookworm) for the exporter-names check of the game days, and Chromium (bookworm) for the
#   screenshots of `monitoring-stack preview` (driven by playwright-core; no browser is downloaded by npm).
# Alertmanager comes from trixie because bookworm's 0.25 predates `url_file` for webhooks (0.26), which the
# Alertmanager of kube-prometheus-stack reads; the trixie .deb only needs libc6 >= 2.34, which bookworm has.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

want_alertmanager="0.28"
have() { command -v "$1" >/dev/null 2>&1; }
am_version() { amtool --version 2>&1 | sed -n 's/.*version \([0-9]*\.[0-9]*\).*/\1/p' | head -1; }

# URIs of the apt sources (deb822 .sources files and one-line .list files) that serve suite $1 itself.
release_uris() {
  local suite="$1" file
  {
    for file in /etc/apt/sources.list.d/*.sources; do
      [ -f "$file" ] || continue
      # One stanza per paragraph: print its URIs when its Suites field holds the suite.
      awk -v suite="$suite" '
        BEGIN { RS = ""; FS = "\n" }
        {
          uris = ""; match_suite = 0; deb = 0
          for (i = 1; i <= NF; i++) {
            if ($i ~ /^Types:/ && $i ~ /(^|[ \t])deb([ \t]|$)/) deb = 1
            if ($i ~ /^URIs:/) { uris = $i; sub(/^URIs:[ \t]*/, "", uris) }
            if ($i ~ /^Suites:/) { n = split($i, s, /[ \t]+/); for (j = 2; j <= n; j++) if (s[j] == suite) match_suite = 1 }
          }
          if (deb && match_suite && uris != "") print uris
        }' "$file"
    done
    for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [ -f "$file" ] || continue
      # deb [options] URI suite components...
      sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$file" | awk -v suite="$suite" '$1 == "deb" && $3 == suite { print $2 }'
    done
  } | tr ' ' '\n' | grep -v '^$' | sort -u | tr '\n' ' ' | sed 's/ $//'
}

have_postgres() { have prometheus-postgres-exporter && compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; }

if have promtool && have prometheus-node-exporter && have amtool && [ "$(am_version)" = "$want_alertmanager" ] && have_postgres && have chromium && have logrotate; then
  exit 0
fi

apt-get update -qq
apt-get install -y -qq --no-install-recommends prometheus prometheus-node-exporter prometheus-alertmanager postgresql prometheus-postgres-exporter chromium logrotate >/dev/null

if [ "$(am_version)" != "$want_alertmanager" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/lists/partial"
  # The newer suite comes from the same archive this machine already uses (no host is named here): every URI whose
  # stanza or line carries the machine's own release suite, with the suite replaced by trixie.
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  uris=$(release_uris "$codename")
  if [ -z "$codename" ] || [ -z "$uris" ]; then
    echo "install-validators: found no apt source for suite '${codename}' in /etc/apt; cannot add trixie for Alertmanager ${want_alertmanager}" >&2
    exit 1
  fi
  {
    echo "Types: deb"
    echo "URIs: ${uris}"
    echo "Suites: trixie"
    echo "Components: main"
    echo "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
  } >"$work/trixie.sources"
  apt_opts=(-o "Dir::Etc::sourcelist=$work/trixie.sources" -o "Dir::Etc::sourceparts=-" -o "Dir::State::Lists=$work/lists")
  apt-get "${apt_opts[@]}" update -qq
  (cd "$work" && apt-get "${apt_opts[@]}" download -qq "prometheus-alertmanager/trixie" 2>/dev/null)
  dpkg -i "$work"/prometheus-alertmanager_*.deb >/dev/null
fi
echo "validators: $(promtool --version 2>&1 | head -1); $(amtool --version 2>&1 | head -1); $(chromium --version 2>/dev/null | head -1)"
