package io.reprise.engine.cluster;

import static io.reprise.engine.cluster.ClusterTestSchema.awaitUntil;
import static io.reprise.engine.cluster.ClusterTestSchema.leases;
import static io.reprise.engine.cluster.ClusterTestSchema.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.reprise.engine.cluster.ClusterTestSchema.LeaseRow;
import io.reprise.engine.cluster.RecordingListener.Event;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.HistoryBatch;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.engine.store.NotShardOwnerException;
import io.reprise.engine.store.PostgresOptions;
import io.reprise.engine.store.PostgresTestDatabase;
import io.reprise.engine.store.StoreException;
import io.reprise.engine.store.Transition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several {@link ShardLeaseManager}s in one JVM on one schema, with a lease renewed every second (3 s; 10 s where a
 * test asserts that no shard expired): the nodes
 * share the shards fairly and own each exactly once, a node that stops renewing loses its shards before anyone else
 * takes them, nodes joining and leaving rebalance without stopping the others, and epochs only grow.
 */
class ShardLeaseManagerPostgresTest {

    private static final int SHARDS = ClusterSettings.DEFAULT_SHARD_COUNT;

    private final List<Event> events = RecordingListener.newSink();
    private final Map<String, RecordingListener> listeners = new ConcurrentHashMap<>();
    private final List<ShardLeaseManager> started = new ArrayList<>();
    private String schema;

    @BeforeEach
    void createSchema() {
        schema = ClusterTestSchema.create();
    }

    @AfterEach
    void stopNodesAndDropSchema() {
        started.forEach(ShardLeaseManager::close);
        try {
            assertEpochsOnlyIncreased();
        } finally {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    private ShardLeaseManager start(String nodeId) {
        return start(nodeId, PostgresTestDatabase.dataSource());
    }

    private ShardLeaseManager start(String nodeId, DataSource dataSource) {
        return start(settings(nodeId), dataSource);
    }

    /**
     * A node with a 10 s lease, still renewed every second: for the tests that assert a node never lost a shard
     * it did not give up, which a renewal delayed past a 3 s lease on this loaded machine could break.
     */
    private ShardLeaseManager startWithALongLease(String nodeId) {
        return start(ClusterSettings.builder().nodeId(nodeId).leaseDuration(Duration.ofSeconds(10))
                .renewalInterval(ClusterTestSchema.RENEWAL).build(), PostgresTestDatabase.dataSource());
    }

    private ShardLeaseManager start(ClusterSettings settings, DataSource dataSource) {
        RecordingListener listener = new RecordingListener(settings.nodeId(), events);
        listeners.put(settings.nodeId(), listener);
        ShardLeaseManager node = ShardLeaseManager.start(dataSource, schema, settings, listener);
        started.add(node);
        return node;
    }

    @Test
    void threeNodesOwnEveryShardExactlyOnceAndShareThemFairly() {
        ShardLeaseManager a = start("a");
        ShardLeaseManager b = start("b");
        ShardLeaseManager c = start("c");

        awaitUntil("the 3 nodes own every shard exactly once, at most 22 each", () -> settled(a, b, c));

        assertThat(List.of(a, b, c)).allSatisfy(node -> assertThat(node.owned()).hasSizeBetween(20, 22));
        Map<Integer, LeaseRow> rows = leases(schema);
        assertThat(rows).hasSize(SHARDS);
        for (ShardLeaseManager node : List.of(a, b, c)) {
            for (ShardEpoch lease : node.owned()) {
                assertThat(rows.get(lease.shard())).isEqualTo(new LeaseRow(node.nodeId(), lease.epoch(), true));
            }
        }
    }

    @Test
    void aNodeThatStopsRenewingLosesItsShardsBeforeTheOthersTakeThemAndItsLateWritesAreFenced() {
        PausableDataSource aDatabase = new PausableDataSource();
        ShardLeaseManager a = start("a", aDatabase);
        ShardLeaseManager b = start("b");
        ShardLeaseManager c = start("c");
        awaitUntil("the 3 nodes own every shard exactly once", () -> settled(a, b, c));
        Map<Integer, Long> aEpochs = a.owned().stream()
                .collect(Collectors.toMap(ShardEpoch::shard, ShardEpoch::epoch));

        long pausedAt = System.nanoTime();
        aDatabase.pause();

        // Until b and c own every shard: whenever one of them owns a shard a had, a no longer does. Read in this
        // order, b's or c's ownership first: a's can only end after a pause, never start again while it lasts.
        AtomicInteger ownedTwice = new AtomicInteger();
        Map<Integer, Long> aDeadlines = new HashMap<>();
        awaitUntil("b and c own every shard", () -> {
            for (int shard : aEpochs.keySet()) {
                boolean takenOver = takenOver(b, shard, aEpochs) || takenOver(c, shard, aEpochs);
                Optional<ShardEpoch> stillA = a.ownership(shard);
                if (takenOver && stillA.isPresent()) {
                    ownedTwice.incrementAndGet();
                }
                a.deadlineNanos(shard).ifPresent(deadline -> aDeadlines.merge(shard, deadline, Math::max));
            }
            return settled(b, c);
        });

        assertThat(ownedTwice).as("times a shard was owned by a and by its new owner at once").hasValue(0);
        assertThat(a.owned()).isEmpty();
        long lastTakeover = 0;
        for (int shard : aEpochs.keySet()) {
            Event takeover = events.stream()
                    .filter(e -> e.acquired() && !e.node().equals("a") && e.lease().shard() == shard
                            && e.lease().epoch() > aEpochs.get(shard))
                    .findFirst().orElseThrow();
            assertThat(takeover.atNanos()).as("when shard %d was taken over", shard)
                    .isGreaterThanOrEqualTo(aDeadlines.get(shard));
            lastTakeover = Math.max(lastTakeover, takeover.atNanos());
            assertThat(events).filteredOn(e -> e.node().equals("a") && e.lease().shard() == shard && !e.acquired())
                    .extracting(Event::reason).containsExactly(ShardLoss.EXPIRED);
        }
        System.out.printf("Takeover: %d shards of a paused node owned by the others %d ms after the pause"
                + " (lease %s, renewal %s)%n", aEpochs.size(), (lastTakeover - pausedAt) / 1_000_000,
                ClusterTestSchema.LEASE, ClusterTestSchema.RENEWAL);

        // A write a fenced with its lease before the pause is refused and writes nothing; the new owner's commits.
        int shard = aEpochs.keySet().iterator().next();
        ShardEpoch stale = new ShardEpoch(shard, aEpochs.get(shard));
        ShardEpoch current = b.ownership(shard).or(() -> c.ownership(shard)).orElseThrow();
        ExecutionKey zombieRun = new ExecutionKey("default", workflowIdIn(shard, "zombie-"), "run-1");
        ExecutionKey ownerRun = new ExecutionKey("default", workflowIdIn(shard, "owner-"), "run-1");
        try (JdbcExecutionStore store = JdbcExecutionStore.postgres(PostgresTestDatabase.dataSource(),
                PostgresOptions.builder().schema(schema).build())) {
            store.commit(start(ownerRun).fencedBy(current));
            assertThat(store.load(ownerRun)).isPresent();

            // Resumed, a rejoins and gets its share back from b and c, at new epochs; its old lease stays refused.
            aDatabase.resume();
            assertThatThrownBy(() -> store.commit(start(zombieRun).fencedBy(stale)))
                    .isExactlyInstanceOf(NotShardOwnerException.class)
                    .hasMessageStartingWith("Not owner of shard " + shard + ": the transition of " + zombieRun
                            + " to version 1 in PostgreSQL store in schema \"" + schema + "\" of ")
                    .hasMessageContaining(" was fenced with epoch " + stale.epoch() + ", but the shard is at epoch ")
                    .hasMessageEndingWith(". This node lost the shard, so nothing of the transition was written; the"
                            + " call must go to the shard's owner")
                    .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.NOT_SHARD_OWNER);
            assertThat(store.load(zombieRun)).isEmpty();
            assertThat(store.loadLatestRun("default", zombieRun.workflowId())).isEmpty();
        }
        awaitUntil("the 3 nodes own every shard exactly once again", () -> settled(a, b, c));
        assertThat(a.owned()).allSatisfy(lease -> assertThat(lease.epoch())
                .isGreaterThan(aEpochs.getOrDefault(lease.shard(), 0L)));
    }

    @Test
    void joiningNodesGetAShareAndALeavingNodesShardsGoToTheOthersWithoutStoppingThem() {
        ShardLeaseManager a = startWithALongLease("a");
        awaitUntil("a owns every shard", () -> settled(a));

        ShardLeaseManager b = startWithALongLease("b");
        awaitUntil("a and b own 32 shards each", () -> settled(a, b) && a.owned().size() == 32);
        ShardLeaseManager c = startWithALongLease("c");
        awaitUntil("a, b and c own every shard, at most 22 each", () -> settled(a, b, c));
        List<Integer> ofC = c.owned().stream().map(ShardEpoch::shard).toList();
        List<Integer> ofB = b.owned().stream().map(ShardEpoch::shard).toList();
        // b hears that c's shards moved to c (at its first reading after c took them); what it hears after c leaves:
        awaitUntil("b heard c's shards moved to c", () -> listeners.get("b").moved.containsAll(ofC));
        listeners.get("b").moved.clear();
        c.close();
        awaitUntil("a and b own 32 shards each again", () -> settled(a, b) && a.owned().size() == 32);
        // b heard that c's shards moved, those a took and those b took (b's own never moved meanwhile).
        awaitUntil("b heard c's shards moved", () -> listeners.get("b").moved.containsAll(ofC));
        assertThat(listeners.get("b").moved).doesNotContainAnyElementsOf(ofB);

        // a and b only ever gave shards up on purpose: none expired, none was refused.
        assertThat(events).filteredOn(e -> !e.node().equals("c") && !e.acquired())
                .extracting(Event::reason).containsOnly(ShardLoss.RELEASED);
        // c left with its shards released, and the others took them at new epochs.
        assertThat(events).filteredOn(e -> e.node().equals("c") && !e.acquired())
                .extracting(Event::reason).containsOnly(ShardLoss.RELEASED);
    }

    @Test
    void closingANodeReleasesItsShardsAtOnceForTheOthersToTake() {
        ShardLeaseManager a = start("a");
        ShardLeaseManager b = start("b");
        awaitUntil("a and b own every shard", () -> settled(a, b));
        List<ShardEpoch> bHeld = b.owned();
        // What b hears from now on (before, it may have given shards up to a: the nodes start at the same moment).
        int heardBefore = events.size();

        b.close();

        // Before the lease of any of them ends: no owner, the epoch one up, and b's heartbeat row gone.
        Map<Integer, LeaseRow> rows = leases(schema);
        for (ShardEpoch lease : bHeld) {
            LeaseRow row = rows.get(lease.shard());
            assertThat(row.owner()).as("owner of shard %d", lease.shard()).isIn(null, "a");
            assertThat(row.epoch()).isGreaterThanOrEqualTo(lease.epoch() + 1);
        }
        assertThat(PostgresTestDatabase.query("SELECT string_agg(node_id, ',') FROM \"" + schema
                + "\".cluster_nodes")).isEqualTo("a");
        assertThat(events.subList(heardBefore, events.size())).filteredOn(e -> e.node().equals("b") && !e.acquired())
                .extracting(Event::lease).containsExactlyInAnyOrderElementsOf(bHeld);
        awaitUntil("a owns every shard", () -> settled(a));
        assertThat(a.owned()).filteredOn(lease -> bHeld.stream().anyMatch(h -> h.shard() == lease.shard()))
                .allSatisfy(lease -> assertThat(lease.epoch()).isGreaterThanOrEqualTo(2 + bHeld.stream()
                        .filter(h -> h.shard() == lease.shard()).findFirst().orElseThrow().epoch()));
    }

    @Test
    void aRenewalThatFindsTheShardAtAnotherEpochLosesItAsRefused() {
        ShardLeaseManager a = startWithALongLease("a");
        awaitUntil("a owns every shard", () -> settled(a));
        ShardEpoch before = a.ownership(7).orElseThrow();

        // As if another node had acquired shard 7 (which the leases themselves never allow while a renews).
        PostgresTestDatabase.execute("UPDATE \"" + schema + "\".shard_leases SET owner = 'intruder',"
                + " epoch = epoch + 1, lease_until = now() + interval '1 hour' WHERE shard = 7");

        awaitUntil("a no longer owns shard 7", () -> a.ownership(7).isEmpty());
        assertThat(events).filteredOn(e -> e.node().equals("a") && !e.acquired())
                .extracting(Event::lease, Event::reason).containsExactly(tuple(before, ShardLoss.REFUSED));
        assertThat(a.owned()).hasSize(SHARDS - 1);
    }

    @Test
    void aNodeConfiguredWithAnotherShardCountThanTheSchemaIsRefused() {
        start("a");

        assertThatThrownBy(() -> ShardLeaseManager.start(PostgresTestDatabase.dataSource(), schema,
                        ClusterSettings.builder().nodeId("b").shardCount(32).leaseDuration(ClusterTestSchema.LEASE)
                                .renewalInterval(ClusterTestSchema.RENEWAL).build(), ShardListener.NONE))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("Schema \"" + schema + "\" has 64 shards, fixed when its first cluster node started, but"
                        + " this node is configured with 32 (reprise.cluster.shard-count): the shard count of a schema"
                        + " cannot change, since every run's shard depends on it. Set it to 64 or leave it unset on"
                        + " every node");
        assertThat(leases(schema)).hasSize(SHARDS);
    }

    @Test
    void aSchemaWithoutTheLeaseTableIsRefusedNamingTheMigration() {
        String bare = PostgresTestDatabase.newSchema();
        PostgresTestDatabase.execute("CREATE SCHEMA " + bare);
        try {
            assertThatThrownBy(() -> ShardLeaseManager.start(PostgresTestDatabase.dataSource(), bare, settings("a"),
                            ShardListener.NONE))
                    .isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("Schema \"" + bare + "\" has no table shard_leases: it is not a Reprise PostgreSQL"
                            + " store of schema version 6 or later. Open the PostgreSQL store on it first (with"
                            + " reprise.store.postgres.migrate=true it migrates the schema), or run the migration"
                            + " io/reprise/engine/store/schema/postgres/V6.sql");
        } finally {
            PostgresTestDatabase.dropSchema(bare);
        }
    }

    /** The first Workflow Id {@code prefix0}, {@code prefix1}, … of the default namespace in {@code shard}. */
    private static String workflowIdIn(int shard, String prefix) {
        for (int i = 0; ; i++) {
            if (ShardHash.shardOf("default", prefix + i, SHARDS) == shard) {
                return prefix + i;
            }
        }
    }

    /** The first transition of a run: version 1, events 1..2, RUNNING. */
    private static Transition start(ExecutionKey key) {
        ExecutionRow row = new ExecutionRow(key, "OrderWorkflow", "orders", "RUNNING", 1000, null, null, 1, 2,
                ("state of " + key).getBytes(StandardCharsets.UTF_8));
        return new Transition(row, 0, new HistoryBatch(1, 2, ("events of " + key).getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean takenOver(ShardLeaseManager node, int shard, Map<Integer, Long> previousEpochs) {
        return node.ownership(shard).filter(lease -> lease.epoch() > previousEpochs.get(shard)).isPresent();
    }

    /**
     * Whether {@code nodes} own every shard between them, each exactly once and at most their fair share, and the
     * lease rows agree: each shard's row names its owner and epoch, and its lease has not ended.
     */
    private boolean settled(ShardLeaseManager... nodes) {
        int share = (SHARDS + nodes.length - 1) / nodes.length;
        Map<Integer, LeaseRow> owners = new HashMap<>();
        for (ShardLeaseManager node : nodes) {
            List<ShardEpoch> owned = node.owned();
            if (owned.size() > share) {
                return false;
            }
            for (ShardEpoch lease : owned) {
                if (owners.put(lease.shard(), new LeaseRow(node.nodeId(), lease.epoch(), true)) != null) {
                    return false;
                }
            }
        }
        return owners.size() == SHARDS && owners.equals(leases(schema));
    }

    /** Each node heard its shards' epochs grow, no epoch was acquired twice, and no row's epoch is below one heard. */
    private void assertEpochsOnlyIncreased() {
        Map<Integer, LeaseRow> rows = leases(schema);
        Map<String, Long> lastByNodeAndShard = new HashMap<>();
        Map<Integer, List<Long>> acquiredByShard = new HashMap<>();
        for (Event event : events) {
            ShardEpoch lease = event.lease();
            assertThat(rows.get(lease.shard()).epoch()).isGreaterThanOrEqualTo(lease.epoch());
            if (event.acquired()) {
                Long previous = lastByNodeAndShard.put(event.node() + "/" + lease.shard(), lease.epoch());
                assertThat(lease.epoch()).as("epoch of shard %d acquired by %s", lease.shard(), event.node())
                        .isGreaterThan(previous == null ? 0 : previous);
                acquiredByShard.computeIfAbsent(lease.shard(), s -> new ArrayList<>()).add(lease.epoch());
            }
        }
        acquiredByShard.forEach((shard, epochs) -> assertThat(epochs).as("epochs at which shard %d was acquired",
                shard).doesNotHaveDuplicates());
    }
}
