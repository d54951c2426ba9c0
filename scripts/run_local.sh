#!/usr/bin/env bash
# Run the addon locally without docker: a private PostgreSQL, the sandbox Medusa and Nonito,
# and Odoo (2 workers, 1 cron thread) with commerce_bridge installed and pointed at the
# sandbox. Odoo comes from scripts/ensure_odoo.sh (this Python's, or one provisioned once into
# ~/.cache/commerce_bridge) and is started through odoo-bin, never as a Python module (-m). Ctrl-C
# stops everything.
# Environment: CB_DATA (default ~/.commerce_bridge_demo), CB_HTTP_PORT (8069),
# CB_MEDUSA_PORT (9000), CB_NONITO_PORT (9100), CB_PG_PORT (55433), and ensure_odoo.sh's.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA=${CB_DATA:-$HOME/.commerce_bridge_demo}
HTTP_PORT=${CB_HTTP_PORT:-8069}
MEDUSA_PORT=${CB_MEDUSA_PORT:-9000}
NONITO_PORT=${CB_NONITO_PORT:-9100}
PG_PORT=${CB_PG_PORT:-55433}
eval "$(bash "$ROOT/scripts/ensure_odoo.sh")"

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "${PG_BIN:-}/postgres" ]] || { echo "install PostgreSQL first (apt-get install postgresql)"; exit 1; }
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

mkdir -p "$DATA/addons" "$DATA/pgsock"
[[ $(id -u) -eq 0 ]] && chown postgres "$DATA/pgsock"
ln -sfn "$ROOT" "$DATA/addons/commerce_bridge"
if [[ ! -d "$DATA/pgdata" ]]; then
    mkdir -p "$DATA/pgdata"; [[ $(id -u) -eq 0 ]] && chown postgres "$DATA/pgdata"
    as_postgres "$PG_BIN/initdb" -D "$DATA/pgdata" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
as_postgres "$PG_BIN/pg_ctl" -D "$DATA/pgdata" -l "$DATA/pgdata/log" -w start \
    -o "-k $DATA/pgsock -p $PG_PORT -c listen_addresses=''" >/dev/null || true

ADDONS=$("$ODOO_PY" -c "import odoo, odoo.addons, os; p=[x for x in odoo.addons.__path__]; s=os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)),'addons'); print(','.join(p+([s] if os.path.isdir(s) and s not in p else [])))")
DB_ARGS=(--db_host="$DATA/pgsock" --db_port="$PG_PORT" --db_user=odoo -d commerce_bridge_demo
         --addons-path="$ADDONS,$DATA/addons")

cd "$ROOT"
"$ODOO_PY" -m sandbox.medusa --port "$MEDUSA_PORT" --api-key sandbox-medusa-key & MEDUSA=$!
"$ODOO_PY" -m sandbox.nonito --port "$NONITO_PORT" --api-key sandbox-nonito-key & NONITO=$!
cleanup() {
    kill "$MEDUSA" "$NONITO" 2>/dev/null || true
    as_postgres "$PG_BIN/pg_ctl" -D "$DATA/pgdata" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$ODOO_PY" "$ODOO_BIN" "${DB_ARGS[@]}" -i commerce_bridge --stop-after-init --without-demo=all --no-http
CB_MEDUSA_URL="http://127.0.0.1:$MEDUSA_PORT" CB_NONITO_URL="http://127.0.0.1:$NONITO_PORT" \
    "$ODOO_PY" "$ODOO_BIN" shell "${DB_ARGS[@]}" --no-http < scripts/demo_config.py
echo "Odoo on http://localhost:$HTTP_PORT (admin/admin); Medusa sandbox :$MEDUSA_PORT, Nonito sandbox :$NONITO_PORT"
echo "Send the seed's Omnitron order: $ODOO_PY -m sandbox.omnitron --sample --count 0 --url http://localhost:$HTTP_PORT/api/v1/oms/orders_omnitron/ --token sandbox-omnitron-token"
"$ODOO_PY" "$ODOO_BIN" "${DB_ARGS[@]}" --http-port="$HTTP_PORT" --gevent-port="$((HTTP_PORT + 3))" \
    --workers=2 --max-cron-threads=1 &
ODOO=$!
wait "$ODOO"
