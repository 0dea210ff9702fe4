-- Version 2, the first this code creates: executions and the history chain.
-- Each statement ends with a semicolon at the end of a line.
CREATE TABLE IF NOT EXISTS executions (row_id INTEGER NOT NULL PRIMARY KEY, namespace TEXT NOT NULL, workflow_id TEXT NOT NULL, run_id TEXT NOT NULL, workflow_type TEXT NOT NULL, task_queue TEXT NOT NULL, status TEXT NOT NULL, start_time INTEGER NOT NULL, close_time INTEGER, next_timer_at INTEGER, version INTEGER NOT NULL, last_event_id INTEGER NOT NULL, history_tail INTEGER, state BLOB NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS executions_by_key ON executions (namespace, workflow_id, run_id);
-- At most one run of a Workflow Id is running: the database enforces it.
CREATE UNIQUE INDEX IF NOT EXISTS executions_one_running_run ON executions (namespace, workflow_id) WHERE status = 'RUNNING';
CREATE INDEX IF NOT EXISTS executions_by_start_time ON executions (namespace, workflow_id, start_time);
-- Appended in id order; read by walking a run's chain back from executions.history_tail.
CREATE TABLE IF NOT EXISTS history (id INTEGER NOT NULL PRIMARY KEY, execution_row INTEGER NOT NULL, previous_id INTEGER, first_event_id INTEGER NOT NULL, last_event_id INTEGER NOT NULL, events BLOB NOT NULL);
