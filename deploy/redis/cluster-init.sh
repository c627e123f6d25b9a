#!/bin/sh
# scale-redis-init: makes scale-redis-1..3 one Redis Cluster of three primaries, the first time.
# Safe to run again: once every slot is assigned it says so and exits.
set -eu

NODES="scale-redis-1 scale-redis-2 scale-redis-3"

for node in $NODES; do
  until redis-cli -h "$node" ping 2>/dev/null | grep -q PONG; do
    echo "waiting for $node"
    sleep 1
  done
done

if redis-cli -h scale-redis-1 cluster info | grep -q '^cluster_slots_assigned:16384'; then
  echo "scale-redis: already a cluster, nothing to do"
  exit 0
fi

# The cluster bus meets nodes by address, so give redis-cli addresses, not service names.
addresses=""
for node in $NODES; do
  # shellcheck disable=SC2046 # split getent's "address name" line into words
  set -- $(getent hosts "$node")
  [ -n "${1:-}" ] || { echo "cannot resolve $node" >&2; exit 1; }
  addresses="$addresses $1:6379"
done

# shellcheck disable=SC2086 # one argument per node
redis-cli --cluster create $addresses --cluster-replicas 0 --cluster-yes

# The hub starts when this exits: make sure the nodes agree before then.
tries=0
until redis-cli -h scale-redis-1 cluster info | grep -q '^cluster_state:ok'; do
  tries=$((tries + 1))
  [ "$tries" -lt 60 ] || { echo "cluster not ok after 60 s" >&2; exit 1; }
  sleep 1
done
echo "scale-redis: cluster created"
