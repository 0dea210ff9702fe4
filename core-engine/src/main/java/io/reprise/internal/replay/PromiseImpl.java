package io.reprise.internal.replay;

import io.reprise.workflow.CompletablePromise;
import io.reprise.workflow.Functions;
import io.reprise.workflow.Promise;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The promise implementation. Not thread-safe by design: the deterministic runner guarantees
 * that only one workflow thread (or the runner itself) touches workflow state at a time.
 */
public final class PromiseImpl<V> implements CompletablePromise<V> {

    private boolean completed;
    private V value;
    private RuntimeException failure;
    private List<Consumer<PromiseImpl<V>>> callbacks;

    @Override
    public boolean isCompleted() {
        return completed;
    }

    @Override
    public V get() {
        if (!completed) {
            WorkflowThread.current().yieldUntil("Promise.get", this::isCompleted);
        }
        if (failure != null) {
            throw failure;
        }
        return value;
    }

    @Override
    public V get(Duration timeout) throws TimeoutException {
        if (!completed && !WorkflowContext.current().await(timeout, "Promise.get", this::isCompleted)) {
            throw new TimeoutException("Promise not completed within " + timeout + " of workflow time");
        }
        return get();
    }

    @Override
    public RuntimeException getFailure() {
        return failure;
    }

    @Override
    public boolean complete(V v) {
        if (completed) {
            return false;
        }
        completed = true;
        value = v;
        fireCallbacks();
        return true;
    }

    @Override
    public boolean completeExceptionally(RuntimeException e) {
        if (completed) {
            return false;
        }
        completed = true;
        failure = e == null ? new IllegalStateException("promise failed with null") : e;
        fireCallbacks();
        return true;
    }

    /** Runs {@code callback} when completed (immediately if already). */
    void whenComplete(Consumer<PromiseImpl<V>> callback) {
        if (completed) {
            callback.accept(this);
            return;
        }
        if (callbacks == null) {
            callbacks = new ArrayList<>(2);
        }
        callbacks.add(callback);
    }

    V value() {
        return value;
    }

    private void fireCallbacks() {
        if (callbacks != null) {
            List<Consumer<PromiseImpl<V>>> toRun = callbacks;
            callbacks = null;
            for (Consumer<PromiseImpl<V>> c : toRun) {
                c.accept(this);
            }
        }
    }

    @Override
    public <U> Promise<U> thenApply(Functions.Func1<? super V, ? extends U> fn) {
        return handle((v, e) -> {
            if (e != null) {
                throw e;
            }
            return fn.apply(v);
        });
    }

    @Override
    public <U> Promise<U> handle(Functions.Func2<? super V, RuntimeException, ? extends U> fn) {
        PromiseImpl<U> result = new PromiseImpl<>();
        whenComplete(p -> {
            try {
                result.complete(fn.apply(p.value, p.failure));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            } catch (Exception e) {
                result.completeExceptionally(new RuntimeException(e));
            }
        });
        return result;
    }
}
