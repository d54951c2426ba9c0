"""Per-company, per-peer requests-per-minute budget for the inbound webhooks."""

import math
import os
import threading

from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

from odoo import api, fields, models


class CommerceBridgeRateLimit(models.Model):
    """A fixed-window counter, sharded: one row per company, peer, minute and shard, upserted
    by every authenticated webhook request in its own short transaction, so that the count
    holds whatever happens to the request afterwards (refused, failed or rolled back) and every
    worker and server shares one budget. The shard is the worker (process and thread): a
    worker serves one request at a time, so concurrent requests of one company update
    different rows and never wait for each other's row lock (with one row per company and
    minute every request of a company queued on it, for as long as a commit takes). The
    budget is the sum of the shards' rows of the minute. READ COMMITTED: two threads that
    share a shard wait for each other instead of failing with serialization errors."""

    _name = "commerce.bridge.rate.limit"
    _description = "Commerce Bridge: inbound requests per minute"
    _log_access = False
    _order = "window_start desc"

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", readonly=True)
    peer = fields.Char(required=True, readonly=True)
    window_start = fields.Datetime("Minute", required=True, readonly=True)
    shard = fields.Integer(required=True, default=0, readonly=True)
    hits = fields.Integer("Requests", required=True, default=0, readonly=True)

    _sql_constraints = [
        (
            "window_uniq",
            "unique(company_id, peer, window_start, shard)",
            "One counter per company, peer, minute and shard.",
        ),
    ]

    KEEP_MINUTES = 10
    SHARDS = 64

    @api.model
    def _cb_shard(self):
        return hash((os.getpid(), threading.get_ident())) % self.SHARDS

    @api.model
    def _cb_hit(self, company, peer, limit):
        """Count one request; seconds until the current minute ends when the company's
        ``limit`` is exceeded, else 0. A limit of 0 or less means no limit (not counted)."""
        if not limit or limit <= 0:
            return 0
        with self.pool.cursor() as cr:
            if not self.pool.in_test_mode():
                # A fresh connection from the pool: no statement ran yet in its transaction.
                cr.connection.set_isolation_level(ISOLATION_LEVEL_READ_COMMITTED)
            cr.execute(
                """
                WITH hit AS (
                    INSERT INTO commerce_bridge_rate_limit AS counter
                           (company_id, peer, window_start, shard, hits)
                    VALUES (%(company)s, %(peer)s,
                            date_trunc('minute', clock_timestamp() AT TIME ZONE 'UTC'),
                            %(shard)s, 1)
                    ON CONFLICT (company_id, peer, window_start, shard)
                    DO UPDATE SET hits = counter.hits + 1
                    RETURNING window_start, hits
                )
                SELECT hit.hits,
                       hit.hits + COALESCE((
                           SELECT sum(other.hits) FROM commerce_bridge_rate_limit other
                            WHERE other.company_id = %(company)s AND other.peer = %(peer)s
                              AND other.window_start = hit.window_start
                              AND other.shard != %(shard)s), 0),
                       extract(epoch FROM hit.window_start + interval '1 minute'
                               - (clock_timestamp() AT TIME ZONE 'UTC'))
                  FROM hit
                """,
                {"company": company.id, "peer": peer, "shard": self._cb_shard()},
            )
            own, hits, remaining = cr.fetchone()
            if own == 1:
                # A shard's first request of a minute: forget the old windows (indexed).
                cr.execute(
                    """
                    DELETE FROM commerce_bridge_rate_limit
                     WHERE window_start < (clock_timestamp() AT TIME ZONE 'UTC')
                                          - %s * interval '1 minute'
                    """,
                    [self.KEEP_MINUTES],
                )
        if hits <= limit:
            return 0
        return max(1, math.ceil(float(remaining)))
