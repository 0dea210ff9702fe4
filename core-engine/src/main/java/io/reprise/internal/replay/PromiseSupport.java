package io.reprise.internal.replay;

import io.reprise.workflow.Promise;
import java.util.Collection;

/** Implements the static combinators of {@link Promise}. */
public final class PromiseSupport {

    private PromiseSupport() {
    }

    public static Promise<Void> allOf(Collection<? extends Promise<?>> promises) {
        PromiseImpl<Void> all = new PromiseImpl<>();
        int[] remaining = {promises.size()};
        if (remaining[0] == 0) {
            all.complete(null);
            return all;
        }
        for (Promise<?> p : promises) {
            asImpl(p).whenComplete(done -> {
                if (done.getFailure() != null) {
                    all.completeExceptionally(done.getFailure());
                } else if (--remaining[0] == 0) {
                    all.complete(null);
                }
            });
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    public static <V> Promise<V> anyOf(Collection<? extends Promise<? extends V>> promises) {
        if (promises.isEmpty()) {
            throw new IllegalArgumentException("Promise.anyOf needs at least one promise");
        }
        PromiseImpl<V> any = new PromiseImpl<>();
        for (Promise<? extends V> p : promises) {
            PromiseImpl<V> impl = (PromiseImpl<V>) asImpl(p);
            impl.whenComplete(done -> {
                if (done.getFailure() != null) {
                    any.completeExceptionally(done.getFailure());
                } else {
                    any.complete(done.value());
                }
            });
        }
        return any;
    }

    private static PromiseImpl<?> asImpl(Promise<?> p) {
        if (p instanceof PromiseImpl<?> impl) {
            return impl;
        }
        throw new IllegalArgumentException("Only promises created by Reprise workflow APIs can be combined, got "
                + p.getClass().getName());
    }
}
