package io.reprise.engine;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.ExecutionDescription;
import io.reprise.engine.api.GetHistoryRequest;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.HistoryPage;
import io.reprise.engine.api.ListExecutionsRequest;
import io.reprise.engine.api.ListExecutionsResponse;
import io.reprise.engine.api.PendingActivity;
import io.reprise.engine.api.WorkflowOutcome;
import io.reprise.engine.history.ActivityState;
import io.reprise.engine.history.EventCodec;
import io.reprise.engine.history.MutableState;
import io.reprise.engine.proto.HistoryEventMapper;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.timer.Deadlines;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers what clients read about Workflow Executions without changing them: a run's description
 * and Event History, pages and counts of a namespace's runs, and a run's outcome (waiting for it).
 */
final class ExecutionReadHandler {

    private final ExecutionStore store;
    private final Transitions transitions;
    private final RunLookup lookup;

    ExecutionReadHandler(ExecutionStore store, Transitions transitions, RunLookup lookup) {
        this.store = store;
        this.transitions = transitions;
        this.lookup = lookup;
    }

    /** The run's state, with its pending activities. */
    ExecutionDescription describe(String namespace, String workflowId, String runId) {
        RunEntry run = lookup.findRun(namespace, workflowId, runId);
        return transitions.locked(run, state -> {
            List<PendingActivity> pending = new ArrayList<>(state.activities().size());
            Instant now = transitions.now();
            for (ActivityState a : state.activities()) {
                boolean started = a.status() == ActivityState.Status.STARTED;
                Instant nextAttempt = !started && a.attemptScheduledTime().isAfter(now) ? a.attemptScheduledTime() : null;
                pending.add(new PendingActivity(a.activityId(), a.activityType(), a.scheduledEventId(),
                        a.status().name(), a.attempt(), a.scheduledTime(), a.lastStartedTime(), a.lastFailure(),
                        a.lastWorkerIdentity(), nextAttempt, a.lastHeartbeatDetails(), a.lastHeartbeatTime(),
                        a.isCancelRequested()));
            }
            return new ExecutionDescription(namespace, state.execution(), state.workflowType(), state.taskQueue(),
                    state.status(), state.startTime(), state.closeTime(), state.lastEventId(), pending,
                    state.visibility().memo(), state.visibility().searchAttributes());
        });
    }

    /** The run's whole Event History, including the started workflow task's events not yet written. */
    List<HistoryEvent> history(String namespace, String workflowId, String runId) {
        RunEntry run = lookup.findRun(namespace, workflowId, runId);
        // The started workflow task's events may still wait for the run's next commit: take them
        // first, then read the store, and add those the read did not find.
        List<HistoryEvent> unpersisted = transitions.locked(run, MutableState::unpersistedTaskEvents);
        List<HistoryEvent> stored = RunLookup.storeRead(run.key, () -> EventCodec.read(store, run.key, 1,
                Long.MAX_VALUE));
        long lastStored = stored.isEmpty() ? 0 : stored.get(stored.size() - 1).eventId();
        List<HistoryEvent> missing = unpersisted.stream().filter(event -> event.eventId() > lastStored).toList();
        if (missing.isEmpty()) {
            return stored;
        }
        List<HistoryEvent> all = new ArrayList<>(stored.size() + missing.size());
        all.addAll(stored);
        all.addAll(missing);
        return all;
    }

    /**
     * A page of a run's Event History: up to the page size (and {@link GetHistoryRequest#MAX_PAGE_BYTES}) from the
     * token's event on, with the started workflow task's events not yet written, and a token for the next page while
     * there are more.
     */
    HistoryPage historyPage(GetHistoryRequest request) {
        if (request == null) {
            throw EngineException.invalidArgument("A history request is required");
        }
        int pageSize = request.pageSize() == 0 ? GetHistoryRequest.DEFAULT_PAGE_SIZE : request.pageSize();
        if (pageSize < 1 || pageSize > GetHistoryRequest.MAX_PAGE_SIZE) {
            throw EngineException.invalidArgument("History page size must be between 1 and "
                    + GetHistoryRequest.MAX_PAGE_SIZE + " (0 for the default, " + GetHistoryRequest.DEFAULT_PAGE_SIZE
                    + "), got " + request.pageSize());
        }
        HistoryPageToken position = HistoryPageToken.decode(request.nextPageToken());
        String runId = request.runId() == null || request.runId().isBlank() ? null : request.runId();
        if (position != null) {
            if (runId != null && !runId.equals(position.runId())) {
                throw EngineException.invalidArgument("History page token \"" + request.nextPageToken()
                        + "\" is for run " + position.runId() + ", not run " + runId + ": pass the nextPageToken of "
                        + "the previous page of this run, or none for the first page");
            }
            runId = position.runId();
        }
        RunEntry run = lookup.findRun(request.namespace(), request.workflowId(), runId);
        long from = position == null ? 1 : position.nextEventId();
        long to = from + pageSize; // one more than the page: whether there is a next one
        List<HistoryEvent> unpersisted = transitions.locked(run, MutableState::unpersistedTaskEvents);
        List<HistoryEvent> events = new ArrayList<>(RunLookup.storeRead(run.key,
                () -> EventCodec.read(store, run.key, from, to)));
        long lastRead = events.isEmpty() ? from - 1 : events.get(events.size() - 1).eventId();
        for (HistoryEvent event : unpersisted) {
            if (event.eventId() > lastRead && event.eventId() <= to) {
                events.add(event);
            }
        }
        int kept = pageLength(events, pageSize);
        if (kept == events.size()) {
            return new HistoryPage(events, null);
        }
        return new HistoryPage(events.subList(0, kept),
                new HistoryPageToken(run.key.runId(), events.get(kept).eventId()).encode());
    }

    /**
     * How many of {@code events} go in the page: at most {@code pageSize}, and no more than
     * {@link GetHistoryRequest#MAX_PAGE_BYTES} of their proto form, but at least one.
     */
    static int pageLength(List<HistoryEvent> events, int pageSize) {
        int limit = Math.min(pageSize, events.size());
        long bytes = 0;
        for (int i = 0; i < limit; i++) {
            bytes += HistoryEventMapper.toProto(events.get(i)).getSerializedSize();
            if (bytes > GetHistoryRequest.MAX_PAGE_BYTES && i > 0) {
                return i;
            }
        }
        return limit;
    }

    /** A page of the namespace's runs that pass the request's status and query. */
    ListExecutionsResponse list(ListExecutionsRequest request) {
        if (request != null) {
            lookup.requireNamespace(request.namespace(), "pass the namespace to list");
        }
        return ExecutionListing.list(store, request);
    }

    /** How many runs of the namespace pass the query. */
    long count(String namespace, String query) {
        return ExecutionListing.count(store, namespace, query);
    }

    /** The run's outcome, waiting up to {@code wait} for it to close. */
    Optional<WorkflowOutcome> awaitOutcome(String namespace, String workflowId, String runId, Duration wait) {
        RunEntry run = lookup.findRun(namespace, workflowId, runId);
        WorkflowOutcome outcome = run.outcome();
        if (outcome == null) {
            // A run loaded from the store already closed has no outcome recorded yet.
            outcome = transitions.locked(run, state -> state.isRunning() ? null : transitions.outcome(state));
        }
        if (outcome != null) {
            return Optional.of(outcome);
        }
        try {
            return Optional.ofNullable(run.awaitOutcome(Deadlines.after(wait)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
