#!/bin/sh
# Runs PostgreSQL ("$@") for DCP. DCP stops an executable with SIGTERM, which PostgreSQL takes as a "smart" shutdown
# that waits until every client has disconnected; this passes SIGTERM and SIGINT on as SIGINT, the fast shutdown.
"$@" &
pid=$!
trap 'kill -INT "$pid" 2>/dev/null' TERM INT
# wait returns early when a trapped signal arrives; wait again for the server itself.
while kill -0 "$pid" 2>/dev/null; do
  wait "$pid" && status=0 || status=$?
done
exit "${status:-0}"
