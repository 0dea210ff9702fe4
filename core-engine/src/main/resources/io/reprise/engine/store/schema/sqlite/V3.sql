-- Version 3: the namespace registry, and an index to find a namespace's runs by close time (retention).
-- The namespaces that already hold runs are registered, so that upgrading keeps them usable; they get
-- the default retention (3 days, 259200000 ms) and the earliest start time of their runs as create time.
CREATE TABLE IF NOT EXISTS namespaces (name TEXT NOT NULL PRIMARY KEY, description TEXT NOT NULL, retention_millis INTEGER NOT NULL, create_time INTEGER NOT NULL, update_time INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS executions_by_close_time ON executions (namespace, close_time) WHERE close_time IS NOT NULL;
INSERT INTO namespaces (name, description, retention_millis, create_time, update_time) SELECT namespace, '', 259200000, MIN(start_time), MIN(start_time) FROM executions GROUP BY namespace;
