"""Re-run a bench script under the Python that has Odoo 18 (scripts/ensure_odoo.sh), so that
`python3 bench/run.py` works on a machine whose python3 has no Odoo. Standard library only."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_under_odoo_python():
    try:
        import psycopg2  # noqa: F401
        import requests  # noqa: F401

        import odoo.release  # noqa: F401

        return
    except ImportError:
        pass
    if os.environ.get("CB_BENCH_REEXEC"):
        raise SystemExit("the Python from scripts/ensure_odoo.sh does not import odoo")
    out = subprocess.run(
        ["bash", str(ROOT / "scripts" / "ensure_odoo.sh")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    python = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)["ODOO_PY"]
    os.environ["CB_BENCH_REEXEC"] = "1"
    os.execv(python, [python, *sys.argv])
