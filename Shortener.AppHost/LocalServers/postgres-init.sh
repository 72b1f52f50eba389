#!/bin/sh
# The one-shot init resource of the local PostgreSQL: initdb on first use, then (every start) the superuser's password
# set to the AppHost's parameter, so a regenerated or changed parameter never locks the app out of its own data.
# Environment: PGBIN, PGDATA, PG_SERVICE_ACCOUNT (run as this account when set: initdb and postgres refuse root),
# PG_DURABLE (0: no fsync, for throw-away test data), POSTGRES_PASSWORD.
set -eu

as_account() {
  if [ -n "$PG_SERVICE_ACCOUNT" ]; then
    setpriv --reuid="$PG_SERVICE_ACCOUNT" --regid="$PG_SERVICE_ACCOUNT" --init-groups -- "$@"
  else
    "$@"
  fi
}

mkdir -p "$PGDATA"
[ -n "$PG_SERVICE_ACCOUNT" ] && chown "$PG_SERVICE_ACCOUNT:$PG_SERVICE_ACCOUNT" "$PGDATA"
chmod 700 "$PGDATA"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  trap 'rm -f "$pwfile"' EXIT
  printf '%s' "$POSTGRES_PASSWORD" > "$pwfile"
  [ -n "$PG_SERVICE_ACCOUNT" ] && chown "$PG_SERVICE_ACCOUNT" "$pwfile"
  nosync=""
  [ "$PG_DURABLE" = "0" ] && nosync="--no-sync"
  as_account "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=scram-sha-256 --pwfile="$pwfile" \
    --encoding=UTF8 --locale=C --no-instructions $nosync
  echo "initialized $PGDATA"
fi

# Single-user mode reads SQL from stdin; a quote in the password is doubled.
quoted=$(printf '%s' "$POSTGRES_PASSWORD" | sed "s/'/''/g")
printf "ALTER ROLE postgres PASSWORD '%s';\n" "$quoted" | as_account "$PGBIN/postgres" --single -D "$PGDATA" postgres > /dev/null
echo "password of role postgres set from the AppHost's parameter"
