package io.reprise.client;

/** No execution with the given Workflow Id (and Run Id) exists in the namespace. */
public final class WorkflowNotFoundException extends RuntimeException {

    public WorkflowNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
