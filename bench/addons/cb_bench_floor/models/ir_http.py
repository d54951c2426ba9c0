"""Bench only: with CB_BENCH_PROFILE=<folder> in the server's environment, every request is
profiled with cProfile and its stats written to <folder>/<pid>-<n>-<path>.prof."""

import cProfile
import itertools
import os

from odoo import models
from odoo.http import request

_counter = itertools.count()


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _dispatch(cls, endpoint):
        folder = os.environ.get("CB_BENCH_PROFILE")
        if not folder:
            return super()._dispatch(endpoint)
        profiler = cProfile.Profile()
        try:
            return profiler.runcall(super()._dispatch, endpoint)
        finally:
            name = request.httprequest.path.strip("/").replace("/", "_")[:60]
            profiler.dump_stats(os.path.join(folder, f"{os.getpid()}-{next(_counter)}-{name}.prof"))
