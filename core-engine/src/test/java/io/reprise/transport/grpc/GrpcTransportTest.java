package io.reprise.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.common.Payload;
import io.reprise.engine.Engine;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.NamespaceConfig;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.TaskHandBack;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.proto.v1.AwaitOutcomeResponse;
import io.reprise.engine.proto.v1.EngineServiceGrpc;
import io.reprise.engine.proto.v1.PollActivityTaskResponse;
import io.reprise.engine.proto.v1.PollWorkflowTaskResponse;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.worker.WorkerFactory;
import io.reprise.workflow.SignalMethod;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gRPC transport over a real engine on a loopback socket: long polls and their deadlines, interrupts and
 * cancelled calls, errors and their codes, payload limits, and a server that stops and comes back.
 */
class GrpcTransportTest {

    static final String NS = "default";
    static final String QUEUE = "remote";
    /** For waits that must end with something; only a failing test waits this long. */
    static final long PATIENCE_SECONDS = 60;

    Engine engine;
    GrpcEngineServer server;
    GrpcEngineService client;

    @BeforeEach
    void serve() {
        engine = Engine.builder().store(JdbcExecutionStore.sqliteInMemory()).build();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        engine.close();
    }

    /** Serves {@code service} (the engine, or a wrapper of it) and connects the client. */
    void connect(EngineService service) {
        server = GrpcEngineServer.newBuilder(service).port(0).build().start();
        client = GrpcEngineService.newBuilder().target("127.0.0.1:" + server.port()).build();
    }

    // ------------------------------------------------------------ long polls

    @Test
    void pollsWithNoTaskEndEmptyAtTheirWait() {
        connect(engine);

        assertThat(client.pollWorkflowTask(NS, QUEUE, "worker-1", Duration.ofMillis(200))).isEmpty();
        assertThat(client.pollActivityTask(NS, QUEUE, "worker-1", Duration.ofMillis(200))).isEmpty();
        engine.startWorkflow(start("running"));
        assertThat(client.awaitOutcome(NS, "running", null, Duration.ofMillis(200))).isEmpty();
    }

    @Test
    void aPollWhoseDeadlineComesBeforeItsWaitEndsEmptyInsteadOfDeadlineExceeded() {
        connect(engine);
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        try {
            EngineServiceGrpc.EngineServiceBlockingStub stub = EngineServiceGrpc.newBlockingStub(channel);
            com.google.protobuf.Duration thirtySeconds = com.google.protobuf.Duration.newBuilder().setSeconds(30).build();

            PollWorkflowTaskResponse workflowTask = stub.withDeadlineAfter(1500, TimeUnit.MILLISECONDS)
                    .pollWorkflowTask(io.reprise.engine.proto.v1.PollWorkflowTaskRequest.newBuilder().setNamespace(NS)
                            .setTaskQueue(QUEUE).setIdentity("raw").setWait(thirtySeconds).build());
            PollActivityTaskResponse activityTask = stub.withDeadlineAfter(1500, TimeUnit.MILLISECONDS)
                    .pollActivityTask(io.reprise.engine.proto.v1.PollActivityTaskRequest.newBuilder().setNamespace(NS)
                            .setTaskQueue(QUEUE).setIdentity("raw").setWait(thirtySeconds).build());
            engine.startWorkflow(start("waited"));
            AwaitOutcomeResponse outcome = stub.withDeadlineAfter(1500, TimeUnit.MILLISECONDS)
                    .awaitOutcome(io.reprise.engine.proto.v1.AwaitOutcomeRequest.newBuilder().setNamespace(NS)
                            .setWorkflowId("waited").setWait(thirtySeconds).build());

            assertThat(workflowTask.hasTask()).isFalse();
            assertThat(activityTask.hasTask()).isFalse();
            assertThat(outcome.hasOutcome()).isFalse();
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void anInterruptedPollReturnsEmptyWithItsFlagAndTheServerStopsWaiting() throws Exception {
        CountDownLatch polling = new CountDownLatch(1);
        CompletableFuture<Boolean> serverSideInterrupted = new CompletableFuture<>();
        connect(wrap(engine, (method, args, call) -> {
            if (!method.getName().equals("pollWorkflowTask")) {
                return call.proceed();
            }
            polling.countDown();
            Object result = call.proceed();
            serverSideInterrupted.complete(Thread.currentThread().isInterrupted()
                    && ((Optional<?>) result).isEmpty());
            return result;
        }));
        AtomicReference<Optional<WorkflowTask>> polled = new AtomicReference<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        Thread worker = Thread.ofVirtual().start(() -> {
            polled.set(client.pollWorkflowTask(NS, QUEUE, "worker-1", Duration.ofSeconds(50)));
            flagKept.set(Thread.currentThread().isInterrupted());
        });

        assertThat(polling.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
        worker.interrupt();
        worker.join();

        assertThat(polled.get()).isEmpty();
        assertThat(flagKept).isTrue();
        assertThat(serverSideInterrupted.get(PATIENCE_SECONDS, TimeUnit.SECONDS))
                .as("the engine's poll ended empty on an interrupted handler thread").isTrue();
    }

    @Test
    void aTaskStartedForAPollWhoseCallWasCancelledGoesBackToItsQueue() throws Exception {
        engine.startWorkflow(start("handed-back"));
        CountDownLatch taken = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        connect(wrap(engine, (method, args, call) -> {
            Object result = call.proceed();
            if (method.getName().equals("pollWorkflowTask") && first.getAndSet(false)) {
                // The engine handed the task out; the caller goes away before the answer is sent.
                taken.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException cancelled) {
                    Thread.currentThread().interrupt();
                }
            }
            return result;
        }));
        AtomicReference<Optional<WorkflowTask>> polled = new AtomicReference<>();
        Thread worker = Thread.ofVirtual().start(() ->
                polled.set(client.pollWorkflowTask(NS, QUEUE, "worker-1", Duration.ofSeconds(5))));

        assertThat(taken.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
        worker.interrupt();
        worker.join();
        assertThat(polled.get()).isEmpty();

        Optional<WorkflowTask> again = client.pollWorkflowTask(NS, QUEUE, "worker-2", Duration.ofSeconds(
                PATIENCE_SECONDS));
        assertThat(again).isPresent();
        assertThat(again.get().attempt()).isEqualTo(1);
        assertThat(again.get().startedEventId()).isEqualTo(3);
        assertThat(again.get().history()).extracting(HistoryEvent::eventType).containsExactly(
                EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted);
        assertThat(((io.reprise.engine.api.EventAttributes.WorkflowTaskStarted) again.get().history().get(2)
                .attributes()).identity()).isEqualTo("worker-2");
    }

    @Test
    void anEngineCallThatWaitsHoldsUpNoOtherCallOnItsConnection() throws Exception {
        CountDownLatch slowInEngine = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        connect(wrap(engine, (method, args, call) -> {
            if (method.getName().equals("startWorkflow")
                    && ((StartWorkflowRequest) args[0]).workflowId().equals("slow")) {
                slowInEngine.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return call.proceed();
        }));
        CompletableFuture<io.reprise.engine.api.WorkflowExecution> slow = CompletableFuture.supplyAsync(
                () -> client.startWorkflow(start("slow")), runnable -> Thread.ofVirtual().start(runnable));
        assertThat(slowInEngine.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();

        // The server's transport threads hand each engine call to a thread of its own: while one waits in the
        // engine, the connection carries other calls.
        assertThat(client.startWorkflow(start("fast")).workflowId()).isEqualTo("fast");
        assertThat(client.describeWorkflow(NS, "fast", null).status())
                .isEqualTo(io.reprise.engine.api.WorkflowExecutionStatus.RUNNING);
        assertThat(slow).isNotDone();
        release.countDown();
        assertThat(slow.get(PATIENCE_SECONDS, TimeUnit.SECONDS).workflowId()).isEqualTo("slow");
    }

    @Test
    void anAnswerThatCannotBeWrittenEndsTheCallInternalAtOnce() {
        connect(wrap(engine, (method, args, call) -> method.getName().equals("pollWorkflowTask")
                ? Optional.of("not a workflow task")
                : call.proceed()));

        // The handler throws building the answer: the poll ends with the error at once, not at its deadline.
        assertThatThrownBy(() -> client.pollWorkflowTask(NS, QUEUE, "worker-1", Duration.ofSeconds(PATIENCE_SECONDS)))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.INTERNAL));
    }

    @Test
    void aCallThatArrivesWhenTheServerCanStartNoThreadForItIsUnavailable() {
        EngineGrpcService service = new EngineGrpcService(engine, runnable -> {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        });
        AtomicReference<Throwable> error = new AtomicReference<>();
        io.grpc.stub.StreamObserver<io.reprise.engine.proto.v1.StartWorkflowResponse> answer =
                new io.grpc.stub.StreamObserver<>() {
                    @Override
                    public void onNext(io.reprise.engine.proto.v1.StartWorkflowResponse value) {
                        throw new AssertionError("answered " + value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        error.set(t);
                    }

                    @Override
                    public void onCompleted() {
                        throw new AssertionError("completed");
                    }
                };

        service.startWorkflow(ApiMapper.toProto(start("refused")), answer);

        assertThat(io.grpc.Status.fromThrowable(error.get()).getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
        assertThat(io.grpc.Status.fromThrowable(error.get()).getDescription()).isEqualTo("The Reprise engine's server"
                + " is stopping; call again once it is back");
        assertThatThrownBy(() -> engine.describeWorkflow(NS, "refused", null)).isInstanceOfSatisfying(
                EngineException.class, e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND));
    }

    @Test
    void theServerHoldsAPollTheWaitCappedAtOneMinuteAndASecondBeforeTheDeadline() {
        FakeTicker ticker = new FakeTicker();

        assertThat(LongPoll.hold(Duration.ofSeconds(30), null)).isEqualTo(Duration.ofSeconds(30));
        assertThat(LongPoll.hold(Duration.ofMinutes(5), null)).isEqualTo(Duration.ofSeconds(60));
        assertThat(LongPoll.hold(Duration.ofSeconds(30), io.grpc.Deadline.after(40, TimeUnit.SECONDS, ticker)))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(LongPoll.hold(Duration.ofSeconds(30), io.grpc.Deadline.after(20, TimeUnit.SECONDS, ticker)))
                .isEqualTo(Duration.ofSeconds(19));
        assertThat(LongPoll.hold(Duration.ofSeconds(30), io.grpc.Deadline.after(500, TimeUnit.MILLISECONDS, ticker)))
                .isEqualTo(Duration.ZERO);
        assertThat(LongPoll.hold(null, null)).isEqualTo(Duration.ZERO);
        assertThat(LongPoll.hold(Duration.ofSeconds(-1), null)).isEqualTo(Duration.ZERO);
    }

    // ------------------------------------------------------------ errors

    @Test
    void theEnginesRefusalsArriveWithTheirCodeAndMessage() {
        connect(engine);
        engine.startWorkflow(start("taken"));

        assertSameRefusal(() -> client.describeWorkflow(NS, "nobody", null),
                () -> engine.describeWorkflow(NS, "nobody", null), EngineException.Code.NOT_FOUND);
        assertSameRefusal(() -> client.startWorkflow(start("taken")), () -> engine.startWorkflow(start("taken")),
                EngineException.Code.ALREADY_EXISTS);
        assertSameRefusal(() -> client.registerNamespace(NamespaceConfig.of("-bad name")),
                () -> engine.registerNamespace(NamespaceConfig.of("-bad name")), EngineException.Code.INVALID_ARGUMENT);
    }

    @Test
    void everyCodeAnEngineThrowsReachesTheClientWithItsMessage() {
        AtomicReference<RuntimeException> toThrow = new AtomicReference<>();
        connect(wrap(engine, (method, args, call) -> {
            throw toThrow.get();
        }));
        for (EngineException.Code code : EngineException.Code.values()) {
            toThrow.set(new EngineException(code, "refused with " + code + "; do something else"));

            assertThatThrownBy(() -> client.listNamespaces()).isInstanceOfSatisfying(EngineException.class,
                    e -> assertThat(e.getCode()).isEqualTo(code))
                    .hasMessage("refused with " + code + "; do something else");
        }
        toThrow.set(new IllegalStateException("a bug"));
        assertThatThrownBy(() -> client.listNamespaces()).isInstanceOfSatisfying(EngineException.class,
                e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.INTERNAL))
                .hasMessage("The Reprise engine failed on this call: java.lang.IllegalStateException: a bug");
    }

    @Test
    void aPayloadOverTheEnginesLimitIsRefusedByTheEngineNamingTheLimit() {
        connect(engine);
        Payload threeMiB = new Payload(Payload.ENCODING_JSON, quoted(3 * 1024 * 1024));

        assertSameRefusal(() -> client.startWorkflow(start("big", threeMiB)),
                () -> engine.startWorkflow(start("big", threeMiB)), EngineException.Code.INVALID_ARGUMENT);
        assertThatThrownBy(() -> client.startWorkflow(start("big", threeMiB)))
                .hasMessageContaining("over the limit of 2097152 bytes (EngineOptions.maxPayloadSize)");
    }

    @Test
    void aRequestOverTheServersLimitIsRefusedByTheClientNamingTheLimit() {
        connect(engine);
        Payload seventeenMiB = new Payload(Payload.ENCODING_JSON, quoted(17 * 1024 * 1024));

        assertThatThrownBy(() -> client.startWorkflow(start("huge", seventeenMiB)))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.INVALID_ARGUMENT))
                .hasMessageStartingWith("The StartWorkflow request is ")
                .hasMessageContaining("more than the 16777216 bytes one call may carry to a Reprise server");
    }

    // ------------------------------------------------------------ the server going away

    @WorkflowInterface
    public interface Gate {
        @WorkflowMethod
        String pass();

        @SignalMethod
        void open();
    }

    public static final class GateImpl implements Gate {
        private boolean open;

        @Override
        public String pass() {
            Workflow.await(() -> open);
            return "passed";
        }

        @Override
        public void open() {
            open = true;
        }
    }

    @Test
    void workersResultWaitsAndCallsRideOutAServerRestartOnTheSamePort() throws Exception {
        connect(engine);
        int port = server.port();
        WorkflowClient workflowClient = WorkflowClient.newInstance(client);
        WorkerFactory workers = WorkerFactory.newInstance(workflowClient);
        workers.newWorker(QUEUE).registerWorkflowImplementationTypes(GateImpl.class);
        workers.start();
        try {
            Gate gate = workflowClient.newWorkflowStub(Gate.class,
                    WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("gate").build());
            WorkflowClient.start(gate::pass);
            CompletableFuture<String> result = CompletableFuture.supplyAsync(
                    () -> WorkflowStub.fromTyped(gate).getResult(String.class));

            server.close();
            // A signal sent while nothing listens waits for the engine (its call was never sent) within its deadline.
            CompletableFuture<Void> signal = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    workflowClient.newWorkflowStub(Gate.class, "gate").open();
                    signal.complete(null);
                } catch (RuntimeException e) {
                    signal.completeExceptionally(e);
                }
            });
            awaitConnectionRefused(port);
            assertThat(signal).as("the signal waiting for the engine").isNotDone();

            server = GrpcEngineServer.newBuilder(engine).port(port).build().start();

            signal.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertThat(result.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isEqualTo("passed");
            assertThat(engine.getHistory(NS, "gate", null)).extracting(HistoryEvent::eventType)
                    .containsOnlyOnce(EventType.WorkflowExecutionSignaled);
        } finally {
            workers.shutdownNow();
        }
    }

    /** Waits until a call to {@code port} on a client that does not retry is refused for want of a connection. */
    private static void awaitConnectionRefused(int port) throws InterruptedException {
        GrpcEngineService once = GrpcEngineService.newBuilder().target("127.0.0.1:" + port)
                .retryWhileUnreachable(false).build();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
            while (true) {
                try {
                    once.listNamespaces();
                } catch (EngineException e) {
                    if (GrpcEngineService.neverConnected(e)) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("127.0.0.1:" + port + " still accepts connections");
                }
                Thread.sleep(10);
            }
        } finally {
            once.close();
        }
    }

    @Test
    void theHealthServiceSaysServingForTheEnginesService() {
        connect(engine);
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        try {
            HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
            assertThat(health.check(HealthCheckRequest.newBuilder().setService(GrpcEngineServer.SERVICE_NAME).build())
                    .getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
                    .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void aClientBuiltWhileTheEngineIsDownIsNoErrorUntilItsCallsDeadlinePasses() {
        int attempts = attemptsOfARefusedCall(b -> b.rpcTimeout(Duration.ofMillis(700)), down -> down.listNamespaces());
        assertThat(attempts).as("attempts, 100 ms and more apart, within 700 ms").isGreaterThanOrEqualTo(2);
    }

    @Test
    void aClientThatDoesNotRetryWhileUnreachableFailsAtTheFirstRefusedConnection() {
        assertThat(attemptsOfARefusedCall(b -> b.retryWhileUnreachable(false), down -> down.listNamespaces()))
                .isEqualTo(1);
    }

    @Test
    void aResultWaitOfAClientThatDoesNotRetryWhileUnreachableEndsAtTheFirstRefusedConnection() {
        assertThat(attemptsOfARefusedCall(b -> b.retryWhileUnreachable(false),
                down -> down.awaitOutcome(NS, "any", null, Duration.ofSeconds(PATIENCE_SECONDS)))).isEqualTo(1);
    }

    @Test
    void aResultWaitRidesOutAnEngineThatCannotBeConnectedToUntilItsWaitEnds() {
        AtomicInteger attempts = new AtomicInteger();
        GrpcEngineService down = GrpcEngineService.newBuilder().target("127.0.0.1:1")
                .customize(netty -> netty.intercept(counting(attempts))).build();
        try {
            assertThat(down.awaitOutcome(NS, "any", null, Duration.ofMillis(500))).isEmpty();
            assertThat(attempts.get()).isGreaterThanOrEqualTo(2);
        } finally {
            down.close();
        }
    }

    @Test
    void theHealthPingOfAnEngineThatCannotBeConnectedToIsOneAttempt() {
        assertThat(attemptsOfARefusedCall(b -> b, GrpcEngineService::pingStore)).isEqualTo(1);
    }

    /**
     * Makes {@code call} on a client of {@code 127.0.0.1:1}, where nothing listens, built with {@code options}:
     * asserts it fails as unavailable for want of a connection, and returns how many attempts it made.
     */
    private static int attemptsOfARefusedCall(UnaryOperator<GrpcEngineService.Builder> options,
            Consumer<GrpcEngineService> call) {
        AtomicInteger attempts = new AtomicInteger();
        GrpcEngineService down = options.apply(GrpcEngineService.newBuilder().target("127.0.0.1:1")
                .customize(netty -> netty.intercept(counting(attempts)))).build();
        try {
            assertThatThrownBy(() -> call.accept(down)).isInstanceOfSatisfying(EngineException.class, e -> {
                assertThat(e.getCode()).isEqualTo(EngineException.Code.UNAVAILABLE);
                assertThat(GrpcEngineService.neverConnected(e)).isTrue();
            }).hasMessageStartingWith("The Reprise engine at 127.0.0.1:1 is unavailable");
            return attempts.get();
        } finally {
            down.close();
        }
    }

    @Test
    void aRefusalByTheEngineIsNotTriedAgain() {
        AtomicInteger starts = new AtomicInteger();
        connect(wrap(engine, (method, args, call) -> {
            if (method.getName().equals("startWorkflow")) {
                starts.incrementAndGet();
            }
            return call.proceed();
        }));
        assertThatThrownBy(() -> client.startWorkflow(start("")))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(EngineException.Code.INVALID_ARGUMENT);
                    assertThat(GrpcEngineService.neverConnected(e)).isFalse();
                });
        assertThat(starts).hasValue(1);
    }

    /** Counts the calls the client starts, each attempt of a call included. */
    private static ClientInterceptor counting(AtomicInteger attempts) {
        return new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                    Channel next) {
                attempts.incrementAndGet();
                return next.newCall(method, options);
            }
        };
    }

    // ------------------------------------------------------------ helpers

    static StartWorkflowRequest start(String workflowId, Payload... input) {
        return new StartWorkflowRequest(NS, workflowId, "Gate", QUEUE, List.of(input), null, null, null, "client-1",
                null);
    }

    static byte[] quoted(int size) {
        byte[] data = new byte[size];
        java.util.Arrays.fill(data, (byte) 'x');
        data[0] = '"';
        data[size - 1] = '"';
        return data;
    }

    private static void assertSameRefusal(Runnable remote, Runnable embedded, EngineException.Code code) {
        EngineException expected = null;
        try {
            embedded.run();
        } catch (EngineException e) {
            expected = e;
        }
        assertThat(expected).as("the embedded engine refuses").isNotNull();
        assertThat(expected.getCode()).isEqualTo(code);
        assertThatThrownBy(remote::run).isInstanceOfSatisfying(EngineException.class,
                e -> assertThat(e.getCode()).isEqualTo(code)).hasMessage(expected.getMessage());
    }

    /** A call to the wrapped engine, which the interceptor may make ({@link #proceed}) or not. */
    interface Call {
        Object proceed();
    }

    interface Interceptor {
        Object intercept(Method method, Object[] args, Call call);
    }

    /** The engine behind an interceptor, still an engine that takes tasks back. */
    static EngineService wrap(Engine engine, Interceptor interceptor) {
        InvocationHandler handler = (proxy, method, args) -> {
            Call call = () -> {
                try {
                    return method.invoke(engine, args);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            };
            if (method.getDeclaringClass() == Object.class) {
                return call.proceed();
            }
            return method.getDeclaringClass() == TaskHandBack.class ? call.proceed()
                    : interceptor.intercept(method, args, call);
        };
        return (EngineService) Proxy.newProxyInstance(GrpcTransportTest.class.getClassLoader(),
                new Class<?>[] {EngineService.class, TaskHandBack.class}, handler);
    }

    static final class FakeTicker extends io.grpc.Deadline.Ticker {
        @Override
        public long nanoTime() {
            return 0;
        }
    }
}
