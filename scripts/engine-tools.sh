#!/usr/bin/env bash
# What the engine suite runs besides this repository, each pinned and cached outside it:
#
#   scripts/engine-tools.sh pulumi   prints a directory holding `pulumi` (v3.259.0 or newer), the
#                                    dynamic-provider plugin `pulumi-resource-pulumi-nodejs`, and
#                                    the language hosts `pulumi-language-nodejs`,
#                                    `pulumi-language-python` (with its `-exec` script),
#                                    `pulumi-language-yaml` and `pulumi-language-go`, which run
#                                    `Pulumi.yaml` programs (and generate SDKs)
#   scripts/engine-tools.sh node24   prints the path of a Node.js 24 binary
#   scripts/engine-tools.sh actionlint  prints the path of actionlint (v1.7.12), which checks
#                                    GitHub Actions workflow files
#
# A `pulumi` already on PATH at or above the pinned version is used as it is, with the language
# hosts installed beside it (pulumi.com's installs ship them); otherwise the CLI is built from
# its published Go module with the Go toolchain. A host missing either way is built once: the
# Node.js, Python and Go hosts from their source in ../shared/vendor (the Go module proxy does not
# serve them), the YAML host from its Go module. Node 24 comes from the npm
# registry's platform build. Safe to run again: what is cached is reused.
set -euo pipefail

PULUMI_VERSION=3.259.0
NODE24_VERSION=24.11.1
ACTIONLINT_VERSION=1.7.12
YAML_HOST_VERSION=1.25.0
CACHE=${PULUMI_PLESK_APS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-plesk-aps}
REPO=$(cd "$(dirname "$0")/.." && pwd)
VENDOR=${PULUMI_PLESK_APS_VENDOR:-$REPO/../shared/vendor}

fail() {
  echo "engine-tools: $*" >&2
  exit 1
}

# True when version $1 (x.y.z) is at least $2.
at_least() {
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]
}

plugin_into() {
  local plugin="$REPO/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  [ -f "$plugin" ] || fail "no $plugin: run npm ci first"
  cp "$plugin" "$1/"
  chmod +x "$1/pulumi-resource-pulumi-nodejs"
}

# Builds the language host `pulumi-language-$1` from its vendored source, once, into the cache.
vendored_host() {
  local name="pulumi-language-$1" source="$VENDOR/pulumi-language-$1-v$PULUMI_VERSION"
  local dir="$CACHE/language-hosts-v$PULUMI_VERSION"
  if [ ! -x "$dir/$name" ]; then
    [ -f "$source/main.go" ] || fail "no source of $name at $source: it comes with the repository's shared/vendor folder (set PULUMI_PLESK_APS_VENDOR to where it is), or install the Pulumi CLI from pulumi.com, which ships it beside pulumi"
    command -v go >/dev/null 2>&1 || fail "no Go toolchain to build $name: install Go 1.25+, then run the tests again"
    echo "engine-tools: building $name v$PULUMI_VERSION from its source (once)" >&2
    local work
    work=$(mktemp -d)
    cp -R "$source/." "$work/"
    chmod -R u+w "$work"
    mkdir -p "$dir"
    (
      cd "$work"
      CGO_ENABLED=0 go build -o "$dir/$name.partial" \
        -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" . >&2
    )
    if [ -f "$work/$name-exec" ]; then
      cp "$work/$name-exec" "$dir/"
      chmod +x "$dir/$name-exec"
    fi
    rm -rf "$work"
    mv "$dir/$name.partial" "$dir/$name"
  fi
  echo "$dir/$name"
}

# `go install` of command $1 at version $2 from module path $3, once, into the cache; prints its path.
go_installed() {
  local name=$1 version=$2 module=$3
  local dir="$CACHE/$name-v$version"
  if [ ! -x "$dir/$name" ]; then
    command -v go >/dev/null 2>&1 || fail "no Go toolchain to build $name: install Go 1.25+, then run the tests again"
    echo "engine-tools: building $name v$version from its Go module (once)" >&2
    mkdir -p "$dir"
    GOBIN="$dir" CGO_ENABLED=0 go install "$module@v$version" >&2
  fi
  echo "$dir/$name"
}

yaml_host() {
  go_installed pulumi-language-yaml "$YAML_HOST_VERSION" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
}

# Puts each language host into $1: the one in $2 (the folder of a `pulumi` from pulumi.com) when
# it has one, else one built here.
language_hosts_into() {
  local dir=$1 beside=$2 host built
  for host in nodejs python yaml go; do
    if [ -n "$beside" ] && [ -x "$beside/pulumi-language-$host" ]; then
      ln -sf "$beside/pulumi-language-$host" "$dir/"
      [ ! -e "$beside/pulumi-language-$host-exec" ] || ln -sf "$beside/pulumi-language-$host-exec" "$dir/"
      continue
    fi
    if [ "$host" = yaml ]; then built=$(yaml_host); else built=$(vendored_host "$host"); fi
    ln -sf "$built" "$dir/"
    [ ! -e "$built-exec" ] || ln -sf "$built-exec" "$dir/"
  done
}

pulumi_dir() {
  local found version
  if found=$(command -v pulumi 2>/dev/null); then
    version=$(pulumi version 2>/dev/null | sed 's/^v//')
    if [ -n "$version" ] && at_least "${version%%-*}" "$PULUMI_VERSION"; then
      local dir="$CACHE/pulumi-on-path"
      mkdir -p "$dir"
      ln -sf "$found" "$dir/pulumi"
      plugin_into "$dir"
      language_hosts_into "$dir" "$(dirname "$(readlink -f "$found")")"
      echo "$dir"
      return
    fi
  fi

  local dir="$CACHE/pulumi-v$PULUMI_VERSION"
  if [ ! -x "$dir/pulumi" ]; then
    command -v go >/dev/null 2>&1 || fail "no Pulumi CLI >= $PULUMI_VERSION on PATH and no Go toolchain to build one: install the Pulumi CLI (https://www.pulumi.com/docs/install/) or Go 1.25+, then run the tests again"
    local module="$CACHE/build-pulumi-v$PULUMI_VERSION"
    mkdir -p "$module" "$dir"
    # pkg/v3's go.mod has replace lines, so `go install pkg@version` refuses it: build from a
    # module of our own that requires it, with its one replace that points outside its repo.
    cat >"$module/go.mod" <<EOF
module pulumi-plesk-aps/pulumi-cli

go 1.25

require (
	github.com/pulumi/pulumi/pkg/v3 v$PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 v$PULUMI_VERSION
)

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
EOF
    cat >"$module/tools.go" <<EOF
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
EOF
    echo "engine-tools: building the Pulumi CLI v$PULUMI_VERSION from its Go module (several minutes, once)" >&2
    (
      cd "$module"
      GOFLAGS=-mod=mod go mod tidy >&2
      CGO_ENABLED=0 go build -o "$dir/pulumi.partial" \
        -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
        github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
    )
    mv "$dir/pulumi.partial" "$dir/pulumi"
  fi
  plugin_into "$dir"
  language_hosts_into "$dir" ""
  echo "$dir"
}

node24() {
  local dir="$CACHE/node-v$NODE24_VERSION"
  if [ ! -x "$dir/bin/node" ]; then
    local download
    download=$(mktemp -d)
    local platform
    platform=$(node -p 'process.platform + "-" + process.arch')
    (cd "$download" && npm pack --silent "node-$platform@$NODE24_VERSION" >/dev/null) || fail "could not fetch node-$platform@$NODE24_VERSION from the npm registry"
    mkdir -p "$dir"
    tar -xzf "$download"/node-*.tgz -C "$dir" --strip-components=1
    rm -rf "$download"
  fi
  "$dir/bin/node" --version >/dev/null || fail "$dir/bin/node does not run"
  echo "$dir/bin/node"
}

actionlint_path() {
  go_installed actionlint "$ACTIONLINT_VERSION" github.com/rhysd/actionlint/cmd/actionlint
}

# Test files run in parallel workers: one builds or fetches while the others wait for it.
mkdir -p "$CACHE"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/.lock"
  flock 9
fi

case "${1:-}" in
  pulumi) pulumi_dir ;;
  node24) node24 ;;
  actionlint) actionlint_path ;;
  *) fail "usage: scripts/engine-tools.sh pulumi|node24|actionlint" ;;
esac
