-- Objects the materialized shadow store needs, created in the shadow store's current schema.
-- Idempotent: run at every start.

CREATE TABLE IF NOT EXISTS shadowtx_owned_rows (
    table_name text NOT NULL,
    row_key jsonb NOT NULL,
    owned_at timestamptz NOT NULL DEFAULT now(),
    last_write timestamptz NOT NULL DEFAULT now(),
    live_present boolean NOT NULL,
    live_image jsonb,
    skipped bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (table_name, row_key)
);

CREATE TABLE IF NOT EXISTS shadowtx_offsets (
    engine text NOT NULL,
    offset_key bytea NOT NULL,
    offset_value bytea,
    PRIMARY KEY (engine, offset_key)
);

-- the materialized tables: written at every start from the shadow store's catalog
CREATE TABLE IF NOT EXISTS shadowtx_tables (
    table_name text PRIMARY KEY,
    key_columns text[] NOT NULL,
    columns text[] NOT NULL
);

CREATE TABLE IF NOT EXISTS shadowtx_store_identity (
    id uuid PRIMARY KEY
);

-- one advisory lock per row, shared by shadow writes and the stream
CREATE OR REPLACE FUNCTION shadowtx_lock_row(p_table text, p_key jsonb) RETURNS void
LANGUAGE sql AS $$
    SELECT pg_advisory_xact_lock(hashtextextended(p_table || ' ' || p_key::text, 7297));
$$;

CREATE OR REPLACE FUNCTION shadowtx_row_key(p_keys text[], p_image jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_object_agg(k, p_image -> k) FROM unnest(p_keys) AS k;
$$;

-- a shadow write owns the row: the stream leaves it alone until the ownership is released
CREATE OR REPLACE FUNCTION shadowtx_own(p_table text, p_key jsonb, p_live_present boolean, p_live_image jsonb)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM shadowtx_lock_row(p_table, p_key);
    INSERT INTO shadowtx_owned_rows (table_name, row_key, live_present, live_image)
    VALUES (p_table, p_key, p_live_present, p_live_image)
    ON CONFLICT (table_name, row_key) DO UPDATE SET last_write = now();
END;
$$;

CREATE OR REPLACE FUNCTION shadowtx_own_row() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_table text := quote_ident(TG_TABLE_SCHEMA) || '.' || quote_ident(TG_TABLE_NAME);
    v_old_key jsonb;
    v_new_key jsonb;
BEGIN
    IF current_setting('shadowtx.applier', true) = 'on' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        v_old_key := shadowtx_row_key(TG_ARGV, to_jsonb(OLD));
        -- the row as the stream last wrote it: what it returns to when the ownership ends
        PERFORM shadowtx_own(v_table, v_old_key, true, to_jsonb(OLD));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        v_new_key := shadowtx_row_key(TG_ARGV, to_jsonb(NEW));
        IF v_old_key IS NULL OR v_new_key <> v_old_key THEN
            PERFORM shadowtx_own(v_table, v_new_key, false, NULL);
        END IF;
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;

-- writes one row image (upsert) or removes one row by key, whoever owns it
CREATE OR REPLACE FUNCTION shadowtx_write(p_table text, p_keys text[], p_columns text[], p_delete boolean, p_row jsonb)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_keys text := (SELECT string_agg(quote_ident(k), ', ') FROM unnest(p_keys) AS k);
    v_columns text;
    v_updates text;
BEGIN
    IF p_delete THEN
        EXECUTE format('DELETE FROM %s WHERE (%s) = (SELECT %s FROM jsonb_populate_record(null::%s, $1))',
                p_table, v_keys, v_keys, p_table) USING p_row;
        RETURN;
    END IF;
    SELECT string_agg(quote_ident(c), ', '),
           string_agg(format('%I = EXCLUDED.%I', c, c), ', ') FILTER (WHERE c <> ALL (p_keys))
      INTO v_columns, v_updates
      FROM unnest(p_columns) AS c;
    EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM jsonb_populate_record(null::%s, $1) ON CONFLICT (%s) DO %s',
            p_table, v_columns, v_columns, p_table, v_keys,
            CASE WHEN v_updates IS NULL THEN 'NOTHING' ELSE 'UPDATE SET ' || v_updates END) USING p_row;
END;
$$;

-- applies one change of the live database unless shadow traffic owns the row: 'applied' or 'skipped'
CREATE OR REPLACE FUNCTION shadowtx_apply(p_table text, p_delete boolean, p_row jsonb)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_table shadowtx_tables%ROWTYPE;
    v_keys text;
    v_image jsonb;
    v_key jsonb;
BEGIN
    PERFORM set_config('shadowtx.applier', 'on', true);
    SELECT * INTO STRICT v_table FROM shadowtx_tables WHERE table_name = p_table;
    v_keys := (SELECT string_agg(quote_ident(k), ', ') FROM unnest(v_table.key_columns) AS k);
    EXECUTE format('SELECT to_jsonb(r) FROM jsonb_populate_record(null::%s, $1) AS r', p_table) INTO v_image USING p_row;
    v_key := shadowtx_row_key(v_table.key_columns, v_image);
    PERFORM shadowtx_lock_row(p_table, v_key);
    -- a shadow transaction that holds the row lock waits for the advisory lock we hold: never wait here
    EXECUTE format('SELECT 1 FROM %s WHERE (%s) = (SELECT %s FROM jsonb_populate_record(null::%s, $1)) FOR UPDATE NOWAIT',
            p_table, v_keys, v_keys, p_table) USING p_row;
    UPDATE shadowtx_owned_rows
       SET live_present = NOT p_delete,
           live_image = CASE WHEN p_delete THEN NULL ELSE v_image END,
           skipped = skipped + 1
     WHERE table_name = p_table AND row_key = v_key;
    IF FOUND THEN
        RETURN 'skipped';
    END IF;
    PERFORM shadowtx_write(p_table, v_table.key_columns, v_table.columns, p_delete, p_row);
    RETURN 'applied';
END;
$$;

-- applies a batch of changes in order, in the caller's transaction: one round trip per batch
CREATE OR REPLACE FUNCTION shadowtx_apply_batch(p_tables text[], p_deletes boolean[], p_rows text[])
RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE
    v_outcomes text[] := '{}';
BEGIN
    FOR i IN 1 .. coalesce(array_length(p_tables, 1), 0) LOOP
        v_outcomes := v_outcomes || shadowtx_apply(p_tables[i], p_deletes[i], p_rows[i]::jsonb);
    END LOOP;
    RETURN v_outcomes;
END;
$$;

-- ends the ownership of one row: it returns to the last image the live database streamed
CREATE OR REPLACE FUNCTION shadowtx_release(p_table text, p_key jsonb)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    v_table shadowtx_tables%ROWTYPE;
    v_owned shadowtx_owned_rows%ROWTYPE;
BEGIN
    PERFORM set_config('shadowtx.applier', 'on', true);
    SELECT * INTO STRICT v_table FROM shadowtx_tables WHERE table_name = p_table;
    PERFORM shadowtx_lock_row(p_table, p_key);
    DELETE FROM shadowtx_owned_rows WHERE table_name = p_table AND row_key = p_key RETURNING * INTO v_owned;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF v_owned.live_present THEN
        PERFORM shadowtx_write(p_table, v_table.key_columns, v_table.columns, false, v_owned.live_image);
    ELSE
        PERFORM shadowtx_write(p_table, v_table.key_columns, v_table.columns, true, p_key);
    END IF;
    RETURN true;
END;
$$;
