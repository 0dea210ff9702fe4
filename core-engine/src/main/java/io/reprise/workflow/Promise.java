package io.reprise.workflow;

import io.reprise.internal.replay.PromiseSupport;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeoutException;

/**
 * The result of an asynchronous operation inside workflow code (an activity, a timer, a function
 * run with {@link Async}). Waiting on a promise blocks only the calling workflow thread, and
 * deterministically. Use it only inside workflow code.
 */
public interface Promise<V> {

    /** Whether the value or the failure is known. */
    boolean isCompleted();

    /**
     * Waits for the value.
     *
     * @throws RuntimeException the failure the promise completed with (for example an {@code ActivityFailure})
     */
    V get();

    /**
     * Waits at most {@code timeout} of workflow time (a durable timer) for the value.
     *
     * @throws TimeoutException when the timeout passes first
     */
    V get(Duration timeout) throws TimeoutException;

    /** The failure, or {@code null} if the promise completed with a value or is not complete. Does not block. */
    RuntimeException getFailure();

    /** A promise of {@code fn} applied to this value; a failure passes through unchanged. */
    <U> Promise<U> thenApply(Functions.Func1<? super V, ? extends U> fn);

    /** A promise of {@code fn} applied to this value or failure (exactly one of them is non-null). */
    <U> Promise<U> handle(Functions.Func2<? super V, RuntimeException, ? extends U> fn);

    /** A promise completed when every one of {@code promises} is; it fails with the first failure seen. */
    static Promise<Void> allOf(Collection<? extends Promise<?>> promises) {
        return PromiseSupport.allOf(promises);
    }

    /** See {@link #allOf(Collection)}. */
    static Promise<Void> allOf(Promise<?>... promises) {
        return PromiseSupport.allOf(java.util.List.of(promises));
    }

    /** A promise completed with the value or failure of the first of {@code promises} to complete. */
    static <V> Promise<V> anyOf(Collection<? extends Promise<? extends V>> promises) {
        return PromiseSupport.anyOf(promises);
    }

    /** See {@link #anyOf(Collection)}. */
    @SafeVarargs
    static <V> Promise<V> anyOf(Promise<? extends V>... promises) {
        return PromiseSupport.anyOf(java.util.List.of(promises));
    }
}
