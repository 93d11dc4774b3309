#!/usr/bin/env bash
# Plays the steps of plesk-aps.yml with the real Pulumi CLI against a local sandbox, in the
# current Pulumi project (one that uses pulumi-plesk-aps), with state in a throw-away local
# backend:
#
#   1. preview            (a pull request)
#   2. up                 (a push to main)
#   3. drift check        (the schedule): refresh --expect-no-changes passes
#   4. drift              a package removed on the server behind Pulumi's back
#   5. drift check        fails, naming what drifted
#   6. reconcile          (the next up, with refresh): the package is downloaded again
#   7. drift check        passes again
#
# PREVIEW and UP may be set to run those steps another way, PLESK_APS_SANDBOX to start the
# sandbox another way. Exits 0 when every
# step did what the pipeline expects of it.
set -euo pipefail

PREVIEW=${PREVIEW:-pulumi preview}
UP=${UP:-pulumi up --yes --skip-preview}
SANDBOX=${PLESK_APS_SANDBOX:-npx --no-install plesk-aps-sandbox}
work=$(mktemp -d)
sandbox_pid=""

cleanup() {
  if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
fail() {
  printf 'rehearsal: %s\n' "$*" >&2
  exit 1
}

step "start the sandbox"
$SANDBOX --port 0 --speed 50 --state-dir "$work/sandbox" --exports-file "$work/env.sh" > "$work/sandbox.log" 2>&1 &
launcher=$!
until grep -q '^ready ' "$work/sandbox.log"; do
  kill -0 "$launcher" 2>/dev/null || fail "the sandbox did not start: $(cat "$work/sandbox.log")"
  sleep 0.2
done
ready=$(sed -n 's/^ready //p' "$work/sandbox.log")
sandbox_pid=$(printf '%s' "$ready" | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).pid')
# shellcheck disable=SC1091
. "$work/env.sh"
echo "sandbox at $PLESK_URL"

export PULUMI_BACKEND_URL="file://$work/state" PULUMI_CONFIG_PASSPHRASE=rehearsal
mkdir -p "$work/state"
pulumi stack init rehearsal --non-interactive

step "1. preview (pull request)"
$PREVIEW

step "2. up (main)"
$UP

step "3. drift check: nothing drifted"
pulumi refresh --yes --expect-no-changes --non-interactive

step "4. drift: a package removed on the server"
package_id=$(pulumi stack export | node -pe '
  const resources = JSON.parse(require("fs").readFileSync(0, "utf8")).deployment.resources ?? [];
  resources.find((r) => r.type.endsWith("plesk:ApsPackage") && r.outputs?.packageId)?.outputs.packageId ?? ""')
[ -n "$package_id" ] || fail "the stack holds no ApsPackage with a package id"
curl -fsS --cacert <(printf '%s' "$PLESK_CA_CERT") -X DELETE "$PLESK_URL/__sandbox/packages/$package_id"

step "5. drift check: must fail"
if pulumi refresh --yes --expect-no-changes --non-interactive; then fail "the drift check passed although package $package_id is gone"; fi
echo "the drift check failed, as it should"

step "6. reconcile (the next up, with refresh)"
$UP --refresh

step "7. drift check: nothing drifted"
pulumi refresh --yes --expect-no-changes --non-interactive

echo
echo "rehearsal passed"
