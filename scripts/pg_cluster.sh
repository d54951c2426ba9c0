# Sourced by scripts/test.sh and scripts/i18n_refresh.sh: a private PostgreSQL cluster in a
# work folder, and the addons path of the Odoo that scripts/ensure_odoo.sh found.
# start_postgres uses $WORK; it sets PG_BIN, PGDATA_DIR, PG_SOCKET and PG_PORT.

as_postgres() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() { "${PY:-${ODOO_PY:-python3}}" -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }

start_postgres() {
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [[ -z "$PG_BIN" || ! -x "$PG_BIN/postgres" ]]; then
        echo "PostgreSQL server not found: installing Debian's postgresql package"
        if [[ $(id -u) -eq 0 ]]; then
            (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null
        fi
        PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
        [[ -x "${PG_BIN:-}/postgres" ]] || { echo "could not install PostgreSQL"; return 1; }
    fi
    PGDATA_DIR="$WORK/pgdata"
    PG_SOCKET="$WORK/pgsock"
    PG_PORT=$(free_port)
    mkdir -p "$PGDATA_DIR" "$PG_SOCKET"
    [[ $(id -u) -eq 0 ]] && chown postgres "$PGDATA_DIR" "$PG_SOCKET"
    as_postgres "$PG_BIN/initdb" -D "$PGDATA_DIR" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
        || { cat "$WORK/initdb.log"; return 1; }
    as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/postgres.log" -w start \
        -o "-k $PG_SOCKET -p $PG_PORT -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        >/dev/null || { cat "$PGDATA_DIR/postgres.log"; return 1; }
    echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') running on socket $PG_SOCKET port $PG_PORT"
}

odoo_addons_path() {
    "$ODOO_PY" - <<'EOF'
import os, odoo.addons
paths = [p for p in odoo.addons.__path__ if os.path.isdir(p)]
import odoo
sibling = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "addons")
if os.path.isdir(sibling) and sibling not in paths:
    paths.append(sibling)
print(",".join(paths))
EOF
}
