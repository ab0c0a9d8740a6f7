#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what Maven cannot bring (Debian's Chromium and its
# driver, for the dashboard test; Debian's PostgreSQL server binaries, which the PostgreSQL tests start
# themselves on a free loopback port; iproute2, for the tests of several hosts; gcc, for a process test)
# when it is missing, then runs `./mvnw -B verify` (the Maven wrapper downloads the Maven the project is built with; only a
# JDK 17 is needed).
# Extra arguments go to Maven, e.g. `bash scripts/test.sh -Dsurefire.excludedGroups=slow,browser`.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
# The tests of several hosts make them with network namespaces and a bridge (unshare and nsenter come with util-linux).
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
# A process adapter test compiles a small C program (a process whose main thread ends before its other threads).
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
[ -f /usr/include/pthread.h ] || missing+=(libc6-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} for the browser, PostgreSQL, several-hosts and process tests"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # The tests run the server binaries themselves; the package need not make (and start) a cluster of its own.
  $sudo mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.d/chunkcluster-tests.conf >/dev/null
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

exec ./mvnw -B verify "$@"
