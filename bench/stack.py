"""A throw-away Odoo 18 + PostgreSQL stack for the benchmarks and the fault suite.

A private PostgreSQL cluster in a temporary folder, one database with commerce_bridge
installed, and helpers to run Odoo as a server (with workers) or as a shell script. Nothing
here is imported by the addon.
"""

import contextlib
import functools
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_bin():
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    if not candidates:
        raise SystemExit("PostgreSQL server binaries not found (apt-get install postgresql)")
    return candidates[-1].parent


def _as_postgres(command, **kwargs):
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


@functools.cache
def odoo_env():
    """{"ODOO_PY", "ODOO_BIN"} from scripts/ensure_odoo.sh: this Python's Odoo 18 or the one
    it provisions once into ~/.cache/commerce_bridge. Odoo is always started through
    odoo-bin: started as a module (-m), multi-worker Odoo re-spawns `odoo/__main__.py` as its
    websocket process, which crash-loops."""
    out = subprocess.run(
        ["bash", str(ROOT / "scripts" / "ensure_odoo.sh")],
        check=True,
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHON=os.environ.get("PYTHON", sys.executable)),
    ).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def _odoo_addons_path(extra):
    code = (
        "import os, odoo, odoo.addons; p = [x for x in odoo.addons.__path__ if os.path.isdir(x)]; "
        "s = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), 'addons'); "
        "print(','.join(p + ([s] if os.path.isdir(s) and s not in p else [])))"
    )
    paths = subprocess.run(
        [odoo_env()["ODOO_PY"], "-c", code], check=True, capture_output=True, text=True
    ).stdout.strip()
    return f"{paths},{extra}"


class Stack:
    def __init__(self, name="bench"):
        self.work = Path(tempfile.mkdtemp(prefix=f"commerce_bridge_{name}."))
        self.work.chmod(0o755)
        self.pgdata = self.work / "pgdata"
        self.socket_dir = self.work / "pgsock"
        self.pg_port = free_port()
        self.db = f"cb_{name}"
        addons = self.work / "addons"
        addons.mkdir()
        (addons / "commerce_bridge").symlink_to(ROOT)
        # Bench-only addons (bench/addons: the HTTP floor), never part of the addon itself.
        for extra in sorted((ROOT / "bench" / "addons").glob("*/__manifest__.py")):
            (addons / extra.parent.name).symlink_to(extra.parent)
        self.addons_path = _odoo_addons_path(str(addons))
        self.server = None
        self.http_port = None

    # --- PostgreSQL ---------------------------------------------------------------------------
    def start_postgres(self):
        for folder in (self.pgdata, self.socket_dir):
            folder.mkdir()
            if os.geteuid() == 0:
                shutil.chown(folder, user="postgres")
        bin_dir = _pg_bin()
        _as_postgres(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(self.pgdata),
                "-U",
                "odoo",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        )
        options = (
            f"-k {self.socket_dir} -p {self.pg_port} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        _as_postgres(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(self.pgdata),
                "-l",
                str(self.pgdata / "log"),
                "-w",
                "start",
                "-o",
                options,
            ]
        )
        return self

    def stop(self):
        self.stop_server()
        if self.pgdata.exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                _as_postgres(
                    [str(_pg_bin() / "pg_ctl"), "-D", str(self.pgdata), "-m", "immediate", "stop"]
                )
        if not os.environ.get("CB_KEEP"):
            shutil.rmtree(self.work, ignore_errors=True)

    def __enter__(self):
        return self.start_postgres()

    def __exit__(self, *_exc):
        self.stop()

    # --- Odoo -----------------------------------------------------------------------------------
    def _base_args(self, subcommand=None):
        return [
            odoo_env()["ODOO_PY"],
            odoo_env()["ODOO_BIN"],
            *([subcommand] if subcommand else []),
            f"--db_host={self.socket_dir}",
            f"--db_port={self.pg_port}",
            "--db_user=odoo",
            f"--addons-path={self.addons_path}",
            "-d",
            self.db,
            "--without-demo=all",
        ]

    def install(self, modules="commerce_bridge", bench_floor=True):
        """Install ``modules`` and, unless told not to, the bench-only floor addon
        (bench/addons/cb_bench_floor: a bare route the webhook is measured against)."""
        if bench_floor and "cb_bench_floor" not in modules:
            modules = f"{modules},cb_bench_floor"
        log = self.work / "install.log"
        with open(log, "w") as handle:
            subprocess.run(
                [
                    *self._base_args(),
                    "-i",
                    modules,
                    "--stop-after-init",
                    "--max-cron-threads=0",
                    f"--http-port={free_port()}",
                ],
                check=True,
                stdout=handle,
                stderr=subprocess.STDOUT,
            )

    def shell(self, script, **params):
        """Run a Python file inside `odoo shell`; returns the JSON it prints on its last line."""
        env = dict(os.environ, CB_PARAMS=json.dumps(params))
        code = Path(script).read_text()
        result = subprocess.run(
            [*self._base_args("shell"), "--no-http", "--log-level=warn"],
            input=code,
            text=True,
            capture_output=True,
            env=env,
            check=False,
        )
        lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
        if result.returncode or not lines:
            raise RuntimeError(
                f"odoo shell failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return json.loads(lines[-1])

    def stop_server(self):
        if self.server:
            self.server.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.server.wait(20)
            if self.server.poll() is None:
                self.server.kill()
                self.server.wait()
            self.server = None

    def serve(self, workers=2, cron_threads=1, log_name="server.log", env=None):
        """Start Odoo (stopping the one this stack runs, if any); ``env``: extra variables
        of its environment (e.g. CB_BENCH_PROFILE)."""
        self.stop_server()
        self.http_port = free_port()
        log = open(self.work / log_name, "w")  # noqa: SIM115 - kept open for the server's life
        self.server = subprocess.Popen(
            [
                *self._base_args(),
                f"--http-port={self.http_port}",
                f"--gevent-port={free_port()}",
                f"--workers={workers}",
                f"--max-cron-threads={cron_threads}",
                "--limit-time-real=600",
                "--limit-time-cpu=600",
                "--limit-memory-soft=4294967296",
                "--limit-memory-hard=6442450944",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=dict(os.environ, **(env or {})),
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.url + "/web/health", timeout=2).status_code == 200:
                    return self
            time.sleep(0.5)
        raise RuntimeError("Odoo did not start; see " + str(self.work / log_name))

    def sql(self, query, params=(), autocommit=False):
        """Run one statement over a direct connection; its rows (or None)."""
        import psycopg2  # noqa: PLC0415 - only where Odoo's Python runs the bench

        connection = psycopg2.connect(
            host=str(self.socket_dir), port=self.pg_port, user="odoo", dbname=self.db
        )
        try:
            connection.autocommit = autocommit
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                rows = cursor.fetchall() if cursor.description else None
            if not autocommit:
                connection.commit()
            return rows
        finally:
            connection.close()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.http_port}"

    def server_log(self, log_name="server.log"):
        return (self.work / log_name).read_text(errors="replace")


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def machine():
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores, {cpu}, Python {sys.version.split()[0]}, user {pwd.getpwuid(os.getuid()).pw_name}"
