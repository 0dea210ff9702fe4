package io.reprise.internal.replay;

import io.reprise.activity.ActivityOptions;
import io.reprise.worker.WorkflowImplementationOptions;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Creates a workflow object outside any execution, before the workers start, to find the activity
 * stubs its construction makes whose options are incomplete (no Start-To-Close or
 * Schedule-To-Close timeout in code, in the per-type options or in the defaults). Every execution
 * would fail its first workflow task on such a stub; checked here, the application refuses to
 * start instead.
 *
 * <p>Only stub creation is checked: any other workflow API call in a constructor cannot run outside
 * an execution, and ends the probe without a verdict. Workflow constructors run on every replay,
 * so creating one more object has no effect a workflow may rely on.
 */
public final class ActivityStubProbe {

    private static final ThreadLocal<ActivityStubProbe> CURRENT = new ThreadLocal<>();

    private final WorkflowImplementationOptions options;
    private Problem problem;

    /** An activity stub whose options are incomplete: its Activity Type and what is missing. */
    public record Problem(String activityType, IllegalArgumentException error) {
    }

    private ActivityStubProbe(WorkflowImplementationOptions options) {
        this.options = options;
    }

    /**
     * Creates one object with {@code factory} and returns the problem of the first activity stub
     * its construction makes with incomplete options, or empty when there is none (or when the
     * constructor does something that cannot be checked outside an execution).
     */
    public static Optional<Problem> check(Supplier<?> factory,
            WorkflowImplementationOptions options) {
        ActivityStubProbe probe = new ActivityStubProbe(options);
        CURRENT.set(probe);
        try {
            factory.get();
        } catch (RuntimeException | StackOverflowError e) {
            // Not a verdict: the constructor needs a running execution, or failed for another reason
            // that the first workflow task will report.
        } finally {
            CURRENT.remove();
        }
        return Optional.ofNullable(probe.problem);
    }

    /** The probe of the calling thread, or {@code null} outside {@link #check}. */
    static ActivityStubProbe current() {
        return CURRENT.get();
    }

    /** Validates the options of a stub the probed constructor creates; stops the probe at the first problem. */
    void stubCreated(String activityType, ActivityOptions explicit) {
        try {
            options.resolve(activityType, explicit).validate(activityType);
        } catch (IllegalArgumentException e) {
            if (problem == null) {
                problem = new Problem(activityType, e);
            }
            throw e;
        }
    }
}
