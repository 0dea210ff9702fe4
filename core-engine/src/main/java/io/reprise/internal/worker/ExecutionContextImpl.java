package io.reprise.internal.worker;

import io.reprise.activity.ActivityExecutionContext;
import io.reprise.activity.ActivityInfo;

/** The context handed to a running activity. */
final class ExecutionContextImpl implements ActivityExecutionContext {

    private final ActivityInfo info;

    ExecutionContextImpl(ActivityInfo info) {
        this.info = info;
    }

    @Override
    public ActivityInfo getInfo() {
        return info;
    }
}
