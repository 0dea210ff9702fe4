package io.reprise.workflow;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects compensations while a workflow makes progress and runs them, newest first, when a
 * later step fails. Use it only inside workflow code: compensations usually call activities.
 *
 * <pre>{@code
 * Saga saga = new Saga(Saga.Options.newBuilder().build());
 * try {
 *     String charge = payments.charge(order);
 *     saga.addCompensation(payments::refund, charge);
 *     inventory.reserve(order);
 *     saga.addCompensation(inventory::release, order.id());
 *     shipping.ship(order);
 * } catch (ActivityFailure e) {
 *     saga.compensate();
 *     throw e;
 * }
 * }</pre>
 */
public final class Saga {

    private final Options options;
    private final List<Functions.Proc> compensations = new ArrayList<>();

    public Saga(Options options) {
        this.options = options;
    }

    /** Registers a compensation. */
    public void addCompensation(Functions.Proc compensation) {
        compensations.add(compensation);
    }

    public <A> void addCompensation(Functions.Proc1<A> compensation, A a) {
        compensations.add(() -> compensation.apply(a));
    }

    public <A, B> void addCompensation(Functions.Proc2<A, B> compensation, A a, B b) {
        compensations.add(() -> compensation.apply(a, b));
    }

    /** Registers a compensation that returns a value (the value is ignored). */
    public <A, R> void addCompensation(Functions.Func1<A, R> compensation, A a) {
        compensations.add(() -> compensation.apply(a));
    }

    /**
     * Runs the compensations registered so far: in reverse order one after another, or all at
     * once when {@link Options#isParallelCompensation()}. With {@link Options#isContinueWithError()}
     * every compensation runs even if some fail; the first failure is then thrown at the end with
     * the others attached as suppressed. Without it, the first failure stops compensation.
     *
     * @throws CompensationException wrapping the failure of a compensation
     */
    public void compensate() {
        List<Functions.Proc> toRun = new ArrayList<>(compensations);
        compensations.clear();
        if (options.isParallelCompensation()) {
            compensateInParallel(toRun);
        } else {
            compensateInSequence(toRun);
        }
    }

    private void compensateInSequence(List<Functions.Proc> toRun) {
        CompensationException failure = null;
        for (int i = toRun.size() - 1; i >= 0; i--) {
            try {
                toRun.get(i).apply();
            } catch (Exception e) {
                if (!options.isContinueWithError()) {
                    throw new CompensationException(e);
                }
                failure = collect(failure, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void compensateInParallel(List<Functions.Proc> toRun) {
        List<Promise<Void>> running = new ArrayList<>();
        for (int i = toRun.size() - 1; i >= 0; i--) {
            running.add(Async.procedure(toRun.get(i)));
        }
        CompensationException failure = null;
        for (Promise<Void> p : running) {
            try {
                p.get();
            } catch (RuntimeException e) {
                if (!options.isContinueWithError()) {
                    // The others keep running as workflow threads; wait for them before reporting.
                    for (Promise<Void> other : running) {
                        Workflow.await(other::isCompleted);
                    }
                    throw new CompensationException(e);
                }
                failure = collect(failure, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static CompensationException collect(CompensationException failure, Exception e) {
        if (failure == null) {
            return new CompensationException(e);
        }
        failure.addSuppressed(e);
        return failure;
    }

    /** A compensation failed; the cause is its failure, further failures are suppressed exceptions. */
    public static final class CompensationException extends RuntimeException {
        CompensationException(Throwable cause) {
            super("Compensation failed: " + cause.getMessage(), cause);
        }
    }

    /** How compensations run. Defaults: in sequence, stopping at the first failure. */
    public static final class Options {
        private final boolean parallelCompensation;
        private final boolean continueWithError;

        private Options(Builder b) {
            this.parallelCompensation = b.parallelCompensation;
            this.continueWithError = b.continueWithError;
        }

        public static Builder newBuilder() {
            return new Builder();
        }

        public boolean isParallelCompensation() {
            return parallelCompensation;
        }

        public boolean isContinueWithError() {
            return continueWithError;
        }

        /** Builder with the defaults: sequential, stop at the first failure. */
        public static final class Builder {
            private boolean parallelCompensation;
            private boolean continueWithError;

            private Builder() {
            }

            /** Run all compensations at once instead of newest first. Default false. */
            public Builder setParallelCompensation(boolean parallel) {
                this.parallelCompensation = parallel;
                return this;
            }

            /** Keep compensating when one fails. Default false. */
            public Builder setContinueWithError(boolean continueWithError) {
                this.continueWithError = continueWithError;
                return this;
            }

            public Options build() {
                return new Options(this);
            }
        }
    }
}
