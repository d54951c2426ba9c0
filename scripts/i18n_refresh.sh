#!/usr/bin/env bash
# Refreshes the translation template and merges it into every translation (README "Translations").
#
#  1. a private PostgreSQL cluster in a temporary folder (the way scripts/test.sh starts one),
#     a throw-away database with commerce_bridge installed (no demo data);
#  2. `odoo-bin --i18n-export=i18n/commerce_bridge.pot --modules=commerce_bridge`: the template
#     Odoo itself writes (views, fields, selections, messages in the Python code, JS);
#  3. `msgmerge` of the template into each i18n/<lang>.po (ar, tr): new msgids appear
#     untranslated, msgids that left the module are dropped (no fuzzy matching: a guessed
#     translation is worse than none). Without gettext, polib does the same merge.
#
# Then `python3 scripts/i18n_check.py` says how many msgids each language still lacks.
# Environment: CB_KEEP_DB=1 keeps the cluster and the logs; CB_I18N_SKIP_EXPORT=1 only merges
# the committed template (no Odoo needed).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
POT="$ROOT/i18n/commerce_bridge.pot"
LANGS=(ar tr)
WORK=$(mktemp -d /tmp/commerce_bridge_i18n.XXXXXX)
chmod 755 "$WORK"
PGDATA_DIR=""

# shellcheck source=scripts/pg_cluster.sh
source "$ROOT/scripts/pg_cluster.sh"

cleanup() {
    if [[ -n "$PGDATA_DIR" && -z "${CB_KEEP_DB:-}" ]]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m immediate stop >/dev/null 2>&1 || true
    fi
    if [[ -z "${CB_KEEP_DB:-}" ]]; then rm -rf "$WORK"; else echo "kept: $WORK"; fi
}
trap cleanup EXIT

export_template() {
    eval "$(bash "$ROOT/scripts/ensure_odoo.sh")"
    start_postgres || exit 1
    mkdir -p "$WORK/addons"
    ln -s "$ROOT" "$WORK/addons/commerce_bridge"
    local addons
    addons=$(odoo_addons_path)
    local args=(--db_host="$PG_SOCKET" --db_port="$PG_PORT" --db_user=odoo --addons-path="$addons,$WORK/addons"
        -d cb_i18n --without-demo=all --max-cron-threads=0 --http-port="$(free_port)")
    echo "installing commerce_bridge into a throw-away database (log: $WORK/install.log) ..."
    "$ODOO_PY" "$ODOO_BIN" "${args[@]}" -i commerce_bridge --stop-after-init >"$WORK/install.log" 2>&1 \
        || { tail -n 40 "$WORK/install.log"; exit 1; }
    echo "exporting $POT ..."
    "$ODOO_PY" "$ODOO_BIN" "${args[@]}" --i18n-export="$WORK/commerce_bridge.pot" \
        --modules=commerce_bridge >"$WORK/export.log" 2>&1 || { tail -n 40 "$WORK/export.log"; exit 1; }
    [[ -s "$WORK/commerce_bridge.pot" ]] || { echo "the export wrote nothing"; tail -n 40 "$WORK/export.log"; exit 1; }
    cp "$WORK/commerce_bridge.pot" "$POT"
    echo "template: $(grep -c '^msgid ' "$POT") msgid lines (the header included)"
}

merge_one() {  # merge_one LANG
    local po="$ROOT/i18n/$1.po"
    if [[ ! -f "$po" ]]; then
        echo "$po is missing: create it with the language's header first (see i18n/ar.po)"; return 1
    fi
    if command -v msgmerge >/dev/null; then
        # --no-fuzzy-matching: new msgids come in empty, never with a guessed translation.
        msgmerge --quiet --no-fuzzy-matching --backup=none \
            --update "$po" "$POT"
        # Odoo's own .po files carry no obsolete entries: drop the msgids that left the module.
        msgattrib --no-obsolete --output-file="$po" "$po"
    else
        "${ODOO_PY:-python3}" - "$po" "$POT" <<'EOF'
import sys
import polib
po_path, pot_path = sys.argv[1:]
po = polib.pofile(po_path, wrapwidth=78)
po.merge(polib.pofile(pot_path))
for entry in po.obsolete_entries():
    po.remove(entry)
for entry in po:
    if entry.fuzzy and not entry.previous_msgid:
        entry.flags.remove("fuzzy")
        entry.msgstr = ""
po.save(po_path)
EOF
    fi
    echo "merged into $po"
}

if [[ -z "${CB_I18N_SKIP_EXPORT:-}" ]]; then
    export_template
fi
for lang in "${LANGS[@]}"; do
    merge_one "$lang"
done
PY_CHECK=${ODOO_PY:-python3}
"$PY_CHECK" "$ROOT/scripts/i18n_check.py" || true
