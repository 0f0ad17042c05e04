#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster as the unprivileged 'postgres' user on a free local port.
# Prints the SQLAlchemy URL to use. Usage: URL=$(bash .ci/postgres.sh /tmp/pgdata)
set -euo pipefail
dir=${1:-$(mktemp -d /tmp/prep-pg.XXXXXX)}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$dir"
chown postgres "$dir"
chmod 700 "$dir"
runuser -u postgres -- "$bin/initdb" -D "$dir" -U postgres -A trust --no-sync -E UTF8 >/dev/null
runuser -u postgres -- "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=200" \
  start >/dev/null
echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
