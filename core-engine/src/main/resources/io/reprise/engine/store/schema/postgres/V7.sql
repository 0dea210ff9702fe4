-- Version 7 (PostgreSQL only): the engine in cluster mode (docs/architecture.md, "Several nodes").
--
-- executions.shard: the run's shard, ShardHash.shardOf(namespace, workflowId, <number of shard_leases rows>),
-- written with a run's first row by a cluster node (the start's shard lease fences it); NULL for a run written by a
-- node that runs alone. Reprise fills the NULLs itself, in Java: the migration does when the schema already has
-- shard rows (their number is the shard count), and the first cluster node does when it creates them, in the same
-- transaction. A run's shard never changes afterwards.
ALTER TABLE executions ADD COLUMN IF NOT EXISTS shard INTEGER;
-- The open runs of one shard, which a node recovers when it acquires the shard. Partial on the status, which a
-- status-keeping update leaves alone, so such updates stay HOT.
CREATE INDEX IF NOT EXISTS executions_running_by_shard ON executions (shard) WHERE status = 'RUNNING';
-- The runs still without a shard, found by the fill without scanning the table; empty once a cluster runs.
CREATE INDEX IF NOT EXISTS executions_without_shard ON executions (row_id) WHERE shard IS NULL;
-- cluster_nodes.address: the node's internal gRPC host:port (ClusterSettings.advertisedAddress), written with its
-- heartbeat; NULL for a node that advertises none.
ALTER TABLE cluster_nodes ADD COLUMN IF NOT EXISTS address TEXT;
