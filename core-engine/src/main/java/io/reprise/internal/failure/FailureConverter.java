package io.reprise.internal.failure;

import io.reprise.common.DataConverter;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.FailureKind;
import io.reprise.failure.ActivityFailure;
import io.reprise.failure.ChildWorkflowFailure;
import io.reprise.failure.ApplicationFailure;
import io.reprise.failure.CanceledFailure;
import io.reprise.failure.ServerFailure;
import io.reprise.failure.TerminatedFailure;
import io.reprise.failure.TimeoutFailure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Converts exceptions to the recorded {@link Failure} form and back, keeping the whole cause chain.
 * Any exception that is not a {@code RepriseFailure} becomes an {@code APPLICATION} failure whose
 * type is the exception's class name.
 */
public final class FailureConverter {

    private static final int MAX_DEPTH = 32;

    private final DataConverter dataConverter;

    public FailureConverter(DataConverter dataConverter) {
        this.dataConverter = dataConverter;
    }

    public Failure toFailure(Throwable t) {
        return toFailure(t, 0, new IdentityHashMap<>());
    }

    private Failure toFailure(Throwable t, int depth, Map<Throwable, Boolean> seen) {
        if (t == null || depth > MAX_DEPTH || seen.put(t, Boolean.TRUE) != null) {
            return null;
        }
        Failure cause = toFailure(t.getCause(), depth + 1, seen);
        String stack = stackTrace(t);
        return switch (t) {
            case ApplicationFailure a -> new Failure(FailureKind.APPLICATION, a.getOriginalMessage(), a.getType(),
                    a.isNonRetryable(), a.serializedDetails(dataConverter), null, null, stack, cause);
            case TimeoutFailure to -> new Failure(FailureKind.TIMEOUT, to.getOriginalMessage(), null, false,
                    to.getLastHeartbeatPayloads(), to.getTimeoutType(), null, stack, cause);
            case CanceledFailure c -> new Failure(FailureKind.CANCELED, c.getOriginalMessage(), null, false, null,
                    null, null, stack, cause);
            case TerminatedFailure term -> new Failure(FailureKind.TERMINATED, term.getOriginalMessage(), null,
                    false, null, null, null, stack, cause);
            case ServerFailure s -> new Failure(FailureKind.SERVER, s.getOriginalMessage(), null, s.isNonRetryable(),
                    null, null, null, stack, cause);
            case ActivityFailure a -> new Failure(FailureKind.ACTIVITY, a.getOriginalMessage(), null, false, null,
                    null, new Failure.ActivityInfo(a.getScheduledEventId(), a.getStartedEventId(),
                            a.getActivityType(), a.getActivityId(), a.getIdentity(), a.getRetryState()),
                    stack, cause);
            case ChildWorkflowFailure c -> new Failure(FailureKind.CHILD_WORKFLOW, c.getOriginalMessage(), null,
                    false, null, null, null, stack, cause, new Failure.ChildWorkflowInfo(c.getWorkflowId(),
                            c.getRunId(), c.getWorkflowType(), c.getInitiatedEventId(), c.getStartedEventId(),
                            c.getRetryState()));
            default -> new Failure(FailureKind.APPLICATION, t.getMessage(), t.getClass().getName(), false, null,
                    null, null, stack, cause);
        };
    }

    public RuntimeException toException(Failure f) {
        if (f == null) {
            return null;
        }
        RuntimeException cause = toException(f.cause());
        RuntimeException e = switch (f.kind()) {
            case APPLICATION -> ApplicationFailure.fromRecorded(f.message(), f.type(), f.nonRetryable(), f.details(),
                    dataConverter, cause);
            case TIMEOUT -> new TimeoutFailure(f.message(), f.timeoutType(), f.details(), dataConverter, cause);
            case CANCELED -> new CanceledFailure(f.message(), cause);
            case TERMINATED -> new TerminatedFailure(f.message(), cause);
            case SERVER -> new ServerFailure(f.message(), f.nonRetryable(), cause);
            case ACTIVITY -> {
                Failure.ActivityInfo a = f.activity();
                yield new ActivityFailure(f.message(), a.scheduledEventId(), a.startedEventId(), a.activityType(),
                        a.activityId(), a.identity(), a.retryState(), cause);
            }
            case CHILD_WORKFLOW -> {
                Failure.ChildWorkflowInfo c = f.childWorkflow();
                yield new ChildWorkflowFailure(f.message(), c.workflowId(), c.runId(), c.workflowType(),
                        c.initiatedEventId(), c.startedEventId(), c.retryState(), cause);
            }
        };
        e.setStackTrace(new StackTraceElement[0]);
        return e;
    }

    private static String stackTrace(Throwable t) {
        StackTraceElement[] elements = t.getStackTrace();
        if (elements.length == 0) {
            return "";
        }
        StringWriter out = new StringWriter();
        try (PrintWriter pw = new PrintWriter(out)) {
            for (int i = 0; i < Math.min(elements.length, 40); i++) {
                pw.print("at ");
                pw.println(elements[i]);
            }
        }
        return out.toString();
    }
}
