package io.reprise.engine.api;

/** Which failure class a {@link Failure} stands for. */
public enum FailureKind {
    APPLICATION,
    TIMEOUT,
    CANCELED,
    TERMINATED,
    SERVER,
    ACTIVITY,
    CHILD_WORKFLOW
}
