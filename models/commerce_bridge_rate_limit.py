"""Per-company, per-peer requests-per-minute budget for the inbound webhooks."""

import math

from psycopg2.extensions import ISOLATION_LEVEL_READ_COMMITTED

from odoo import api, fields, models


class CommerceBridgeRateLimit(models.Model):
    """A fixed-window counter: one row per company, peer and minute, upserted by every
    authenticated webhook request in its own short transaction, so that the count holds
    whatever happens to the request afterwards (refused, failed or rolled back) and every
    worker and server shares one budget. READ COMMITTED: concurrent upserts of one row wait
    for each other instead of failing with serialization errors."""

    _name = "commerce.bridge.rate.limit"
    _description = "Commerce Bridge: inbound requests per minute"
    _log_access = False
    _order = "window_start desc"

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade", readonly=True)
    peer = fields.Char(required=True, readonly=True)
    window_start = fields.Datetime("Minute", required=True, readonly=True)
    hits = fields.Integer("Requests", required=True, default=0, readonly=True)

    _sql_constraints = [
        (
            "window_uniq",
            "unique(company_id, peer, window_start)",
            "One counter per company, peer and minute.",
        ),
    ]

    KEEP_MINUTES = 10

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
                INSERT INTO commerce_bridge_rate_limit AS counter
                       (company_id, peer, window_start, hits)
                VALUES (%s, %s, date_trunc('minute', clock_timestamp() AT TIME ZONE 'UTC'), 1)
                ON CONFLICT (company_id, peer, window_start)
                DO UPDATE SET hits = counter.hits + 1
                RETURNING hits,
                          extract(epoch FROM counter.window_start + interval '1 minute'
                                  - (clock_timestamp() AT TIME ZONE 'UTC'))
                """,
                [company.id, peer],
            )
            hits, remaining = cr.fetchone()
            if hits == 1:
                # First request of a minute: forget the old windows (cheap, indexed).
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
