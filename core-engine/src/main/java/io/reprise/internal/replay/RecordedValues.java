package io.reprise.internal.replay;

import io.reprise.common.Payload;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.internal.metadata.MethodArguments;
import io.reprise.workflow.Functions;
import io.reprise.workflow.Workflow;
import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The values of one run that replay must not compute again: side effects, mutable side effects
 * and code versions ({@code Workflow.sideEffect}, {@code mutableSideEffect}, {@code getVersion}).
 * Live, a value is computed and a marker command records it. While a workflow task is replayed,
 * the value comes from the markers that task recorded, read ahead of its code
 * ({@link TaskMarkers}); either way the call returns at once, so the run's threads interleave the
 * same way live and on replay, and the marker commands are matched against the recorded markers
 * like any command.
 */
final class RecordedValues {

    private final WorkflowContext context;
    private TaskMarkers recorded = TaskMarkers.NONE;
    private int sideEffectSeq;
    private final Map<String, Integer> mutableSideEffectCalls = new HashMap<>();
    private final Map<String, Payload> mutableSideEffectValues = new HashMap<>();
    private final Map<String, Integer> versions = new HashMap<>();

    RecordedValues(WorkflowContext context) {
        this.context = context;
    }

    /** The code is about to run for the workflow task started at {@code events.get(startedIndex)}. */
    void taskStarted(List<HistoryEvent> events, int startedIndex, boolean replaying) {
        recorded = replaying ? TaskMarkers.readAhead(events, startedIndex) : TaskMarkers.NONE;
    }

    /**
     * Live: calls {@code func} and records its value. Replaying: the recorded value; when the task
     * recorded none (the code has a side effect the execution did not), {@code func} is called as
     * live and the unmatched marker command is reported as a non-determinism error.
     */
    <R> R sideEffect(Class<R> resultClass, Type resultType, Functions.Func<R> func) {
        requireNonNull(func, "func");
        int id = ++sideEffectSeq;
        Payload value = recorded.sideEffect(id);
        if (value == null) {
            value = encode(call(func, "Workflow.sideEffect", "call " + id), "Workflow.sideEffect", "call " + id);
        }
        context.addCommand(new SideEffectStateMachine(id, value, context.callSiteIfNeeded()));
        return decode(value, resultClass, resultType);
    }

    /**
     * Live: calls {@code func}; records its value when {@code id} has none yet or
     * {@code updated.test(stored, new)} holds, and returns the latest value. Replaying: the value a
     * marker of the task recorded at this call, else the latest value ({@code func} is not called).
     */
    <R> R mutableSideEffect(String id, Class<R> resultClass, Type resultType, BiPredicate<R, R> updated,
            Functions.Func<R> func) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("Workflow.mutableSideEffect needs an id naming the value, got \""
                    + id + "\"");
        }
        requireNonNull(updated, "updated");
        requireNonNull(func, "func");
        int call = mutableSideEffectCalls.merge(id, 1, Integer::sum);
        Payload stored = mutableSideEffectValues.get(id);
        Payload value = recorded.mutableSideEffect(id, call);
        if (value == null && stored != null && context.isReplaying()) {
            // Live, this call found the value unchanged and recorded nothing.
            return decode(stored, resultClass, resultType);
        }
        if (value == null) {
            String what = "\"" + id + "\" (call " + call + ")";
            R fresh = call(func, "Workflow.mutableSideEffect", what);
            if (stored != null) {
                R old = decode(stored, resultClass, resultType);
                if (!test(updated, old, fresh, what)) {
                    return old;
                }
            }
            value = encode(fresh, "Workflow.mutableSideEffect", what);
        }
        mutableSideEffectValues.put(id, value);
        context.addCommand(new MutableSideEffectStateMachine(id, call, value, context.callSiteIfNeeded()));
        return decode(value, resultClass, resultType);
    }

    /**
     * The version of {@code changeId} this run takes: the first call records {@code maxSupported}
     * live, or reads the task's recorded marker on replay ({@link Workflow#DEFAULT_VERSION}, with no
     * command, when there is none: the execution passed this point before the change); later calls
     * return the same.
     *
     * @throws UnsupportedVersionError when that version is outside [minSupported, maxSupported]
     */
    int getVersion(String changeId, int minSupported, int maxSupported) {
        if (changeId == null || changeId.isBlank()) {
            throw new IllegalArgumentException("Workflow.getVersion needs a changeId naming the change, got \""
                    + changeId + "\"");
        }
        if (minSupported > maxSupported) {
            throw new IllegalArgumentException("Workflow.getVersion(\"" + changeId + "\", " + minSupported + ", "
                    + maxSupported + "): minSupported is greater than maxSupported");
        }
        Integer version = versions.get(changeId);
        if (version == null) {
            if (context.isReplaying()) {
                version = recorded.version(changeId);
                if (version != null) {
                    context.addCommand(new VersionStateMachine(changeId, version, context.callSiteIfNeeded()));
                } else {
                    version = Workflow.DEFAULT_VERSION;
                }
            } else {
                version = maxSupported;
                context.addCommand(new VersionStateMachine(changeId, version, context.callSiteIfNeeded()));
            }
            versions.put(changeId, version);
        }
        if (version < minSupported || version > maxSupported) {
            throw new UnsupportedVersionError("Version " + describeVersion(version) + " of change \"" + changeId
                    + "\" is not supported: this execution took it, and the workflow code supports versions "
                    + describeVersion(minSupported) + " to " + describeVersion(maxSupported) + " (Workflow.getVersion(\""
                    + changeId + "\", " + minSupported + ", " + maxSupported + ")); keep the code path for version "
                    + version + " while executions that took it are running");
        }
        return version;
    }

    private static String describeVersion(int version) {
        return version == Workflow.DEFAULT_VERSION ? version + " (DEFAULT_VERSION, from before the change)"
                : String.valueOf(version);
    }

    private static <R> R call(Functions.Func<R> func, String api, String what) {
        try {
            return func.apply();
        } catch (DestroyWorkflowThreadError e) {
            throw e;
        } catch (Exception e) {
            throw failed(api, what, "its function threw " + e, e);
        }
    }

    private static <R> boolean test(BiPredicate<R, R> updated, R stored, R fresh, String what) {
        try {
            return updated.test(stored, fresh);
        } catch (RuntimeException e) {
            throw failed("Workflow.mutableSideEffect", what, "its updated predicate threw " + e, e);
        }
    }

    private Payload encode(Object value, String api, String what) {
        try {
            Payload payload = context.converter().toPayload(value);
            context.checkPayloads(List.of(payload), "value of " + api + " " + what);
            return payload;
        } catch (RuntimeException e) {
            throw failed(api, what, "its value cannot be recorded: " + e.getMessage(), e);
        }
    }

    private static SideEffectFailedError failed(String api, String what, String problem, Throwable cause) {
        return new SideEffectFailedError(api + " " + what + " failed: " + problem + "; nothing was recorded, so "
                + "the workflow task fails and its retry calls the function again. To let the workflow handle "
                + "the failure, catch it in the function and return a value that describes it", cause);
    }

    private <R> R decode(Payload payload, Class<R> resultClass, Type resultType) {
        R value = context.converter().fromPayload(payload, resultClass, resultType);
        @SuppressWarnings("unchecked")
        R decoded = value != null ? value : (R) MethodArguments.defaultValue(resultClass);
        return decoded;
    }

    private static void requireNonNull(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
    }
}
