package io.reprise.internal.replay;

import io.reprise.activity.ActivityOptions;
import io.reprise.activity.LocalActivityOptions;
import io.reprise.workflow.CancellationScope;
import java.util.List;
import io.reprise.common.Payload;
import io.reprise.internal.metadata.ActivityInterfaceMetadata;
import io.reprise.internal.metadata.ActivityMethodMetadata;
import io.reprise.internal.metadata.MethodArguments;
import io.reprise.workflow.CompletablePromise;
import io.reprise.workflow.Functions;
import io.reprise.workflow.Promise;
import io.reprise.workflow.WorkflowInfo;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The implementation behind the static {@code Workflow} and {@code Async} APIs. */
public final class WorkflowInternal {

    private WorkflowInternal() {
    }

    @SuppressWarnings("unchecked")
    public static <T> T newActivityStub(Class<T> activityInterface, ActivityOptions options) {
        ActivityStubProbe probe = ActivityStubProbe.current();
        ActivityInterfaceMetadata metadata = ActivityInterfaceMetadata.forInterface(activityInterface);
        if (probe != null) {
            metadata.methods().forEach(m -> probe.stubCreated(m.activityType(), options));
        } else {
            WorkflowContext context = WorkflowContext.current();
            for (ActivityMethodMetadata m : metadata.methods()) {
                context.activityOptions(m.activityType(), options).validate(m.activityType());
            }
        }
        return (T) Proxy.newProxyInstance(activityInterface.getClassLoader(), new Class<?>[] {activityInterface},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "toString" -> "ActivityStub<" + activityInterface.getSimpleName() + ">";
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> throw new UnsupportedOperationException(method.getName());
                        };
                    }
                    ActivityMethodMetadata m = metadata.method(method);
                    return executeActivity(m.activityType(), options, args == null ? new Object[0] : args,
                            m.returnClass(), m.returnType());
                });
    }

    @SuppressWarnings("unchecked")
    public static <T> T newLocalActivityStub(Class<T> activityInterface, LocalActivityOptions options) {
        WorkflowContext.current();
        if (options == null) {
            throw new IllegalArgumentException("LocalActivityOptions are required for a local activity stub; set "
                    + "e.g. LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(5))");
        }
        ActivityInterfaceMetadata metadata = ActivityInterfaceMetadata.forInterface(activityInterface);
        for (ActivityMethodMetadata m : metadata.methods()) {
            options.validate(m.activityType());
        }
        return (T) Proxy.newProxyInstance(activityInterface.getClassLoader(), new Class<?>[] {activityInterface},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "toString" -> "LocalActivityStub<" + activityInterface.getSimpleName() + ">";
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> throw new UnsupportedOperationException(method.getName());
                        };
                    }
                    ActivityMethodMetadata m = metadata.method(method);
                    return executeLocalActivity(m.activityType(), options, args == null ? new Object[0] : args,
                            m.returnClass(), m.returnType());
                });
    }

    /**
     * Runs a local activity and waits for its result. A retry backoff longer than the local retry
     * threshold is waited here with a durable timer, then the next attempt is asked for.
     */
    public static <R> R executeLocalActivity(String activityType, LocalActivityOptions options, Object[] args,
            Class<R> resultClass, Type resultType) {
        WorkflowContext context = WorkflowContext.current();
        List<Payload> input = context.converter().toPayloads(args);
        context.checkPayloads(input, "argument of local activity \"" + activityType + "\"");
        long scheduledTime = context.currentTimeMillis();
        int attempt = 1;
        while (true) {
            Promise<Payload> result = context.scheduleLocalActivity(activityType, options, input, attempt,
                    scheduledTime);
            Payload payload;
            try {
                payload = result.get();
            } catch (LocalActivityStateMachine.LocalActivityBackoff backoff) {
                sleep(backoff.backoff);
                attempt = backoff.nextAttempt;
                continue;
            }
            if (resultClass == void.class || resultClass == Void.class) {
                return null;
            }
            R value = context.converter().fromPayload(payload, resultClass, resultType);
            @SuppressWarnings("unchecked")
            R decoded = value != null ? value : (R) MethodArguments.defaultValue(resultClass);
            return decoded;
        }
    }

    public static CancellationScope newCancellationScope(Runnable body, boolean detached) {
        WorkflowContext context = WorkflowContext.current();
        return new CancellationScopeImpl(body, detached, context.currentScope());
    }

    public static CancellationScope currentCancellationScope() {
        return WorkflowContext.current().currentScope();
    }

    public static <R> R executeActivity(String activityType, ActivityOptions options, Object[] args,
            Class<R> resultClass, Type resultType) {
        return executeActivityAsync(activityType, options, args, resultClass, resultType).get();
    }

    public static <R> Promise<R> executeActivityAsync(String activityType, ActivityOptions options, Object[] args,
            Class<R> resultClass, Type resultType) {
        WorkflowContext context = WorkflowContext.current();
        Promise<Payload> result = context.scheduleActivity(activityType, options, args);
        if (resultClass == void.class || resultClass == Void.class) {
            return result.thenApply(p -> null);
        }
        return result.thenApply(p -> {
            R value = context.converter().fromPayload(p, resultClass, resultType);
            @SuppressWarnings("unchecked")
            R decoded = value != null ? value : (R) MethodArguments.defaultValue(resultClass);
            return decoded;
        });
    }

    public static void sleep(Duration duration) {
        newTimer(duration).get();
    }

    public static Promise<Void> newTimer(Duration duration) {
        return WorkflowContext.current().newTimer(duration);
    }

    public static long currentTimeMillis() {
        return WorkflowContext.current().currentTimeMillis();
    }

    public static void await(BooleanSupplier condition) {
        WorkflowContext.current().await("Workflow.await", condition);
    }

    public static boolean await(Duration timeout, BooleanSupplier condition) {
        return WorkflowContext.current().await(timeout, "Workflow.await", condition);
    }

    public static boolean isReplaying() {
        return WorkflowContext.current().isReplaying();
    }

    public static void continueAsNew(io.reprise.workflow.ContinueAsNewOptions options, Object[] args) {
        WorkflowContext.current().continueAsNew(options, args);
    }

    public static <T> T newChildWorkflowStub(Class<T> workflowInterface, io.reprise.workflow.ChildWorkflowOptions options) {
        WorkflowContext.current();
        return WorkflowStubs.child(workflowInterface, options);
    }

    public static io.reprise.workflow.ChildWorkflowStub newUntypedChildWorkflowStub(String workflowType,
            io.reprise.workflow.ChildWorkflowOptions options) {
        WorkflowContext.current();
        if (workflowType == null || workflowType.isBlank()) {
            throw new IllegalArgumentException("A child workflow stub needs the workflow type to start");
        }
        return new ChildWorkflowStubImpl(workflowType, options);
    }

    public static Promise<io.reprise.common.WorkflowExecution> getWorkflowExecution(Object childStub) {
        return WorkflowStubs.executionOf(childStub);
    }

    public static <T> T newExternalWorkflowStub(Class<T> workflowInterface, String workflowId, String runId) {
        WorkflowContext.current();
        return WorkflowStubs.external(workflowInterface, workflowId, runId);
    }

    public static io.reprise.workflow.ExternalWorkflowStub newUntypedExternalWorkflowStub(String workflowId,
            String runId) {
        WorkflowContext.current();
        return new ExternalWorkflowStubImpl(workflowId, runId);
    }

    public static WorkflowInfo getInfo() {
        return WorkflowContext.current().info();
    }

    public static UUID randomUUID() {
        Random random = WorkflowContext.current().random();
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (bytes[i] & 0xff);
            lsb = (lsb << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    public static Random newRandom() {
        return new Random(WorkflowContext.current().random().nextLong());
    }

    public static Logger getLogger(Class<?> type) {
        return ReplayAwareLogger.wrap(LoggerFactory.getLogger(type), WorkflowInternal::replayingForLogger);
    }

    public static Logger getLogger(String name) {
        return ReplayAwareLogger.wrap(LoggerFactory.getLogger(name), WorkflowInternal::replayingForLogger);
    }

    private static boolean replayingForLogger() {
        WorkflowThread t = WorkflowThread.currentOrNull();
        return t != null && t.runner().context.isReplaying() && !t.runner().context.logInReplay();
    }

    public static <V> CompletablePromise<V> newPromise() {
        return new PromiseImpl<>();
    }

    /** Runs {@code fn} on a new workflow thread; the promise holds its result or failure. */
    public static <R> Promise<R> async(Functions.Func<R> fn) {
        WorkflowContext context = WorkflowContext.current();
        PromiseImpl<R> result = new PromiseImpl<>();
        context.newThread(() -> {
            try {
                result.complete(fn.apply());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            } catch (Exception e) {
                result.completeExceptionally(new RuntimeException(e));
            }
        });
        return result;
    }

    public static <R> R sideEffect(Class<R> resultClass, Type resultType, Functions.Func<R> func) {
        return WorkflowContext.current().recordedValues().sideEffect(resultClass, resultType, func);
    }

    public static <R> R mutableSideEffect(String id, Class<R> resultClass, Type resultType,
            java.util.function.BiPredicate<R, R> updated, Functions.Func<R> func) {
        return WorkflowContext.current().recordedValues().mutableSideEffect(id, resultClass, resultType, updated, func);
    }

    public static int getVersion(String changeId, int minSupported, int maxSupported) {
        return WorkflowContext.current().recordedValues().getVersion(changeId, minSupported, maxSupported);
    }
}
