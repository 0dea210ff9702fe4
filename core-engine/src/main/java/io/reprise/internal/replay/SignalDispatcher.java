package io.reprise.internal.replay;

import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.failure.RepriseFailure;
import java.lang.reflect.Method;

/**
 * Delivers a run's signals: each runs its {@code @SignalMethod} handler in a new workflow thread,
 * after the threads already there. A signal with no handler is dropped (with a warning, once: not
 * again on replay).
 */
final class SignalDispatcher {

    /** Under the run's name, as before the dispatcher had its own class, so logging settings keep working. */
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WorkflowRun.class);

    private final WorkflowExecution execution;
    private final WorkflowDefinition definition;
    private final WorkflowContext context;
    private final WorkflowImplementation implementation;

    SignalDispatcher(WorkflowExecution execution, WorkflowDefinition definition, WorkflowContext context,
            WorkflowImplementation implementation) {
        this.execution = execution;
        this.definition = definition;
        this.context = context;
        this.implementation = implementation;
    }

    void dispatch(EventAttributes.WorkflowExecutionSignaled signal) {
        Method handler = definition.metadata().signalMethods().get(signal.signalName());
        if (handler == null) {
            if (!context.isReplaying()) {
                log.warn("Workflow {} ({}) got signal \"{}\", which it has no handler for (its signals: {}); "
                        + "the signal is dropped", execution.workflowId(), definition.workflowType(),
                        signal.signalName(), definition.metadata().signalMethods().keySet());
            }
            return;
        }
        context.runner().newThread("signal[" + signal.signalName() + "]", () -> {
            try {
                implementation.invokeHandler(handler, signal.input());
            } catch (RepriseFailure failure) {
                implementation.failFromHandler(failure);
            }
        });
    }
}
