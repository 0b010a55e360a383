#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server on 127.0.0.1, for the store tests.
#
#   scripts/with-postgres.sh COMMAND [ARGS...]
#
# Starts a fresh cluster in a temporary folder (trust auth, loopback only, a free port),
# exports PRESSLENS_TEST_PG_URL for the tests, runs COMMAND, then stops the server and
# removes the folder. Under CI (CI=true) missing server binaries are installed from
# Debian's packages; elsewhere the command runs without PostgreSQL (those tests skip).
set -euo pipefail

find_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$found" ] && [ -x "$found/initdb" ]; then echo "$found"; return; fi
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
}

bindir=$(find_bin || true)
if [ -z "$bindir" ] && [ "${CI:-}" = "true" ]; then
  echo "with-postgres: installing PostgreSQL from Debian's packages" >&2
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  bindir=$(find_bin || true)
fi
if [ -z "$bindir" ]; then
  echo "with-postgres: no PostgreSQL server found; PostgreSQL tests will skip" >&2
  exec "$@"
fi

run_as=()
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  run_as=(runuser -u postgres --)
fi

dir=$(mktemp -d /tmp/presslens-pg.XXXXXX)
chmod 755 "$dir"
[ ${#run_as[@]} -eq 0 ] || chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
  "${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${run_as[@]}" "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >/dev/null
"${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c full_page_writes=off" start >/dev/null
export PRESSLENS_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL on 127.0.0.1:$port" >&2
"$@"
