#!/usr/bin/env bash
# Run the addon locally without docker, wherever Odoo 18 is importable: a private PostgreSQL,
# the sandbox Medusa (port 9000) and Nonito (port 9100), and Odoo on http://localhost:8069
# with commerce_bridge installed and pointed at the sandbox. Ctrl-C stops everything.
# Environment: PYTHON (default python3), CB_DATA (default ~/.commerce_bridge_demo).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=${PYTHON:-python3}
DATA=${CB_DATA:-$HOME/.commerce_bridge_demo}
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
    -o "-k $DATA/pgsock -p 55433 -c listen_addresses=''" >/dev/null || true

ADDONS=$("$PY" -c "import odoo, odoo.addons, os; p=[x for x in odoo.addons.__path__]; s=os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)),'addons'); print(','.join(p+([s] if os.path.isdir(s) else [])))")
ODOO=("$PY" -m odoo --db_host="$DATA/pgsock" --db_port=55433 --db_user=odoo -d commerce_bridge_demo
      --addons-path="$ADDONS,$DATA/addons")

cd "$ROOT"
"$PY" -m sandbox.medusa --port 9000 --api-key sandbox-medusa-key & MEDUSA=$!
"$PY" -m sandbox.nonito --port 9100 --api-key sandbox-nonito-key & NONITO=$!
trap 'kill $MEDUSA $NONITO 2>/dev/null; as_postgres "$PG_BIN/pg_ctl" -D "$DATA/pgdata" stop >/dev/null' EXIT

"${ODOO[@]}" -i commerce_bridge --stop-after-init --without-demo=all
"$PY" -m odoo shell "${ODOO[@]:3}" --no-http < scripts/demo_config.py
echo "Odoo on http://localhost:8069 (admin/admin); Medusa sandbox :9000, Nonito sandbox :9100"
echo "Send the seed's Omnitron order: $PY -m sandbox.omnitron --sample --count 0 --url http://localhost:8069/api/v1/oms/orders_omnitron/ --token sandbox-omnitron-token"
"${ODOO[@]}" --http-port=8069 --workers=2 --max-cron-threads=1
