package io.reprise.workflow;

import java.io.Serializable;

/** Functional interfaces that may throw, used by {@link Async} and the client's start methods. */
public final class Functions {

    private Functions() {
    }

    @FunctionalInterface
    public interface Func<R> extends Serializable {
        R apply() throws Exception;
    }

    @FunctionalInterface
    public interface Func1<A, R> extends Serializable {
        R apply(A a) throws Exception;
    }

    @FunctionalInterface
    public interface Func2<A, B, R> extends Serializable {
        R apply(A a, B b) throws Exception;
    }

    @FunctionalInterface
    public interface Func3<A, B, C, R> extends Serializable {
        R apply(A a, B b, C c) throws Exception;
    }

    @FunctionalInterface
    public interface Proc extends Serializable {
        void apply() throws Exception;
    }

    @FunctionalInterface
    public interface Proc1<A> extends Serializable {
        void apply(A a) throws Exception;
    }

    @FunctionalInterface
    public interface Proc2<A, B> extends Serializable {
        void apply(A a, B b) throws Exception;
    }

    @FunctionalInterface
    public interface Proc3<A, B, C> extends Serializable {
        void apply(A a, B b, C c) throws Exception;
    }
}
