-- Version 4, the first PostgreSQL schema: the SQLite layout of version 4, with ids from sequences
-- and a column of search attributes that visibility queries read.
-- Each statement ends with a semicolon at the end of a line. Tables are created in the schema first
-- on the connection's search_path (the store sets it to reprise.store.postgres.schema).

-- fillfactor: a transition rewrites its run's row; the free space left on every page lets
-- PostgreSQL put the new version on the same page, so the update is HOT and touches no index
-- (no indexed column changes in a transition that keeps the status).
CREATE TABLE IF NOT EXISTS executions (
    row_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    namespace TEXT NOT NULL,
    workflow_id TEXT NOT NULL,
    run_id TEXT NOT NULL,
    workflow_type TEXT NOT NULL,
    task_queue TEXT NOT NULL,
    status TEXT NOT NULL,
    start_time BIGINT NOT NULL,
    close_time BIGINT,
    next_timer_at BIGINT,
    version BIGINT NOT NULL,
    last_event_id BIGINT NOT NULL,
    history_tail BIGINT,
    state BYTEA NOT NULL,
    visibility BYTEA,
    -- The custom search attributes, {"Name": {"t": "KEYWORD", "v": "..."}, ...}; NULL for none.
    search_attributes JSONB
) WITH (fillfactor = 70);
CREATE UNIQUE INDEX IF NOT EXISTS executions_by_key ON executions (namespace, workflow_id, run_id);
-- At most one run of a Workflow Id is running: the database enforces it.
CREATE UNIQUE INDEX IF NOT EXISTS executions_one_running_run ON executions (namespace, workflow_id) WHERE status = 'RUNNING';
CREATE INDEX IF NOT EXISTS executions_by_start_time ON executions (namespace, workflow_id, start_time);
CREATE INDEX IF NOT EXISTS executions_by_close_time ON executions (namespace, close_time) WHERE close_time IS NOT NULL;
-- Listing: newest first within a namespace, optionally of one status or type (keyset paging).
CREATE INDEX IF NOT EXISTS executions_listing ON executions (namespace, start_time DESC, workflow_id DESC, run_id DESC);
CREATE INDEX IF NOT EXISTS executions_listing_by_status ON executions (namespace, status, start_time DESC, workflow_id DESC, run_id DESC);
CREATE INDEX IF NOT EXISTS executions_listing_by_type ON executions (namespace, workflow_type, start_time DESC);
CREATE INDEX IF NOT EXISTS executions_search_attributes ON executions USING GIN (search_attributes);
-- Appended in id order; read by walking a run's chain back from executions.history_tail.
CREATE SEQUENCE IF NOT EXISTS history_ids;
CREATE TABLE IF NOT EXISTS history (
    id BIGINT NOT NULL DEFAULT nextval('history_ids') PRIMARY KEY,
    execution_row BIGINT NOT NULL,
    previous_id BIGINT,
    first_event_id BIGINT NOT NULL,
    last_event_id BIGINT NOT NULL,
    events BYTEA NOT NULL
);
ALTER SEQUENCE history_ids OWNED BY history.id;
CREATE TABLE IF NOT EXISTS namespaces (
    name TEXT NOT NULL PRIMARY KEY,
    description TEXT NOT NULL,
    retention_millis BIGINT NOT NULL,
    create_time BIGINT NOT NULL,
    update_time BIGINT NOT NULL
);
