#!/usr/bin/env bash
# CareerHub in production shape on this machine: two (or more) gunicorn app servers on 127.0.0.1
# sharing PostgreSQL and Redis, and nginx in front terminating TLS with a throw-away certificate.
#
#   DATABASE_URL=postgres://... REDIS_URL=redis://... deploy/stack.sh start
#   deploy/stack.sh status | stop
#   deploy/stack.sh stop-app PORT | kill-app PORT | start-app PORT    (one app server, for failover tests)
#
# Settings (environment): STACK_DIR (default /tmp/careerhub-stack), STACK_APP_PORTS (default
# "18601 18602"), STACK_HTTPS_PORT (18643), STACK_HTTP_PORT (18680), GUNICORN_WORKERS (default from
# the CPU count, see gunicorn.conf.py). Everything binds to 127.0.0.1. `start` writes
# $STACK_DIR/stack.env, which the scale-out tests (and `source`) read.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=$ROOT/.venv/bin/python
STACK_DIR=${STACK_DIR:-/tmp/careerhub-stack}
STACK_APP_PORTS=${STACK_APP_PORTS:-"18601 18602"}
STACK_HTTPS_PORT=${STACK_HTTPS_PORT:-18643}
STACK_HTTP_PORT=${STACK_HTTP_PORT:-18680}
NGINX_CONF=$STACK_DIR/nginx/nginx.conf

app_env() {
  # What every app server (and a manage.py command against the stack) runs with.
  set -a
  # shellcheck disable=SC1091
  source "$STACK_DIR/stack.env"
  set +a
}

wait_for() {  # wait_for URL ["Name: value" header]: until it answers 2xx/3xx, or fail after 30 s
  "$PY" - "$@" <<'PY'
import ssl, sys, time, urllib.error, urllib.request
url, headers = sys.argv[1], dict(h.split(": ", 1) for h in sys.argv[2:])
context = ssl.create_default_context()
context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # only asks "is it up?"
for _ in range(120):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=2, context=context):
            sys.exit(0)
    except urllib.error.HTTPError as error:
        if error.code < 500:
            sys.exit(0)
    except OSError:
        pass
    time.sleep(0.25)
sys.exit(f"{url} did not answer in 30 s")
PY
}

create_database() {  # the PostgreSQL role may create databases (CREATEDB); the database may not exist yet
  "$PY" - <<'PY'
import os
import dj_database_url
import psycopg
from psycopg import sql

db = dj_database_url.parse(os.environ["DATABASE_URL"])
if db["ENGINE"].endswith("postgresql"):
    params = {"host": db["HOST"], "port": db["PORT"] or 5432, "user": db["USER"], "password": db["PASSWORD"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
PY
}

start_app() {
  local port=$1 pidfile=$STACK_DIR/app-$1.pid
  if [[ -f $pidfile ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "app server on 127.0.0.1:$port is already running (pid $(cat "$pidfile"))"
    return 0
  fi
  app_env
  "$ROOT/.venv/bin/gunicorn" -c deploy/gunicorn.conf.py -b "127.0.0.1:$port" --daemon \
    --pid "$STACK_DIR/app-$port.pid" \
    --access-logfile "$STACK_DIR/logs/app-$port.access.log" --error-logfile "$STACK_DIR/logs/app-$port.error.log"
  wait_for "http://127.0.0.1:$port/robots.txt" "X-Forwarded-Proto: https"
  echo "app server on 127.0.0.1:$port (pid $(cat "$STACK_DIR/app-$port.pid"))"
}

stop_app() {  # graceful: stops accepting at once, finishes the requests it has, then exits
  local port=$1 signal=${2:-TERM} pidfile=$STACK_DIR/app-$1.pid pid
  [[ -f $pidfile ]] || return 0
  pid=$(cat "$pidfile")
  if [[ $signal == KILL ]]; then
    # The master and its workers at once (their process group): a crash, not a shutdown.
    kill -KILL -- "-$(ps -o pgid= -p "$pid" | tr -d ' ')" 2>/dev/null || true
  else
    kill -TERM "$pid" 2>/dev/null || true
  fi
  for _ in $(seq 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  rm -f "$pidfile"
  echo "app server on 127.0.0.1:$port stopped ($signal)"
}

start() {
  : "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database the app servers share}"
  : "${REDIS_URL:?set REDIS_URL to the Redis database the app servers share}"
  mkdir -p "$STACK_DIR/logs" "$STACK_DIR/nginx" "$STACK_DIR/tls"
  [[ -f $STACK_DIR/secret_key ]] || "$PY" -c "import secrets; print(secrets.token_urlsafe(50))" >"$STACK_DIR/secret_key"
  local upstreams=() port
  for port in $STACK_APP_PORTS; do upstreams+=(--upstream "127.0.0.1:$port"); done
  cat >"$STACK_DIR/stack.env" <<ENV
DJANGO_DEBUG=0
DJANGO_SECRET_KEY=$(cat "$STACK_DIR/secret_key")
DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
DJANGO_TRUSTED_PROXY_COUNT=1
DATABASE_URL=$DATABASE_URL
REDIS_URL=$REDIS_URL
STACK_DIR=$STACK_DIR
STACK_APP_PORTS="$STACK_APP_PORTS"
STACK_HTTPS_PORT=$STACK_HTTPS_PORT
STACK_HTTP_PORT=$STACK_HTTP_PORT
STACK_TLS_CERT=$STACK_DIR/tls/cert.pem
ENV
  app_env
  create_database
  "$PY" manage.py migrate --noinput >/dev/null
  "$PY" manage.py collectstatic --noinput >/dev/null
  "$PY" manage.py import_labour_data --if-empty >/dev/null
  "$PY" manage.py load_content --if-empty content/
  for port in $STACK_APP_PORTS; do start_app "$port"; done

  if [[ ! -f $STACK_DIR/tls/cert.pem ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=127.0.0.1" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
      -keyout "$STACK_DIR/tls/key.pem" -out "$STACK_DIR/tls/cert.pem" 2>/dev/null
  fi
  "$PY" deploy/render_nginx.py "$NGINX_CONF" "${upstreams[@]}" \
    PREFIX="$STACK_DIR/nginx" STATIC_ROOT="$ROOT/staticfiles" \
    HTTP_LISTEN="127.0.0.1:$STACK_HTTP_PORT" HTTPS_LISTEN="127.0.0.1:$STACK_HTTPS_PORT" HTTPS_PORT="$STACK_HTTPS_PORT" \
    SERVER_NAME="127.0.0.1 localhost" TLS_CERT="$STACK_DIR/tls/cert.pem" TLS_KEY="$STACK_DIR/tls/key.pem"
  nginx -q -t -c "$NGINX_CONF" -p "$STACK_DIR/nginx"
  nginx -c "$NGINX_CONF" -p "$STACK_DIR/nginx"
  wait_for "https://127.0.0.1:$STACK_HTTPS_PORT/robots.txt"
  echo "nginx on https://127.0.0.1:$STACK_HTTPS_PORT/ (logs in $STACK_DIR/nginx, $STACK_DIR/logs)"
}

stop() {
  if [[ -f $STACK_DIR/nginx/nginx.pid ]]; then
    nginx -s quit -c "$NGINX_CONF" -p "$STACK_DIR/nginx" 2>/dev/null || true
    for _ in $(seq 40); do [[ -f $STACK_DIR/nginx/nginx.pid ]] || break; sleep 0.25; done
    echo "nginx stopped"
  fi
  local pidfile
  for pidfile in "$STACK_DIR"/app-*.pid; do
    [[ -f $pidfile ]] || continue
    pidfile=${pidfile##*/app-}
    stop_app "${pidfile%.pid}"
  done
}

status() {
  local pidfile
  [[ -f $STACK_DIR/nginx/nginx.pid ]] && echo "nginx: pid $(cat "$STACK_DIR/nginx/nginx.pid")"
  for pidfile in "$STACK_DIR"/app-*.pid; do [[ -f $pidfile ]] && echo "${pidfile##*/}: pid $(cat "$pidfile")"; done
  return 0
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  start-app) start_app "${2:?port}" ;;
  stop-app) stop_app "${2:?port}" TERM ;;
  kill-app) stop_app "${2:?port}" KILL ;;
  *) echo "usage: $0 start|stop|status|start-app PORT|stop-app PORT|kill-app PORT" >&2; exit 2 ;;
esac
