package io.reprise.internal.replay;

import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.internal.failure.FailureConverter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local activities of a run that have no outcome yet. The workflow code asks for them, the
 * worker takes them once the code blocks and runs them, and each is resolved once: live by the
 * outcome the worker reports (which adds its marker command), on replay by its recorded marker
 * (nothing runs again).
 */
final class LocalActivityTracker {

    private final DataConverter converter;
    private final FailureConverter failures;
    /** By activity id, in the order the code asked for them, until resolved. */
    private final Map<String, LocalActivityStateMachine> pending = new LinkedHashMap<>();
    private int activitySeq;

    LocalActivityTracker(DataConverter converter, FailureConverter failures) {
        this.converter = converter;
        this.failures = failures;
    }

    /** The id of the next local activity the code asks for: its sequence number in the run. */
    String nextActivityId() {
        return String.valueOf(++activitySeq);
    }

    /** The code asked for a local activity; its promise resolves with the outcome. */
    PromiseImpl<Payload> add(LocalActivityRequest request) {
        LocalActivityStateMachine sm = new LocalActivityStateMachine(request);
        pending.put(request.activityId(), sm);
        return sm.result();
    }

    /** The local activities the code asked for that are not running yet: the worker runs them now, each once. */
    List<LocalActivityRequest> takeRequests() {
        List<LocalActivityRequest> requests = new ArrayList<>();
        for (LocalActivityStateMachine la : pending.values()) {
            if (la.state() == LocalActivityStateMachine.State.REQUESTED) {
                la.executing();
                requests.add(la.request());
            }
        }
        return requests;
    }

    /** Whether local activities are still waiting for an outcome. */
    boolean hasPending() {
        return !pending.isEmpty();
    }

    /**
     * The worker ran a local activity: its promise is resolved, and the marker command recording
     * the outcome is returned ({@code null} when no such local activity waits, e.g. the run was reset).
     */
    MarkerStateMachine resolve(LocalActivityOutcome outcome) {
        LocalActivityStateMachine la = pending.remove(outcome.activityId());
        return la == null ? null : new MarkerStateMachine(la.resolve(outcome, failures), outcome.activityId());
    }

    /**
     * Replay: a local activity marker resolves the local activity the code asked for with the same
     * id, which must be of the same type.
     *
     * @throws io.reprise.worker.NonDeterministicException when the code asked for no such local
     *     activity, or for one of another type
     */
    void resolveFromMarker(HistoryEvent event, EventAttributes.MarkerRecorded marker) {
        String activityId = LocalActivityStateMachine.activityIdOf(marker);
        LocalActivityStateMachine la = activityId == null ? null : pending.remove(activityId);
        if (la == null) {
            throw NonDeterminismReporter.noSuchLocalActivity(event);
        }
        List<Payload> type = marker.details().get("type");
        String recordedType = type == null ? null : converter.fromPayload(type.get(0), String.class, String.class);
        if (recordedType != null && !recordedType.equals(la.request().activityType())) {
            throw NonDeterminismReporter.otherLocalActivity(event, la.request());
        }
        la.resolveFromMarker(marker, failures);
    }
}
