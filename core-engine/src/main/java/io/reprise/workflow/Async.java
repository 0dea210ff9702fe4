package io.reprise.workflow;

import io.reprise.internal.replay.WorkflowInternal;

/**
 * Runs workflow code concurrently, deterministically: each call starts a new workflow thread and
 * returns a {@link Promise} of its result. Pass a method reference to an activity stub to run
 * activities in parallel: {@code Async.function(activities::charge, card)}.
 */
public final class Async {

    private Async() {
    }

    public static <R> Promise<R> function(Functions.Func<R> fn) {
        return WorkflowInternal.async(fn);
    }

    public static <A, R> Promise<R> function(Functions.Func1<A, R> fn, A a) {
        return WorkflowInternal.async(() -> fn.apply(a));
    }

    public static <A, B, R> Promise<R> function(Functions.Func2<A, B, R> fn, A a, B b) {
        return WorkflowInternal.async(() -> fn.apply(a, b));
    }

    public static <A, B, C, R> Promise<R> function(Functions.Func3<A, B, C, R> fn, A a, B b, C c) {
        return WorkflowInternal.async(() -> fn.apply(a, b, c));
    }

    public static Promise<Void> procedure(Functions.Proc proc) {
        return WorkflowInternal.async(() -> {
            proc.apply();
            return null;
        });
    }

    public static <A> Promise<Void> procedure(Functions.Proc1<A> proc, A a) {
        return procedure(() -> proc.apply(a));
    }

    public static <A, B> Promise<Void> procedure(Functions.Proc2<A, B> proc, A a, B b) {
        return procedure(() -> proc.apply(a, b));
    }

    public static <A, B, C> Promise<Void> procedure(Functions.Proc3<A, B, C> proc, A a, B b, C c) {
        return procedure(() -> proc.apply(a, b, c));
    }
}
