#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the drill tests (tests/test_drills_*.py run their
# database suite against it when TUIYAN_TEST_PG_URL is set).
#
#   eval "$(bash tests/pg_server.sh start DIR)"   # prints: export TUIYAN_TEST_PG_URL=...
#   bash tests/pg_server.sh stop DIR
#
# The cluster lives in DIR, listens on 127.0.0.1 only, on a free port, with trust
# authentication (nothing but this machine's loopback can reach it). PostgreSQL refuses
# to run as root, so as root the server runs as the `postgres` user (created by Debian's
# `postgresql` package), which must be able to write DIR.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
dir=$(realpath -m "$2")

bindir=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$candidate/initdb" ]; then bindir=$candidate; break; fi
done
if [ -z "$bindir" ] && command -v initdb >/dev/null; then bindir=$(dirname "$(command -v initdb)"); fi
[ -n "$bindir" ] || { echo "$0: no PostgreSQL server binaries (install Debian's postgresql package)" >&2; exit 2; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
      chown postgres: "$dir"
      runuser -u postgres -- test -w "$dir" \
        || { echo "$0: user postgres cannot reach $dir (a parent directory is not traversable)" >&2; exit 2; }
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$dir' -c fsync=off" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres tuiyan_test
    echo "export TUIYAN_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$port/tuiyan_test"
    ;;
  stop)
    [ -d "$dir/data" ] || exit 0
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  *) usage ;;
esac
