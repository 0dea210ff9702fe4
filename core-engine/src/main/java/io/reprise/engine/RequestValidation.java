package io.reprise.engine;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.cron.CronSchedule;
import io.reprise.engine.history.Checks;
import io.reprise.engine.history.VisibilityChecks;
import java.time.Duration;

/** Checks of request arguments; each failure is {@code INVALID_ARGUMENT} naming the value and the fix. */
final class RequestValidation {

    private RequestValidation() {
    }

    /**
     * Checks a start request.
     *
     * @return the effective workflow task timeout (the request's, or the engine default)
     */
    static Duration validateStart(StartWorkflowRequest request, EngineOptions options) {
        if (request == null) {
            throw EngineException.invalidArgument("The start request is required");
        }
        requireName(request.namespace(), "Namespace", "set the client's namespace");
        requireName(request.workflowId(), "Workflow id", "set WorkflowOptions.workflowId");
        requireName(request.workflowType(), "Workflow type", "name the workflow type to start");
        requireName(request.taskQueue(), "Task queue", "set WorkflowOptions.taskQueue");
        check(Checks.optionalName(request.requestId(), "Request id"));
        check(Checks.optionalTimeout(request.executionTimeout(), "WorkflowOptions.workflowExecutionTimeout"));
        check(Checks.optionalTimeout(request.runTimeout(), "WorkflowOptions.workflowRunTimeout"));
        check(Checks.optionalTimeout(request.taskTimeout(), "WorkflowOptions.workflowTaskTimeout"));
        if (request.taskTimeout() != null
                && request.taskTimeout().compareTo(EngineOptions.MAX_WORKFLOW_TASK_TIMEOUT) > 0) {
            throw EngineException.invalidArgument("WorkflowOptions.workflowTaskTimeout must be at most "
                    + EngineOptions.MAX_WORKFLOW_TASK_TIMEOUT.toSeconds() + " s, got " + request.taskTimeout());
        }
        check(Checks.payloads(request.input(), "input", options.getMaxPayloadSize()));
        check(Checks.header(request.header(), "header", options.getMaxPayloadSize()));
        if (request.retryPolicy() != null) {
            check(Checks.retryPolicy(request.retryPolicy(), "WorkflowOptions.retryOptions"));
        }
        if (request.cronSchedule() != null) {
            try {
                CronSchedule.parse(request.cronSchedule());
            } catch (IllegalArgumentException e) {
                throw EngineException.invalidArgument(e.getMessage() + " (WorkflowOptions.cronSchedule)");
            }
        }
        check(VisibilityChecks.memo(request.memo(), "WorkflowOptions.memo", options.getMaxPayloadSize()));
        check(VisibilityChecks.searchAttributes(request.searchAttributes(), "WorkflowOptions.typedSearchAttributes"));
        return request.taskTimeout() != null ? request.taskTimeout() : options.getDefaultWorkflowTaskTimeout();
    }

    static void requireName(String value, String what, String fix) {
        check(Checks.requiredName(value, what, fix));
    }

    /** Throws {@code INVALID_ARGUMENT} with {@code problem} as a sentence, unless it is {@code null}. */
    static void check(String problem) {
        if (problem != null) {
            throw EngineException.invalidArgument(Checks.sentence(problem));
        }
    }
}
