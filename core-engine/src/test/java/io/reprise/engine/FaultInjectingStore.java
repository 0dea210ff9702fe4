package io.reprise.engine;

import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionListQuery;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.ExecutionSummary;
import io.reprise.engine.store.HistoryBatch;
import io.reprise.engine.store.NamespaceRow;
import io.reprise.engine.store.StoreException;
import io.reprise.engine.store.Transition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Wraps the store under an engine test: a test can make commits fail as a broken disk would (before
 * the store sees them, so nothing is applied), or as a lost connection can (applied, then reported failed), and
 * see how often the engine closed the store. It lets the same tests run on every store implementation. It counts
 * the commits that reached the store.
 */
final class FaultInjectingStore implements ExecutionStore {

    private final ExecutionStore store;
    private int failingCommits;
    /** Commits of this Workflow Id's runs fail, while set. */
    private String failingWorkflowId;
    /** The next successor run of this Workflow Id finds its Run Id taken, while set. */
    private String takenSuccessorOf;
    private ExecutionRow taken;
    private int closes;
    private int commits;
    /** Runs before the next commit is passed on, once. */
    private Runnable beforeNextCommit;
    /** The next commit of this Workflow Id's runs is applied and then reported failed, once. */
    private String lostAcknowledgementOf;
    /** The next load of a run of this Workflow Id fails, once. */
    private String failingLoadOf;

    FaultInjectingStore(ExecutionStore store) {
        this.store = store;
    }

    /** Makes the next {@code count} commits fail. */
    synchronized void failNextCommits(int count) {
        failingCommits = count;
    }

    /** Makes every commit of {@code workflowId}'s runs fail ({@code null}: none). */
    synchronized void failCommitsOf(String workflowId) {
        failingWorkflowId = workflowId;
    }

    /**
     * Makes the next transition that starts a successor run of {@code workflowId} (continue-as-new, a
     * retry, the next cron run) meet a real conflict in the store: just before it is committed, a closed
     * run with the successor's Run Id is written to the store, so the successor's insert finds its key
     * taken. Once.
     */
    synchronized void takeTheRunIdOfTheNextSuccessorOf(String workflowId) {
        takenSuccessorOf = workflowId;
    }

    /** The run {@link #takeTheRunIdOfTheNextSuccessorOf} wrote, once it did; else {@code null}. */
    synchronized ExecutionRow taken() {
        return taken;
    }

    synchronized int closes() {
        return closes;
    }

    /**
     * Makes the next commit of {@code workflowId}'s runs reach the store and be applied, and then fail as a commit
     * whose connection died before the database's answer came (PostgreSQL's {@code pg_terminate_backend} during a
     * {@code COMMIT} does this: the transaction is committed, the client gets "terminating connection"). Once.
     */
    synchronized void loseTheAcknowledgementOfTheNextCommitOf(String workflowId) {
        lostAcknowledgementOf = workflowId;
    }

    /** Makes the next {@link #load} of a run of {@code workflowId} fail, as a read on a lost connection does. Once. */
    synchronized void failTheNextLoadOf(String workflowId) {
        failingLoadOf = workflowId;
    }

    /** Runs {@code action} (on the committing thread) before the next commit reaches the store. */
    synchronized void beforeNextCommit(Runnable action) {
        beforeNextCommit = action;
    }

    /** Commits passed on to the store (and not made to fail here). */
    synchronized int commits() {
        return commits;
    }

    @Override
    public void commit(Transition transition) {
        Runnable before;
        synchronized (this) {
            before = beforeNextCommit;
            beforeNextCommit = null;
        }
        if (before != null) {
            before.run();
        }
        boolean loseAcknowledgement;
        synchronized (this) {
            if (failingCommits > 0) {
                failingCommits--;
                throw new StoreException("disk on fire (test)", null);
            }
            if (transition.row().key().workflowId().equals(failingWorkflowId)) {
                throw new StoreException("disk on fire for " + failingWorkflowId + " (test)", null);
            }
            commits++;
            Transition successor = transition.successor();
            if (successor != null && successor.row().key().workflowId().equals(takenSuccessorOf)) {
                takenSuccessorOf = null;
                Transition takenRun = takenRunOf(successor.row());
                store.commit(takenRun);
                taken = takenRun.row();
            }
            loseAcknowledgement = transition.row().key().workflowId().equals(lostAcknowledgementOf);
            if (loseAcknowledgement) {
                lostAcknowledgementOf = null;
            }
        }
        store.commit(transition);
        if (loseAcknowledgement) {
            throw new StoreException("FATAL: terminating connection due to administrator command (test: after the"
                    + " commit was applied)", null);
        }
    }

    /** A run that completed before {@code successor} started, under its key: what a stray writer might leave. */
    private static Transition takenRunOf(ExecutionRow successor) {
        ExecutionRow taken = new ExecutionRow(successor.key(), successor.workflowType(), successor.taskQueue(),
                "COMPLETED", successor.startTimeMillis() - 2_000, successor.startTimeMillis() - 1_000, null, 1, 1,
                "taken".getBytes(StandardCharsets.UTF_8), null);
        return new Transition(taken, 0, new HistoryBatch(1, 1, "taken".getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Optional<ExecutionRow> load(ExecutionKey key) {
        synchronized (this) {
            if (key.workflowId().equals(failingLoadOf)) {
                failingLoadOf = null;
                throw new StoreException("the connection is lost (test)", null);
            }
        }
        return store.load(key);
    }

    @Override
    public Optional<ExecutionRow> loadLatestRun(String namespace, String workflowId) {
        return store.loadLatestRun(namespace, workflowId);
    }

    @Override
    public List<ExecutionRow> loadRunning() {
        return store.loadRunning();
    }

    @Override
    public List<HistoryBatch> readHistory(ExecutionKey key, long fromEventId) {
        return store.readHistory(key, fromEventId);
    }

    @Override
    public List<ExecutionSummary> listExecutions(ExecutionListQuery query) {
        return store.listExecutions(query);
    }

    @Override
    public List<NamespaceRow> loadNamespaces() {
        return store.loadNamespaces();
    }

    @Override
    public boolean insertNamespace(NamespaceRow row) {
        return store.insertNamespace(row);
    }

    @Override
    public boolean updateNamespace(NamespaceRow row) {
        return store.updateNamespace(row);
    }

    @Override
    public OptionalLong earliestCloseTime(String namespace) {
        return store.earliestCloseTime(namespace);
    }

    @Override
    public List<ExecutionKey> deleteClosedRuns(String namespace, long closedAtOrBeforeMillis, int limit) {
        return store.deleteClosedRuns(namespace, closedAtOrBeforeMillis, limit);
    }

    @Override
    public void ping() {
        store.ping();
    }

    @Override
    public String kind() {
        return store.kind();
    }

    @Override
    public void close() {
        synchronized (this) {
            closes++;
        }
        store.close();
    }
}
