#!/usr/bin/env bash
# Provider lock files, one per stack, committed as locks/<stack>.terraform.lock.hcl (Terraform looks for
# .terraform.lock.hcl in the folder it runs in, which synth recreates; so the committed copies live here).
#
#   bash scripts/lock-providers.sh update <synth-out>    after `npx cdktf synth --output <synth-out>`: writes the checksums
#                                                        of every provider of every stack, for the platforms below
#   bash scripts/lock-providers.sh restore <synth-out>   copies the committed lock files into the stacks before
#                                                        `terraform init` / `cdktf diff|deploy --skip-synth`: init
#                                                        then installs exactly the locked versions and checksums
#
# `update` asks the provider registry (run it on a machine with network access, after raising a provider pin) unless
# TF_PROVIDER_MIRROR names a filesystem mirror (offline; the lock then holds only that mirror's platform hash).
set -euo pipefail

mode="${1:-}"
out="${2:-}"
if [ -z "$mode" ] || [ -z "$out" ] || [ ! -d "$out/stacks" ]; then
  echo "usage: scripts/lock-providers.sh update|restore <synth output folder with stacks/>" >&2
  exit 2
fi
locks="${LOCKS_DIR:-$(cd "$(dirname "$0")/.." && pwd)/locks}"
platforms=(-platform=linux_amd64 -platform=linux_arm64 -platform=darwin_amd64 -platform=darwin_arm64)

for dir in "$out"/stacks/*/; do
  stack=$(basename "$dir")
  case "$mode" in
    update)
      mirror=()
      if [ -n "${TF_PROVIDER_MIRROR:-}" ]; then mirror=(-fs-mirror="$TF_PROVIDER_MIRROR"); platforms=(-platform=linux_amd64); fi
      (cd "$dir" && terraform providers lock "${mirror[@]}" "${platforms[@]}" >/dev/null)
      mkdir -p "$locks"
      cp "$dir/.terraform.lock.hcl" "$locks/$stack.terraform.lock.hcl"
      echo "locked $stack"
      ;;
    restore)
      if [ ! -f "$locks/$stack.terraform.lock.hcl" ]; then
        # Not fatal, so that a new environment can be planned before its lock is committed; init then writes one.
        echo "::warning::no committed lock file for $stack: run scripts/lock-providers.sh update and commit locks/" >&2
        continue
      fi
      cp "$locks/$stack.terraform.lock.hcl" "$dir/.terraform.lock.hcl"
      ;;
    *)
      echo "unknown mode $mode (update or restore)" >&2
      exit 2
      ;;
  esac
done
