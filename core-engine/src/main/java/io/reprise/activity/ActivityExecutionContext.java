package io.reprise.activity;

/** The running activity's view of its execution; obtained with {@link Activity#getExecutionContext()}. */
public interface ActivityExecutionContext {

    /** Information about this activity execution and attempt. */
    ActivityInfo getInfo();
}
