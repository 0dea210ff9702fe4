package io.reprise.internal.replay;

import io.reprise.workflow.CancellationScope;
import java.util.ArrayList;
import java.util.List;

/**
 * A node of a run's scope tree. Canceling runs the cancel handlers registered by the activities
 * and timers started in it (in registration order, deterministically) and then cancels its children.
 */
final class CancellationScopeImpl implements CancellationScope {

    private final Runnable body;
    private final boolean detached;
    private final List<CancellationScopeImpl> children = new ArrayList<>(0);
    private final List<Runnable> handlers = new ArrayList<>(0);
    private boolean cancelRequested;
    private String reason;

    CancellationScopeImpl(Runnable body, boolean detached, CancellationScopeImpl parent) {
        this.body = body;
        this.detached = detached;
        if (parent != null && !detached) {
            parent.children.add(this);
            if (parent.cancelRequested) {
                cancelRequested = true;
            }
        }
    }

    /** The root scope of a run. */
    static CancellationScopeImpl root() {
        return new CancellationScopeImpl(() -> { }, true, null);
    }

    @Override
    public void run() {
        WorkflowThread thread = WorkflowThread.current();
        CancellationScopeImpl previous = thread.scope();
        thread.setScope(this);
        try {
            body.run();
        } finally {
            thread.setScope(previous);
        }
    }

    @Override
    public void cancel() {
        cancel(null);
    }

    @Override
    public void cancel(String why) {
        if (cancelRequested) {
            return;
        }
        cancelRequested = true;
        reason = why;
        for (Runnable handler : List.copyOf(handlers)) {
            handler.run();
        }
        handlers.clear();
        for (CancellationScopeImpl child : List.copyOf(children)) {
            child.cancel(why);
        }
    }

    /** Runs {@code handler} when this scope is canceled; at once if it already is. */
    void onCancel(Runnable handler) {
        if (cancelRequested) {
            handler.run();
        } else {
            handlers.add(handler);
        }
    }

    @Override
    public boolean isCancelRequested() {
        return cancelRequested;
    }

    @Override
    public boolean isDetached() {
        return detached;
    }

    String reason() {
        return reason;
    }
}
