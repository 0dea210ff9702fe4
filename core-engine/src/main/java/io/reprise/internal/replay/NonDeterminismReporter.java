package io.reprise.internal.replay;

import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.worker.NonDeterministicException;

/**
 * Words the non-determinism errors of a run: the recorded event and the command the code produced
 * in its place, side by side, and the line of workflow code that produced the command.
 *
 * <p>Finding that line costs a stack walk per command, a third of replay time and a few per cent
 * of a live workflow task's CPU (issue 14's profiles), and only these messages need it; so a run
 * records none, replaying or not, and on a mismatch the run replays the same history once more
 * with a reporter that records call sites, to name the line. A mismatch found by a cached run (it
 * has no full history to replay) is reported without the line; the worker then drops the run, and
 * the task's next attempt replays the full history and names it.
 */
final class NonDeterminismReporter {

    private final boolean callSitesInReplay;

    NonDeterminismReporter(boolean callSitesInReplay) {
        this.callSitesInReplay = callSitesInReplay;
    }

    /** Whether commands made while replaying record their call site (the second, naming replay). */
    boolean callSitesInReplay() {
        return callSitesInReplay;
    }

    /** Where workflow code is producing a command now, or {@code null} unless this is the naming replay. */
    String callSiteIfNeeded() {
        return callSitesInReplay ? callSite() : null;
    }

    /** The first stack frame outside Reprise and the JDK: where workflow code produced a command. */
    private static String callSite() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().startsWith("io.reprise.internal.")
                        && !f.getClassName().startsWith("io.reprise.workflow.")
                        && !f.getClassName().startsWith("java.")
                        && !f.getClassName().startsWith("jdk.")
                        && !f.getClassName().startsWith("jdk.proxy")
                        && !f.getClassName().startsWith("com.sun.proxy"))
                .findFirst()
                .map(f -> f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber()
                        + ")")
                .orElse(null));
    }

    /** The event with its number, type and identifying attributes. */
    static String describe(HistoryEvent event) {
        String detail = switch (event.attributes()) {
            case EventAttributes.ActivityTaskScheduled s -> "(activityType=\"" + s.activityType() + "\", activityId=\""
                    + s.activityId() + "\")";
            case EventAttributes.TimerStarted s -> "(timerId=\"" + s.timerId() + "\", duration="
                    + s.startToFireTimeout() + ")";
            case EventAttributes.TimerFired f -> "(timerId=\"" + f.timerId() + "\")";
            case EventAttributes.TimerCanceled c -> "(timerId=\"" + c.timerId() + "\")";
            case EventAttributes.ActivityTaskCancelRequested r -> "(scheduledEventId=" + r.scheduledEventId() + ")";
            case EventAttributes.StartChildWorkflowExecutionInitiated i -> "(workflowType=\"" + i.workflowType()
                    + "\", workflowId=\"" + i.workflowId() + "\")";
            case EventAttributes.MarkerRecorded m -> TaskMarkers.describe(m) != null ? TaskMarkers.describe(m)
                    : "(markerName=\"" + m.markerName() + "\", activityId=\""
                    + LocalActivityStateMachine.activityIdOf(m) + "\")";
            default -> "";
        };
        return "event #" + event.eventId() + " " + event.eventType() + detail;
    }

    /** History recorded a command event where the code produced no command at all. */
    static NonDeterministicException noCommandFor(HistoryEvent event) {
        return new NonDeterministicException("History has " + describe(event)
                + " but the workflow code produced no command for it; the code no longer does what the "
                + "recorded execution did. Use a new Workflow Type or keep the old code path for running executions");
    }

    /** History recorded {@code event} where the code produced {@code produced}. */
    static NonDeterministicException mismatch(HistoryEvent event, CommandStateMachine produced) {
        return new NonDeterministicException("History has " + describe(event) + " where the workflow code produced "
                + produced.describe() + "\n  expected (history): " + describe(event)
                + "\n  actual   (code):    " + produced.describeCommand());
    }

    /** The code produced {@code command} in an earlier workflow task, but that task recorded no such event. */
    static NonDeterministicException notRecordedBefore(CommandStateMachine command, HistoryEvent workflowTaskStarted) {
        return new NonDeterministicException("The workflow code produced " + command.describe()
                + " but history has no matching event before " + describe(workflowTaskStarted));
    }

    /** A closed history ends, and the code still produced {@code command}. */
    static NonDeterministicException notInHistory(CommandStateMachine command, long events) {
        return new NonDeterministicException("The workflow code produced " + command.describe()
                + " but the history (" + events + " events) has no such event");
    }

    static NonDeterministicException noSuchActivity(HistoryEvent event, long scheduledEventId) {
        return new NonDeterministicException("History has " + describe(event) + " for scheduled event "
                + scheduledEventId + " but the workflow code scheduled no such activity");
    }

    static NonDeterministicException noSuchTimer(HistoryEvent event, String timerId) {
        return new NonDeterministicException("History has " + describe(event) + " for timer \"" + timerId
                + "\" but the workflow code started no such timer");
    }

    static NonDeterministicException noSuchChild(HistoryEvent event, long initiatedEventId) {
        return new NonDeterministicException("History has " + describe(event) + " for initiated event "
                + initiatedEventId + " but the workflow code started no such child workflow");
    }

    static NonDeterministicException noSuchExternal(HistoryEvent event, long initiatedEventId) {
        return new NonDeterministicException("History has " + describe(event) + " for initiated event "
                + initiatedEventId + " but the workflow code signalled or canceled no such execution");
    }

    static NonDeterministicException noSuchLocalActivity(HistoryEvent event) {
        return new NonDeterministicException("History has " + describe(event)
                + " but the workflow code asked for no local activity with this id at this point");
    }

    static NonDeterministicException otherLocalActivity(HistoryEvent event, LocalActivityRequest asked) {
        return new NonDeterministicException("History has " + describe(event) + " where the workflow code "
                + "asked for local activity \"" + asked.activityType() + "\" (activityId \""
                + asked.activityId() + "\")");
    }
}
