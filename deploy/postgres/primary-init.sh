#!/bin/bash
# scale-postgres, first start only (/docker-entrypoint-initdb.d runs on an empty data directory):
# a role the replica logs in as for streaming replication, the slot that keeps the WAL it has
# not received yet (capped by max_slot_wal_keep_size), and a pg_hba line letting it in.
set -euo pipefail

: "${POSTGRES_REPLICATION_PASSWORD:?set POSTGRES_REPLICATION_PASSWORD in .env for the scale profile}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" --set=password="$POSTGRES_REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SELECT pg_create_physical_replication_slot('scale_replica');
SQL

# The image's own `host all all all` line does not cover replication connections.
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
