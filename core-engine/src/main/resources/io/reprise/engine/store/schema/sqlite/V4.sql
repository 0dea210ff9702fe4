-- Version 4: a run's memo and search attributes, in one nullable column written with the row, so that a
-- listing reads them without the state snapshot. Rows written before have none (NULL).
ALTER TABLE executions ADD COLUMN visibility BLOB;
