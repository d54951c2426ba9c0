#!/usr/bin/env bash
# The project's one test command (README "Test"; .ci/run calls it).
#
#  1. pure suite: pytest over lib/ and sandbox/ (no Odoo needed), then lint: ruff check and
#     ruff format --check (skipped when ruff is missing);
#  2. Odoo suite: scripts/ensure_odoo.sh finds Odoo 18.0 in this Python or provisions it once
#     into ~/.cache/commerce_bridge (from $ODOO_SRC or ../shared/odoo); then a private
#     PostgreSQL cluster, a fresh database, the repository linked into a temporary addons path
#     as `commerce_bridge`, installed with --test-enable (browser tours in Debian's chromium
#     included), then upgraded and uninstalled. Any failed test or any ERROR/CRITICAL log line
#     (or a WARNING from the module) fails the run;
#  3. the run command (scripts/run_local.sh) is started, must answer /web/login, and its log
#     must hold no traceback.
#
# Prints which suites ran or were skipped and why, and ends with "N passed, N failed".
# With CI=true nothing may be skipped: an Odoo suite that cannot run fails the run.
# Environment: PYTHON (default python3), CB_KEEP_DB=1 keeps the cluster and database,
# CB_SKIP_ODOO=1 skips the Odoo suite (refused under CI), CB_TEST_TAGS overrides --test-tags,
# CB_SKIP_RUN_CHECK=1 skips step 3 (refused under CI).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PY=${PYTHON:-python3}
WORK=$(mktemp -d /tmp/commerce_bridge_test.XXXXXX)
chmod 755 "$WORK"
PASSED=0
FAILED=0
declare -a REPORT=()

say() { printf '\n=== %s\n' "$*"; }
report() { REPORT+=("$1"); }

cleanup() {
    if [[ -n "${PGDATA_DIR:-}" && -z "${CB_KEEP_DB:-}" ]]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m immediate stop >/dev/null 2>&1 || true
    fi
    [[ -z "${CB_KEEP_DB:-}" ]] && rm -rf "$WORK"
}
trap cleanup EXIT

# --- 1. pure suite ---------------------------------------------------------------------------
run_pure_suite() {
    say "pure suite (pytest: lib/, sandbox/)"
    if ! "$PY" -c "import pytest, pydantic, hypothesis, requests, phonenumbers, jsonschema" 2>/dev/null; then
        echo "installing test requirements (requirements-test.txt)"
        "$PY" -m pip install -q -r "$ROOT/requirements-test.txt" || true
    fi
    (cd "$ROOT" && "$PY" -m pytest -p no:cacheprovider --junitxml="$WORK/pure.xml")
    local code=$?
    local counts
    counts=$("$PY" - "$WORK/pure.xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception:
    print("0 0"); sys.exit()
suites = [root] if root.tag == "testsuite" else list(root)
tests = sum(int(s.get("tests", 0)) for s in suites)
bad = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(tests - bad - skipped, bad)
EOF
)
    read -r p f <<<"$counts"
    # pytest exits 5 when it collected nothing; any other failure without a failed test
    # (a collection error, a crash) still fails the suite.
    if [[ $code -ne 0 && $code -ne 5 && $f -eq 0 ]]; then f=1; fi
    PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
    report "pure suite: ran, $p passed, $f failed"
}

# --- 2. Odoo suite ---------------------------------------------------------------------------
# shellcheck source=scripts/pg_cluster.sh
source "$ROOT/scripts/pg_cluster.sh"

odoo_run() {  # odoo_run LOGFILE [SUBCOMMAND] ARGS...
    local log=$1; shift
    local sub=()
    [[ ${1:-} == shell ]] && { sub=(shell); shift; }
    "$ODOO_PY" "$ODOO_BIN" "${sub[@]}" --db_host="$PG_SOCKET" --db_port="$PG_PORT" --db_user=odoo \
        --addons-path="$ADDONS" -d "$DB" --http-port="$(free_port)" --without-demo=all \
        --max-cron-threads=0 "$@" >"$log" 2>&1
}

check_log() {  # check_log LOGFILE STEP -> prints offending lines, returns count
    local bad
    bad=$(grep -E " (ERROR|CRITICAL) " "$1"; grep -E " WARNING .*commerce_bridge" "$1")
    if [[ -n "$bad" ]]; then
        echo "--- $2: ERROR/CRITICAL lines or module warnings:"
        echo "$bad" | head -n 60
        return 1
    fi
    return 0
}

run_odoo_suite() {
    say "Odoo suite (Odoo $("$ODOO_PY" -c 'import odoo.release as r; print(r.version)') on PostgreSQL, $ODOO_BIN)"
    ensure_chromium
    start_postgres || { FAILED=$((FAILED + 1)); report "Odoo suite: FAILED to start PostgreSQL"; return; }
    mkdir -p "$WORK/addons"
    ln -s "$ROOT" "$WORK/addons/commerce_bridge"
    # The test-only fourth peer (tests/addons) is installed beside the addon, the way a
    # payment provider plugs into payment.
    ADDONS="$(odoo_addons_path),$WORK/addons,$ROOT/tests/addons"
    DB="cb_test_$$"
    local tags=${CB_TEST_TAGS:-/commerce_bridge,/commerce_bridge_shopfake}

    echo "install + tests (--test-enable --test-tags=$tags) into fresh database $DB ..."
    local start=$SECONDS
    odoo_run "$WORK/install.log" -i commerce_bridge,commerce_bridge_shopfake --test-enable --test-tags="$tags" --stop-after-init
    local code=$?
    echo "  took $((SECONDS - start)) s, exit $code (logs are kept with CB_KEEP_DB=1: $WORK)"
    local result
    result=$(grep -E "odoo\.tests\.result: .* of [0-9]+ tests" "$WORK/install.log" | tail -n 1)
    local failed_n=0 errors_n=0 total_n=0
    if [[ $result =~ ([0-9]+)\ failed,\ ([0-9]+)\ error\(s\)\ of\ ([0-9]+)\ tests ]]; then
        failed_n=${BASH_REMATCH[1]}; errors_n=${BASH_REMATCH[2]}; total_n=${BASH_REMATCH[3]}
    fi
    local bad=$((failed_n + errors_n))
    local ok=$((total_n - bad))
    grep -E "odoo\.tests\.(result|stats)" "$WORK/install.log" | tail -n 5
    # Each failed test with its traceback (the request log lines in between left out).
    grep -A 25 -E ": (FAIL|ERROR): " "$WORK/install.log" | grep -v " werkzeug: " | head -n 300
    if ! check_log "$WORK/install.log" install; then bad=$((bad > 0 ? bad : 1)); fi
    if [[ $code -ne 0 || $total_n -eq 0 ]]; then
        tail -n 60 "$WORK/install.log"
        bad=$((bad > 0 ? bad : 1))
    fi
    PASSED=$((PASSED + ok)); FAILED=$((FAILED + bad))
    report "Odoo suite: ran, $ok passed, $bad failed ($total_n Odoo tests)"

    echo "upgrade (-u commerce_bridge) ..."
    if odoo_run "$WORK/upgrade.log" -u commerce_bridge --stop-after-init && check_log "$WORK/upgrade.log" upgrade; then
        PASSED=$((PASSED + 1)); report "upgrade: passed"
    else
        tail -n 30 "$WORK/upgrade.log"; FAILED=$((FAILED + 1)); report "upgrade: FAILED"
    fi

    echo "uninstall ..."
    echo "env['ir.module.module'].search([('name', '=', 'commerce_bridge')]).button_immediate_uninstall(); env.cr.commit()" \
        | odoo_run "$WORK/uninstall.log" shell --no-http
    if [[ $? -eq 0 ]] && check_log "$WORK/uninstall.log" uninstall \
        && [[ $(psql -h "$PG_SOCKET" -p "$PG_PORT" -U odoo -d "$DB" -tAc \
            "select state from ir_module_module where name='commerce_bridge'") == "uninstalled" ]]; then
        PASSED=$((PASSED + 1)); report "uninstall: passed"
    else
        tail -n 30 "$WORK/uninstall.log"; FAILED=$((FAILED + 1)); report "uninstall: FAILED"
    fi
}

# Browser tours need Debian's chromium; Odoo finds it on PATH.
ensure_chromium() {
    command -v chromium >/dev/null && return
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "installing Debian's chromium for the browser tours"
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1
    fi
    command -v chromium >/dev/null || echo "chromium is missing: the browser tours will be skipped by Odoo"
    # Odoo mirrors its stylesheets for Arabic with rtlcss; the right-to-left tour checks them.
    if ! command -v rtlcss >/dev/null && command -v npm >/dev/null; then
        echo "installing rtlcss (npm) for the right-to-left stylesheets"
        npm install -g -s rtlcss >/dev/null 2>&1
    fi
    command -v rtlcss >/dev/null || echo "rtlcss is missing: the Arabic layout check is left out"
}

# --- 3. the run command starts clean -------------------------------------------------------------
run_command_check() {
    say "run command (scripts/run_local.sh): starts, answers /web/login, logs no traceback"
    local port log pid ok=""
    port=$(free_port)
    log="$WORK/run_local.log"
    CB_DATA="$WORK/run_local" CB_HTTP_PORT=$port CB_MEDUSA_PORT=$(free_port) CB_NONITO_PORT=$(free_port) \
        CB_PG_PORT=$(free_port) ODOO_PY=$ODOO_PY setsid bash "$ROOT/scripts/run_local.sh" >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 240); do
        if curl -fsS -o /dev/null "http://127.0.0.1:$port/web/login" 2>/dev/null; then ok=1; break; fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 1
    done
    # Leave the workers and the websocket process time to start (or to crash-loop).
    [[ -n "$ok" ]] && sleep 10
    kill -TERM -- -"$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    local tracebacks
    tracebacks=$(grep -c "Traceback" "$log")
    if [[ -n "$ok" && $tracebacks -eq 0 ]]; then
        PASSED=$((PASSED + 1)); report "run command: passed (/web/login answered, no traceback in its log)"
    else
        grep -m 3 -A 15 "Traceback" "$log"; tail -n 20 "$log"
        FAILED=$((FAILED + 1)); report "run command: FAILED (answered: ${ok:-no}, tracebacks: $tracebacks)"
    fi
}

# --- 0. lint -----------------------------------------------------------------------------------
run_lint() {
    say "lint (ruff)"
    if ! "$PY" -m ruff --version >/dev/null 2>&1; then
        report "lint: skipped (ruff is not installed: pip install -r requirements-test.txt)"
        return
    fi
    if (cd "$ROOT" && "$PY" -m ruff check --quiet . && "$PY" -m ruff format --check --quiet .); then
        PASSED=$((PASSED + 1)); report "lint: ruff check and format passed"
    else
        FAILED=$((FAILED + 1)); report "lint: ruff FAILED"
    fi
}

# A skip is allowed outside CI, loudly; under CI it is a failure.
skip_or_fail() {
    if [[ "${CI:-}" == "true" ]]; then
        FAILED=$((FAILED + 1)); report "$1: FAILED under CI=true, it may not be skipped ($2)"
    else
        report "$1: SKIPPED ($2)"; echo "!!! $1 SKIPPED: $2" >&2
    fi
}

ODOO_READY=""
if [[ -n "${CB_SKIP_ODOO:-}" ]]; then
    :
elif ODOO_ENV=$(bash "$ROOT/scripts/ensure_odoo.sh"); then
    eval "$ODOO_ENV"
    PY=$ODOO_PY  # the provisioned Python has the test requirements too
    ODOO_READY=1
fi
if [[ -n "${CB_SKIP_PURE:-}" ]]; then
    skip_or_fail "pure suite and lint" "CB_SKIP_PURE is set"
else
    run_pure_suite
    run_lint
fi
if [[ -n "${CB_SKIP_ODOO:-}" ]]; then
    skip_or_fail "Odoo suite" "CB_SKIP_ODOO is set"
elif [[ -n "$ODOO_READY" ]]; then
    run_odoo_suite
    if [[ -n "${CB_SKIP_RUN_CHECK:-}" ]]; then
        skip_or_fail "run command check" "CB_SKIP_RUN_CHECK is set"
    else
        run_command_check
    fi
else
    skip_or_fail "Odoo suite" "no Odoo 18.0 could be found or provisioned: see the [ensure_odoo] lines above"
fi

say "summary"
printf '%s\n' "${REPORT[@]}"
echo "$PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
