package io.reprise.testing;

import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.WorkflowOutcome;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;

/**
 * The engine as the test client sees it: while a client waits for a workflow's outcome and
 * nothing is in progress, the clock jumps to the next timer, so sleeps, retries and timeouts
 * pass in milliseconds (while nobody waits, the clock only runs at real-time pace). Every other
 * call goes straight to the engine: this is a {@link Proxy} that intercepts only
 * {@code awaitOutcome}, so new {@link EngineService} operations need no change here.
 */
final class TimeSkippingEngineService implements InvocationHandler {

    private static final Duration STEP = Duration.ofMillis(5);

    private final EngineService delegate;
    private final TimeSkipper skipper;
    private final boolean skipping;

    private TimeSkippingEngineService(EngineService delegate, TimeSkipper skipper, boolean skipping) {
        this.delegate = delegate;
        this.skipper = skipper;
        this.skipping = skipping;
    }

    static EngineService wrap(EngineService delegate, TimeSkipper skipper, boolean skipping) {
        return (EngineService) Proxy.newProxyInstance(EngineService.class.getClassLoader(),
                new Class<?>[] {EngineService.class}, new TimeSkippingEngineService(delegate, skipper, skipping));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "toString" -> "TimeSkippingEngineService(" + delegate + ")";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            };
        }
        if (skipping && method.getName().equals("awaitOutcome")) {
            return awaitOutcome((String) args[0], (String) args[1], (String) args[2], (Duration) args[3]);
        }
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Optional<WorkflowOutcome> awaitOutcome(String namespace, String workflowId, String runId,
            Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<WorkflowOutcome> outcome = delegate.awaitOutcome(namespace, workflowId, runId, STEP);
            if (outcome.isPresent() || System.nanoTime() >= deadline) {
                return outcome;
            }
            skipper.skipIfIdle();
        }
    }
}
