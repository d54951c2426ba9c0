import re
import weakref
from contextlib import contextmanager

from odoo import api, fields, models, tools

from odoo.addons.base_automation.models.base_automation import WRITE_TRIGGERS

# {cursor: {(rule id, model): (rule, model, {record id: None})}} while a batch scope is open
# on the cursor (a savepoint rolled back inside the scope clears cr.precommit.data: not there).
SCOPES = weakref.WeakKeyDictionary()

# The code of the addon's own rule actions: one call of one of the addon's hooks.
HOOK_CALL = re.compile(r"records\.(_cb_on_\w+)\(\)")


class BaseAutomation(models.Model):
    _inherit = "base.automation"

    x_cb_batch = fields.Boolean(
        "Run once per batch",
        help="Run the actions once for all the records of one create or write (the action's "
        "'records' holds them all) instead of once per record. The addon's own rules queue "
        "outbox messages for a whole batch in a few statements this way.",
    )

    # ------------------------------------------------------------------------------------
    # What Odoo reads on every write of a model that has rules, cached between transactions
    # (a product's save read the rules and their trigger fields again each time)
    # ------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    def _get_actions(self, records, triggers):
        """The rules of ``records``' model for ``triggers``, as Odoo finds them, without a
        search on every write (cached until a rule changes)."""
        if "__action_done" not in self._context:
            self = self.with_context(__action_done={})  # noqa: PLW0642 - as Odoo does
        rules = self.browse(self._cb_rule_ids(records._name, tuple(triggers)))
        # Read with the other rules of the batch: one query for all of them per transaction.
        return rules.with_prefetch(self._cb_rule_ids(False, ()))

    @api.model
    @tools.ormcache("model_name", "triggers")
    def _cb_rule_ids(self, model_name, triggers):
        """Active rules of ``model_name`` for ``triggers``; all active batch rules when no
        model is given."""
        domain = [("model_name", "=", model_name), ("trigger", "in", triggers)]
        if not model_name:
            domain = [("x_cb_batch", "=", True)]
        return tuple(self.with_context(active_test=True).sudo().search(domain).ids)

    @tools.ormcache("self.id")
    def _cb_actions(self):
        """The rule's actions, in order, as (action id, hook): ``hook`` names the addon's
        method when the action is still the shipped one-line call of it, with no groups,
        and False otherwise. Cached until a rule or an action changes."""
        actions = []
        for action in self.sudo().action_server_ids:
            match = (
                action.state == "code"
                and not action.groups_id
                and HOOK_CALL.fullmatch((action.code or "").strip())
            )
            hook = match and hasattr(self.env[action.model_name], match[1]) and match[1]
            actions.append((action.id, hook or False))
        return tuple(actions)

    @tools.ormcache("self.id")
    def _cb_trigger_field_names(self):
        return tuple(self.sudo().trigger_field_ids.mapped("name"))

    @tools.ormcache("self.id")
    def _cb_shape(self):
        """(run once per batch, has a pre-filter, has a post-filter): what a write asks of a
        rule every time, without reading the rule's row in every transaction."""
        rule = self.sudo()
        return rule.x_cb_batch, bool(rule.filter_pre_domain), bool(rule.filter_domain)

    def _filter_pre(self, records, feedback=False):
        if not self._cb_shape()[1]:
            return records
        return super()._filter_pre(records, feedback=feedback)

    def _filter_post_export_domain(self, records, feedback=False):
        if not self._cb_shape()[2]:
            return records, None
        return super()._filter_post_export_domain(records, feedback=feedback)

    def _check_trigger_fields(self, record):
        """Odoo's check, with the rule's trigger field names cached."""
        names = self._cb_trigger_field_names()
        if not names or self._context.get("old_values") is None:
            return True
        old_vals = self._context["old_values"].get(record.id, {})
        return any(name in old_vals and record[name] != old_vals[name] for name in names)

    def _register_hook(self):
        super()._register_hook()
        wrappers = {
            "write": ("make_write", _skip_unwatched_writes),
            "_compute_field_value": ("make_compute_field_value", _skip_unwatched_recomputes),
        }
        for Model in self.env.registry.values():
            for name, (maker, wrap) in wrappers.items():
                patched = Model.__dict__.get(name)
                if getattr(patched, "origin", None) and maker in getattr(
                    patched, "__qualname__", ""
                ):
                    setattr(Model, name, wrap(patched))

    # ------------------------------------------------------------------------------------
    # Rules that run once per batch
    # ------------------------------------------------------------------------------------
    def _process(self, records, domain_post=None):
        """Odoo runs a rule's actions once per record (one server-action run, eval context
        and access check each): a write on 10,000 products ran 10,000 of them. A rule marked
        ``x_cb_batch`` runs them once with ``active_ids`` = all the records; which records
        were done (the recursion guard) and which had a trigger field changed are decided
        as Odoo decides them."""
        if not self._cb_shape()[0]:
            return super()._process(records, domain_post=domain_post)
        automation_done = self._context.get("__action_done", {})
        records_done = automation_done.get(self, records.browse())
        records -= records_done
        if not records:
            return
        automation = self
        if self.env.context.get("__action_feedback"):
            automation_done[self] = records_done + records
        else:
            automation_done = dict(automation_done)
            automation_done[self] = records_done + records
            automation = self.with_context(__action_done=automation_done)
            records = records.with_context(__action_done=automation_done)
        records = records.filtered(automation._check_trigger_fields)
        automation_done[self] = records_done + records
        if not records:
            return
        if "date_automation_last" in records._fields:
            records.date_automation_last = fields.Datetime.now()
        scope = SCOPES.get(self.env.cr)
        if scope is not None:
            # Inside a batch scope: run once for everything when the scope ends.
            key = (self.id, records._name)
            # Ids in a dict (ordered, unique): a union of recordsets per record would make a
            # write on 10,000 variants quadratic.
            scope.setdefault(key, (automation, records.browse(), {}))[2].update(
                dict.fromkeys(records.ids)
            )
            return
        automation._cb_run_actions(records, domain_post)

    def _cb_run_actions(self, records, domain_post=None):
        context = {
            "active_model": records._name,
            "active_ids": records.ids,
            "active_id": records[:1].id,
            "domain_post": domain_post,
        }
        for action_id, hook in self._cb_actions():
            try:
                if hook:
                    # What ir.actions.server.run() would do for this code, as Odoo runs a
                    # rule's actions (superuser, the rule's context), without reading the
                    # action, its groups and model, building an eval context and compiling
                    # the code again in every transaction: a product's save paid more for
                    # that than for queueing its message.
                    targets = self.env[records._name].sudo().with_context(**context)
                    getattr(targets.browse(records.ids), hook)()
                else:
                    action = self.env["ir.actions.server"].sudo().browse(action_id)
                    action.with_context(**context).run()
            except Exception as e:
                self._add_postmortem(e)
                raise

    @api.model
    @contextmanager
    def _cb_batch_scope(self):
        """Within this scope, the batch rules collect their records and run once each when
        it ends. For operations that Odoo splits into one write per record: a price written
        on 10,000 variants writes their templates one by one (the related field's inverse),
        validating a delivery updates its quants move by move. Nested scopes join the
        outermost one; an exception drops what was collected, with the transaction."""
        cr = self.env.cr
        if cr in SCOPES:
            yield
            return
        scope = SCOPES[cr] = {}
        try:
            yield
        finally:
            del SCOPES[cr]
        # Actions may write records that start their own rules (and scopes) again. A record
        # created and rolled back to a savepoint inside the scope (a failed import line)
        # is gone.
        for automation, model, ids in scope.values():
            automation._cb_run_actions(model.browse(list(ids)).exists())


def _unwatched(records, field_names):
    """No write rule of ``records``' model can fire for a change of ``field_names``: each
    names its trigger fields and none of them is among these, or it is a batch rule that
    already holds every one of these records in the open batch scope (it runs for them at
    the end of the scope whatever changes now: a product imported from CSV is written again
    right after its creation)."""
    rules = records.env["base.automation"]._get_actions(records, WRITE_TRIGGERS)
    scope = SCOPES.get(records.env.cr)

    def settled(rule):
        names = rule._cb_trigger_field_names()
        if names and field_names.isdisjoint(names):
            return True
        collected = scope and scope.get((rule.id, records._name))
        return bool(collected) and all(record_id in collected[2] for record_id in records._ids)

    return all(settled(rule) for rule in rules)


def _skip_unwatched_writes(patched):
    """Odoo's wrapper of ``write`` (on every model that has a write rule) reads the old
    values of the written stored fields of every record and filters every rule, for each
    write: a product created writes its template again, field by field (a row read per
    product on an import). When no rule watches the written fields, it is skipped."""

    def write(self, vals, **kw):
        if self and _unwatched(self, set(vals)):
            return patched.origin(self, vals, **kw)
        return patched(self, vals, **kw)

    write.origin = patched.origin
    return write


def _skip_unwatched_recomputes(patched):
    """Odoo's wrapper of ``_compute_field_value`` (installed on every model that has a write
    rule) reads the old value of the recomputed stored fields of every record and filters
    every rule, for each recompute: a row read per product on an import, per quant and
    picking on a delivery. A rule that names its trigger fields fires only when one of them
    changed, so when no rule watches the recomputed fields the wrapper is skipped."""

    def _compute_field_value(self, field):
        stored = {f.name for f in self.pool.field_computed[field] if f.store}
        if stored and _unwatched(self, stored):
            return patched.origin(self, field)
        return patched(self, field)

    _compute_field_value.origin = patched.origin
    return _compute_field_value


class Base(models.AbstractModel):
    _inherit = "base"

    def load(self, fields, data):
        # An import creates its records one by one: the batch rules run once, at its end.
        with self.env["base.automation"]._cb_batch_scope():
            return super().load(fields, data)


class IrActionsServer(models.Model):
    _inherit = "ir.actions.server"

    # The actions of a rule are cached with it (base.automation._cb_actions).
    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("base_automation_id") for vals in vals_list):
            self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        if "base_automation_id" in vals or self.filtered("base_automation_id"):
            self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        if self.filtered("base_automation_id"):
            self.env.registry.clear_cache()
        return super().unlink()
