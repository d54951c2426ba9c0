-- A neutralized copy of a production database (odoo-bin neutralize) must never talk to a
-- live peer: every peer's credentials and addresses are forgotten and every flow is switched
-- off, whatever peers are installed (their settings follow the cb_<peer>_... naming), and what
-- is queued is held (kept, replayable once the copy is reconfigured).
DO $$
DECLARE
    setting record;
BEGIN
    FOR setting IN
        SELECT column_name, data_type
          FROM information_schema.columns
         WHERE table_name = 'res_company'
           AND column_name LIKE 'cb\_%'
           AND (column_name ~ '(api_key|token|secret|base_url)$'
                OR (column_name ~ '_enabled$' AND data_type = 'boolean'))
    LOOP
        IF setting.data_type = 'boolean' THEN
            EXECUTE format('UPDATE res_company SET %I = false', setting.column_name);
        ELSE
            EXECUTE format('UPDATE res_company SET %I = NULL', setting.column_name);
        END IF;
    END LOOP;
END $$;

UPDATE commerce_bridge_outbox
   SET state = 'paused',
       last_error = 'Held: this database is a neutralized copy.'
 WHERE state IN ('pending', 'retrying', 'sending');

UPDATE ir_cron
   SET active = false
 WHERE id IN (SELECT res_id FROM ir_model_data
               WHERE module = 'commerce_bridge' AND model = 'ir.cron');
