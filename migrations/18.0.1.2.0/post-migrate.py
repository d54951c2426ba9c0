"""Nonito batches: companies still on the old default of 100 events per request move to the
new default of 500 (lib/nonito.py says why); a size an administrator chose is kept."""


def migrate(cr, version):
    if not version:
        return
    cr.execute("UPDATE res_company SET cb_nonito_batch_size = 500 WHERE cb_nonito_batch_size = 100")
