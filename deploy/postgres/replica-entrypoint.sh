#!/bin/bash
# scale-postgres-replica's entry point. On an empty data directory: copy the primary with
# pg_basebackup -R (which also writes standby.signal and primary_conninfo), then hand over to the
# image's entrypoint, which finds a data directory and starts it, here as a hot standby.
set -euo pipefail

PGDATA="${PGDATA:-/var/lib/postgresql/data}"
: "${PGPASSWORD:?set POSTGRES_REPLICATION_PASSWORD in .env for the scale profile}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  # The primary is healthy before this starts, but may be restarting: try again rather than die
  # (pg_basebackup empties the directory again when it fails).
  until gosu postgres pg_basebackup --host=scale-postgres --username=replicator --pgdata="$PGDATA" \
    --wal-method=stream --slot=scale_replica --write-recovery-conf --checkpoint=fast; do
    echo "pg_basebackup from scale-postgres failed; trying again in 5 s" >&2
    sleep 5
  done
fi

exec docker-entrypoint.sh "$@"
