package io.reprise.engine.cluster;

import java.nio.charset.StandardCharsets;

/**
 * Which shard a run belongs to: a function of its namespace and Workflow Id only, so every run of one Workflow Id
 * (continue-as-new, retries, cron) is in one shard, and of the shard count, which is fixed for a schema.
 *
 * <p>The hash is specified here and must never change, since every node of a cluster (of any version, on any JVM or
 * platform) must compute the same shard: 64-bit FNV-1a over the bytes {@code len(ns) ‖ ns ‖ wf}, where {@code ns}
 * and {@code wf} are the UTF-8 encodings of the namespace and the Workflow Id and {@code len(ns)} is the length of
 * {@code ns} as 4 bytes, big-endian (so no two (namespace, Workflow Id) pairs give the same bytes); then the
 * finaliser {@code fmix64} of MurmurHash3, because FNV's low bits mix poorly and the shard is the hash modulo the
 * count; the shard is that value, unsigned, modulo the shard count. {@code ShardHashTest} pins known values.
 */
public final class ShardHash {

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private ShardHash() {}

    /** The shard of the runs of {@code workflowId} in {@code namespace}, from 0 to {@code shardCount - 1}. */
    public static int shardOf(String namespace, String workflowId, int shardCount) {
        if (shardCount < 1) {
            throw new IllegalArgumentException("shardCount must be at least 1, got " + shardCount);
        }
        return (int) Long.remainderUnsigned(hash(namespace, workflowId), shardCount);
    }

    /** The 64-bit hash of the pair, before the modulo. */
    static long hash(String namespace, String workflowId) {
        byte[] ns = namespace.getBytes(StandardCharsets.UTF_8);
        byte[] wf = workflowId.getBytes(StandardCharsets.UTF_8);
        long h = FNV_OFFSET_BASIS;
        for (int shift = 24; shift >= 0; shift -= 8) {
            h = (h ^ ((ns.length >>> shift) & 0xff)) * FNV_PRIME;
        }
        for (byte b : ns) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        for (byte b : wf) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        return fmix64(h);
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
