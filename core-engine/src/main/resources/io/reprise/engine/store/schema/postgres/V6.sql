-- Version 6 (PostgreSQL only): the tables of several engine nodes on one schema (io.reprise.engine.cluster; see
-- docs/architecture.md, "Several nodes"). No existing table changes, and a node that runs alone never reads them.
--
-- shard_leases: one row per shard, which node owns it and until when. A run belongs to the shard
-- ShardHash.shardOf(namespace, workflowId, <number of rows>), computed, not stored, so the rows are inserted by the
-- first node that runs as a cluster member (its reprise.cluster shard count, default 64), and their number never
-- changes afterwards. epoch grows by one each time the shard is acquired or released and never decreases: a write
-- batch that carries (shard, epoch) commits only while the row still has that epoch. lease_until is a time of the
-- database's clock (now() + the lease), NULL when no node owns the shard.
CREATE TABLE IF NOT EXISTS shard_leases (
    shard INTEGER NOT NULL PRIMARY KEY,
    owner TEXT,
    epoch BIGINT NOT NULL,
    lease_until TIMESTAMPTZ,
    CHECK (shard >= 0),
    CHECK (epoch >= 0),
    CHECK ((owner IS NULL) = (lease_until IS NULL))
);
-- cluster_nodes: one row per live node, renewed with its leases; a node whose heartbeat_until has passed counts as
-- gone when the others compute their fair share of the shards.
CREATE TABLE IF NOT EXISTS cluster_nodes (
    node_id TEXT NOT NULL PRIMARY KEY,
    joined_at TIMESTAMPTZ NOT NULL,
    heartbeat_until TIMESTAMPTZ NOT NULL
);
