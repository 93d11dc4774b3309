#!/usr/bin/env bash
# What the engine suite runs besides this repository, each pinned and cached outside it:
#
#   scripts/engine-tools.sh pulumi   prints a directory holding `pulumi` (v3.259.0 or newer), the
#                                    dynamic-provider plugin `pulumi-resource-pulumi-nodejs`, and
#                                    the language hosts `pulumi-language-nodejs`,
#                                    `pulumi-language-python` (with its `-exec` script),
#                                    `pulumi-language-yaml` and `pulumi-language-go`, which run
#                                    `Pulumi.yaml` programs
#   scripts/engine-tools.sh node24   prints the path of a Node.js 24 binary
#   scripts/engine-tools.sh actionlint  prints the path of actionlint (v1.7.12), which checks
#                                    GitHub Actions workflow files
#   scripts/engine-tools.sh all      gets all three (npm test does, before the tests start, so
#                                    that a first run's builds count against no test's timeout)
#
# A `pulumi` on PATH at or above the pinned version that has all four language hosts and the
# dynamic-provider plugin beside it (a pulumi.com install) is used as it is, from its own folder.
# Otherwise everything is built with the Go toolchain from modules the Go module proxy serves: the
# CLI from its own module, the YAML host from pulumi-yaml's, and the Node.js, Python and Go hosts
# from the newest releases of the Pulumi Go SDK module that still held them (later ones moved them
# into modules of their own, which the proxy does not serve). Each is cached in a folder named for
# its own version. Node 24 comes from the npm registry's platform build. Safe to run again.
set -euo pipefail

PULUMI_VERSION=3.259.0
NODEJS_HOST_VERSION=3.67.1
PYTHON_HOST_VERSION=3.79.0
GO_HOST_VERSION=3.66.0
YAML_HOST_VERSION=1.25.0
NODE24_VERSION=24.11.1
ACTIONLINT_VERSION=1.7.12
CACHE=${PULUMI_PLESK_APS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-plesk-aps}
REPO=$(cd "$(dirname "$0")/.." && pwd)
HOSTS="nodejs python yaml go"

fail() {
  echo "engine-tools: $*" >&2
  exit 1
}

# True when version $1 (x.y.z) is at least $2.
at_least() {
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]
}

need_go() {
  command -v go >/dev/null 2>&1 || fail "no Go toolchain to build $1: install Go 1.25+ (or the Pulumi CLI from pulumi.com, which ships its language hosts), then run the tests again"
}

# Builds package $3 of module $2 at version $4 as command $1, once, in a wrapper module of our own
# (a module with replace lines refuses `go install pkg@version`), with the `replace` lines in $5;
# prints the folder it is cached in, named for its version.
built_from_module() {
  local name=$1 module=$2 package=$3 version=$4 replaces=$5
  local dir="$CACHE/$name-v$version"
  if [ ! -x "$dir/$name" ]; then
    need_go "$name"
    echo "engine-tools: building $name v$version from the Go module $module (once)" >&2
    local work="$CACHE/build-$name-v$version"
    mkdir -p "$work" "$dir"
    cat >"$work/go.mod" <<EOF
module pulumi-plesk-aps/engine-tools/$name

go 1.25

require $module v$version

$replaces
EOF
    printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$package" >"$work/tools.go"
    (
      cd "$work"
      GOFLAGS=-mod=mod go mod tidy >&2
      CGO_ENABLED=0 go build -o "$dir/$name.partial" \
        -ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" "$package" >&2
    )
    mv "$dir/$name.partial" "$dir/$name"
  fi
  echo "$dir"
}

# The Node.js, Python and Go hosts live in the Pulumi Go SDK module up to these releases; its one
# replace line pins golang.org/x/text for them.
sdk_host() {
  local host=$1 version=$2 package=$3
  local dir
  dir=$(built_from_module "pulumi-language-$host" github.com/pulumi/pulumi/sdk/v3 \
    "github.com/pulumi/pulumi/sdk/v3/$package" "$version" "replace golang.org/x/text => golang.org/x/text v0.3.6")
  if [ "$host" = python ] && [ ! -x "$dir/pulumi-language-python-exec" ]; then
    # The host runs programs through this script, which ships in the same module beside it.
    local source
    source=$(cd "$CACHE/build-pulumi-language-python-v$version" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)
    cp "$source/python/cmd/pulumi-language-python-exec" "$dir/"
    chmod 755 "$dir/pulumi-language-python-exec"
  fi
  echo "$dir"
}

# Prints the folder of language host $1, built here.
host_dir() {
  case "$1" in
    nodejs) sdk_host nodejs "$NODEJS_HOST_VERSION" nodejs/cmd/pulumi-language-nodejs ;;
    python) sdk_host python "$PYTHON_HOST_VERSION" python/cmd/pulumi-language-python ;;
    go) sdk_host go "$GO_HOST_VERSION" go/pulumi-language-go ;;
    yaml) go_installed pulumi-language-yaml "$YAML_HOST_VERSION" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml ;;
  esac
}

# `go install` of command $1 at version $2 from module path $3, once, into the cache; prints its folder.
go_installed() {
  local name=$1 version=$2 module=$3
  local dir="$CACHE/$name-v$version"
  if [ ! -x "$dir/$name" ]; then
    need_go "$name"
    echo "engine-tools: building $name v$version from its Go module (once)" >&2
    mkdir -p "$dir"
    GOBIN="$dir" CGO_ENABLED=0 go install "$module@v$version" >&2
  fi
  echo "$dir"
}

# The folder of a `pulumi` on PATH that is new enough and has every host and the dynamic-provider
# plugin beside it, as a pulumi.com install does; nothing when there is none.
installed_pulumi_dir() {
  local found version dir host
  found=$(command -v pulumi 2>/dev/null) || return 0
  version=$(pulumi version 2>/dev/null | sed 's/^v//')
  [ -n "$version" ] && at_least "${version%%-*}" "$PULUMI_VERSION" || return 0
  dir=$(dirname "$(readlink -f "$found")")
  [ -x "$dir/pulumi-resource-pulumi-nodejs" ] || return 0
  for host in $HOSTS; do [ -x "$dir/pulumi-language-$host" ] || return 0; done
  echo "$dir"
}

# A symbolic link made beside and renamed into place, and only when it would change.
link_once() {
  [ "$(readlink "$2")" = "$1" ] && return 0
  ln -sfn "$1" "$2.$$"
  mv -fT "$2.$$" "$2"
}

# The CLI built from its Go module, with the hosts built here linked beside it: the CLI looks for
# its bundled plugins beside its own binary, and finds these there and first on PATH alike, so it
# never warns that the one on PATH is another.
built_pulumi_dir() {
  local dir="$CACHE/pulumi-v$PULUMI_VERSION"
  if [ ! -x "$dir/pulumi" ]; then
    need_go pulumi
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
    printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"\n' >"$module/tools.go"
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
  local plugin="$REPO/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
  [ -f "$plugin" ] || fail "no $plugin: run npm ci first"
  # Test files call this side by side while others run these binaries: a file is replaced only when
  # it differs, and by a rename, so that no run ever execs one half-written.
  if ! cmp -s "$plugin" "$dir/pulumi-resource-pulumi-nodejs"; then
    install -m 755 "$plugin" "$dir/pulumi-resource-pulumi-nodejs.$$"
    mv -f "$dir/pulumi-resource-pulumi-nodejs.$$" "$dir/pulumi-resource-pulumi-nodejs"
  fi
  local host built
  for host in $HOSTS; do
    built=$(host_dir "$host")
    link_once "$built/pulumi-language-$host" "$dir/pulumi-language-$host"
    [ ! -e "$built/pulumi-language-$host-exec" ] || link_once "$built/pulumi-language-$host-exec" "$dir/pulumi-language-$host-exec"
  done
  echo "$dir"
}

pulumi_dir() {
  local dir
  dir=$(installed_pulumi_dir)
  if [ -n "$dir" ]; then
    echo "engine-tools: using the Pulumi CLI on PATH ($(pulumi version)) with its own language hosts, from $dir" >&2
  else
    dir=$(built_pulumi_dir)
    echo "engine-tools: using the Pulumi CLI v$PULUMI_VERSION and language hosts built from Go modules (nodejs v$NODEJS_HOST_VERSION, python v$PYTHON_HOST_VERSION, go v$GO_HOST_VERSION, yaml v$YAML_HOST_VERSION), from $dir" >&2
  fi
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
  echo "$(go_installed actionlint "$ACTIONLINT_VERSION" github.com/rhysd/actionlint/cmd/actionlint)/actionlint"
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
  all) pulumi_dir && node24 && actionlint_path ;;
  *) fail "usage: scripts/engine-tools.sh pulumi|node24|actionlint|all" ;;
esac
