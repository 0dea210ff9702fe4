package io.reprise.benchmark;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.NamespaceConfig;
import io.reprise.engine.cluster.ClusterSettings;
import io.reprise.engine.cluster.ShardHash;
import io.reprise.testing.EngineHistory;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The takeover section of {@code EngineBenchmark --nodes N} (N at least 2): a client and a worker on node 1 start
 * {@value #WORKFLOWS} workflows on shards of the last node and as many on the others' shards, each waiting on a timer
 * of {@value #TIMER_SECONDS} s; once every one has its timer started, the last node is killed with {@code kill -9}.
 * It measures the time from the kill until every shard is owned by the others ({@code shard_leases} polled every
 * 20 ms; a valid lease means {@code lease_until > now()}) and until each of the killed node's workflows has completed
 * (its timer fired at the new owner). Right after the kill it starts {@value #WORKFLOWS} more workflows on the killed
 * node's shards through node 1, and reports how many were accepted and when (they wait for the shards' new owner).
 */
final class ClusterTakeover {

    static final int WORKFLOWS = 10;
    static final int TIMER_SECONDS = 5;
    private static final String QUEUE = "benchmark-takeover";
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    @WorkflowInterface
    public interface Nap {
        @WorkflowMethod
        String run(int seconds);
    }

    public static final class NapImpl implements Nap {
        @Override
        public String run(int seconds) {
            Workflow.sleep(Duration.ofSeconds(seconds));
            return "woke";
        }
    }

    /**
     * The seconds from the kill until the others owned every shard; until the last of the killed node's workflows
     * closed (its close event's time); the median of those; until the client had the last of their results; and until
     * the slowest workflow of the others' shards closed.
     */
    record Result(double shardsSeconds, double victimClosedMax, double victimClosedMedian, double victimSeenMax,
            double othersClosedMax) {
        String summary() {
            return String.format(Locale.ROOT, "%.1f | %.1f (client: %.1f)", shardsSeconds, victimClosedMax,
                    victimSeenMax);
        }
    }

    private ClusterTakeover() {
    }

    static Result run(ClusterEngines cluster) throws Exception {
        int victim = cluster.size() - 1;
        String victimId = cluster.nodeId(victim);
        Map<Integer, String> owners = cluster.shardOwners();
        long victimShards = owners.values().stream().filter(victimId::equals).count();
        System.out.printf("== 4. Takeover: kill -9 of %s (%d of %d shards), %s; %d workflows on its shards and %d on"
                        + " the others', each waiting on a %d s timer, client and worker on node 1%n", victimId,
                victimShards, owners.size(), cluster.leaseSettings(), WORKFLOWS, WORKFLOWS, TIMER_SECONDS);
        WorkflowClient client = WorkflowClient.newInstance(cluster.service(0));
        WorkerFactory factory = WorkerFactory.newInstance(client);
        Worker worker = factory.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(NapImpl.class);
        factory.start();
        try {
            List<String> onVictim = new ArrayList<>();
            List<String> onOthers = new ArrayList<>();
            for (int i = 0; onVictim.size() < WORKFLOWS || onOthers.size() < WORKFLOWS; i++) {
                String id = "takeover-" + cluster.size() + "-" + i;
                int shard = ShardHash.shardOf(NamespaceConfig.DEFAULT_NAMESPACE, id,
                        ClusterSettings.DEFAULT_SHARD_COUNT);
                List<String> into = victimId.equals(owners.get(shard)) ? onVictim : onOthers;
                if (into.size() < WORKFLOWS) {
                    into.add(id);
                    Nap nap = client.newWorkflowStub(Nap.class, WorkflowOptions.newBuilder().setWorkflowId(id)
                            .setTaskQueue(QUEUE).build());
                    WorkflowClient.start(nap::run, TIMER_SECONDS);
                }
            }
            List<String> all = new ArrayList<>(onVictim);
            all.addAll(onOthers);
            for (String id : all) {
                awaitTimerStarted(client, id);
            }
            long killedAt = System.nanoTime();
            Instant killedTime = Instant.now();
            List<CompletableFuture<Double>> victimDone = all.stream().filter(onVictim::contains)
                    .map(id -> completion(client, id, killedAt)).toList();
            List<CompletableFuture<Double>> othersDone = all.stream().filter(onOthers::contains)
                    .map(id -> completion(client, id, killedAt)).toList();
            // The clock starts before the kill: the results are awaited from the kill on.
            cluster.kill(victim);
            double killSeconds = (System.nanoTime() - killedAt) / 1e9;
            // Starts about runs of the killed node's shards, made at once: node 1's router waits for their new owner.
            List<String> lateIds = idsOnShardsOf(victimId, owners, "takeover-late-" + cluster.size());
            List<CompletableFuture<Double>> lateStarts = lateIds.stream()
                    .map(id -> accepted(client, id, killedAt)).toList();
            long deadline = killedAt + PATIENCE.toNanos();
            double shardsSeconds;
            while (true) {
                Map<Integer, String> now = cluster.shardOwners();
                if (now.size() == owners.size() && !now.containsValue(victimId)) {
                    shardsSeconds = (System.nanoTime() - killedAt) / 1e9;
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The others did not own " + victimId + "'s shards within "
                            + PATIENCE);
                }
                Thread.sleep(20);
            }
            List<Double> victimSeen = collect(victimDone);
            collect(othersDone);
            List<Double> lateAccepted = new ArrayList<>();
            List<String> lateRefused = new ArrayList<>();
            for (CompletableFuture<Double> start : lateStarts) {
                try {
                    lateAccepted.add(start.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    lateRefused.add(e.getCause().getMessage());
                }
            }
            Collections.sort(lateAccepted);
            for (int i = 0; i < lateIds.size(); i++) {
                if (lateStarts.get(i).isCompletedExceptionally()) {
                    continue;
                }
                WorkflowStub.fromTyped(client.newWorkflowStub(Nap.class, lateIds.get(i))).getResult(PATIENCE,
                        String.class);
            }
            List<Double> victimClosed = closedAfter(client, onVictim, killedTime);
            List<Double> victimDue = dueAfter(client, onVictim, killedTime);
            List<Double> othersClosed = closedAfter(client, onOthers, killedTime);
            Result result = new Result(shardsSeconds, victimClosed.getLast(), victimClosed.get(victimClosed.size() / 2),
                    victimSeen.getLast(), othersClosed.getLast());
            System.out.printf("kill -9 took %.2f s (until the process was gone); shards per node after: %s%n",
                    killSeconds, cluster.owners());
            System.out.printf("  all of %s's shards owned by the others   %5.1f s after the kill%n", victimId,
                    result.shardsSeconds());
            System.out.printf("  its %d workflows closed                    %5.1f s (the last; median %.1f s, first"
                            + " %.1f s; by their close event's time; their %d s timers were due %.1f to %.1f s after"
                            + " the kill)%n", WORKFLOWS, result.victimClosedMax(), result.victimClosedMedian(),
                    victimClosed.getFirst(), TIMER_SECONDS, victimDue.getFirst(), victimDue.getLast());
            System.out.printf("  the client had their results              %5.1f s (the last; median %.1f s; getResult"
                            + " through node 1, waiting since before the kill)%n", result.victimSeenMax(),
                    victimSeen.get(victimSeen.size() / 2));
            System.out.printf("  the %d workflows on the others' shards closed %.1f s (the slowest)%n", WORKFLOWS,
                    result.othersClosedMax());
            System.out.printf("  %d starts of workflows on %s's shards, made through node 1 right after the kill:"
                            + " %d accepted%s, %d refused%s%n", lateIds.size(), victimId, lateAccepted.size(),
                    lateAccepted.isEmpty() ? "" : String.format(Locale.ROOT, " (%.1f to %.1f s after the kill, waiting"
                            + " for the new owner)", lateAccepted.getFirst(), lateAccepted.getLast()),
                    lateRefused.size(), lateRefused.isEmpty() ? "" : " (" + lateRefused.getFirst() + ")");
            System.out.printf("  the slowest of %s's workflows, its events after the kill: %s%n%n", victimId,
                    eventsAfter(client, slowest(client, onVictim), killedTime));
            return result;
        } finally {
            factory.shutdownNow();
        }
    }

    /** {@value #WORKFLOWS} Workflow Ids with {@code prefix} whose shard {@code owners} gives to {@code node}. */
    private static List<String> idsOnShardsOf(String node, Map<Integer, String> owners, String prefix) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; ids.size() < WORKFLOWS; i++) {
            String id = prefix + "-" + i;
            if (node.equals(owners.get(ShardHash.shardOf(NamespaceConfig.DEFAULT_NAMESPACE, id,
                    ClusterSettings.DEFAULT_SHARD_COUNT)))) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Starts {@code id} (a 1 s nap): the seconds from {@code since} until the start was accepted. */
    private static CompletableFuture<Double> accepted(WorkflowClient client, String id, long since) {
        return CompletableFuture.supplyAsync(() -> {
            Nap nap = client.newWorkflowStub(Nap.class, WorkflowOptions.newBuilder().setWorkflowId(id)
                    .setTaskQueue(QUEUE).build());
            WorkflowClient.start(nap::run, 1);
            return (System.nanoTime() - since) / 1e9;
        }, runnable -> Thread.ofVirtual().start(runnable));
    }

    private static void awaitTimerStarted(WorkflowClient client, String id) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (EngineHistory.events(client.fetchHistory(id)).stream()
                .noneMatch(e -> e.attributes() instanceof EventAttributes.TimerStarted)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(id + " did not start its timer within " + PATIENCE);
            }
            Thread.sleep(20);
        }
    }

    /** Seconds from {@code since} until the workflow's result arrives, which must be {@code "woke"}. */
    private static CompletableFuture<Double> completion(WorkflowClient client, String id, long since) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                String result = WorkflowStub.fromTyped(client.newWorkflowStub(Nap.class, id))
                        .getResult(PATIENCE, String.class);
                if (!result.equals("woke")) {
                    throw new IllegalStateException(id + " returned " + result);
                }
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException(id + " did not complete within " + PATIENCE, e);
            }
            return (System.nanoTime() - since) / 1e9;
        }, runnable -> Thread.ofVirtual().start(runnable));
    }

    /** For each workflow, the seconds from {@code since} to the time of its last event (its close), sorted. */
    private static List<Double> closedAfter(WorkflowClient client, List<String> ids, Instant since) {
        List<Double> times = new ArrayList<>();
        for (String id : ids) {
            List<HistoryEvent> events = EngineHistory.events(client.fetchHistory(id));
            times.add(Duration.between(since, events.getLast().eventTime()).toNanos() / 1e9);
        }
        Collections.sort(times);
        return times;
    }

    /** The workflow of {@code ids} that closed last. */
    private static String slowest(WorkflowClient client, List<String> ids) {
        return ids.stream().max(java.util.Comparator.comparing(id -> EngineHistory.events(client.fetchHistory(id))
                .getLast().eventTime())).orElseThrow();
    }

    /** The events of {@code id} from {@code since} on, each as its type and the seconds after {@code since}. */
    private static String eventsAfter(WorkflowClient client, String id, Instant since) {
        StringBuilder events = new StringBuilder(id).append(':');
        for (HistoryEvent event : EngineHistory.events(client.fetchHistory(id))) {
            double seconds = Duration.between(since, event.eventTime()).toNanos() / 1e9;
            if (seconds >= 0) {
                events.append(String.format(java.util.Locale.ROOT, " %s %.1f s,", event.eventType(), seconds));
            }
        }
        return events.substring(0, events.length() - 1);
    }

    /** For each workflow, the seconds from {@code since} to when its timer was due, sorted. */
    private static List<Double> dueAfter(WorkflowClient client, List<String> ids, Instant since) {
        List<Double> times = new ArrayList<>();
        for (String id : ids) {
            HistoryEvent started = EngineHistory.events(client.fetchHistory(id)).stream()
                    .filter(e -> e.attributes() instanceof EventAttributes.TimerStarted).findFirst().orElseThrow();
            Duration timer = ((EventAttributes.TimerStarted) started.attributes()).startToFireTimeout();
            times.add(Duration.between(since, started.eventTime().plus(timer)).toNanos() / 1e9);
        }
        Collections.sort(times);
        return times;
    }

    private static List<Double> collect(List<CompletableFuture<Double>> futures) throws Exception {
        List<Double> times = new ArrayList<>();
        for (CompletableFuture<Double> f : futures) {
            times.add(f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        }
        Collections.sort(times);
        return times;
    }
}
