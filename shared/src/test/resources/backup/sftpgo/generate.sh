#!/usr/bin/env bash
# Regenerates the SFTPGo dump fixtures in this folder with generate.go:
#   dump-2.4.json (dump version 13), dump-2.5.json (15), dump-2.6.json (16), dump-2.7.json (17),
#   expected.json (the plain passwords, API keys and secrets behind them) and
#   secret-vectors.json (secrets sealed as SFTPGo's local:// and builtin:// KMS providers do).
# Needs Debian's Go and golang.org/x/crypto (no module download: it builds in GOPATH mode) and
# mkpasswd for the $6$ / $1$ hashes:
#   apt-get install -y golang-go golang-golang-x-crypto-dev whois
# The ed25519 key test-only-ed25519 (a fixture; never use it anywhere else) is kept; delete it
# first to make a new one (ssh-keygen -t ed25519 -N '' -f test-only-ed25519).
# Salts, keys and nonces are random, so every run rewrites every file with new, equally valid
# values: commit the dumps, expected.json and secret-vectors.json together.
#   bash generate.sh
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f test-only-ed25519.pub ]; then
  ssh-keygen -q -t ed25519 -N '' -C 'sluice-test-only-sftpgo-fixture' -f test-only-ed25519
fi
export GOPATH=/usr/share/gocode GO111MODULE=off GOCACHE="${TMPDIR:-/tmp}/sluice-gocache"
gofmt -l generate.go | grep -q . && { echo "generate.go is not gofmt-formatted" >&2; exit 1; }
go run generate.go
