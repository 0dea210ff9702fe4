package io.reprise.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.PollActivityTaskRequest;
import io.reprise.engine.proto.Samples;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every call of {@link EngineService} goes from a {@link GrpcEngineService} over a loopback socket through a
 * {@link GrpcEngineServer} to an engine that records what it got and answers a value made by {@link Samples}: the
 * engine must get exactly the arguments the client was called with, and the client must return exactly the
 * engine's answer, for arguments and answers with every component set, empty, at its edges, and with the nullable
 * arguments {@code null}. A call added to {@link EngineService} is covered the day it is added (and fails here
 * until the transport carries it).
 */
class GrpcRoundTripTest {

    /** Defaults that only pass their arguments on to another overload, which is tested. */
    private static final Set<String> DELEGATING_DEFAULTS = Set.of(
            "completeWorkflowTask(byte[],java.util.List,java.lang.String,java.lang.String)",
            "completeWorkflowTask(byte[],java.util.List,java.lang.String,java.lang.String,boolean)",
            "pollActivityTask(java.lang.String,java.lang.String,java.lang.String,java.time.Duration)",
            "getHistory(java.lang.String,java.lang.String,java.lang.String)",
            "signalWorkflow(java.lang.String,java.lang.String,java.lang.String,java.lang.String,java.util.List,"
                    + "java.lang.String)",
            "signalWithStartWorkflow(io.reprise.engine.api.StartWorkflowRequest,java.lang.String,java.util.List)",
            "requestCancelWorkflow(java.lang.String,java.lang.String,java.lang.String,java.lang.String,"
                    + "java.lang.String)",
            "terminateWorkflow(java.lang.String,java.lang.String,java.lang.String,java.lang.String,java.util.List,"
                    + "java.lang.String)");

    private static RecordingEngine recording;
    private static GrpcEngineServer server;
    private static GrpcEngineService client;

    @BeforeAll
    static void serve() {
        recording = new RecordingEngine();
        EngineService engine = (EngineService) Proxy.newProxyInstance(EngineService.class.getClassLoader(),
                new Class<?>[] {EngineService.class}, recording);
        server = GrpcEngineServer.newBuilder(engine).port(0).build().start();
        client = GrpcEngineService.newBuilder().target("127.0.0.1:" + server.port()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @TestFactory
    Stream<DynamicTest> everyCallCarriesItsArgumentsAndItsAnswerUnchanged() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Method method : calls()) {
            for (Samples.Fill fill : Samples.Fill.values()) {
                tests.add(DynamicTest.dynamicTest(signature(method) + ", " + fill,
                        () -> roundTrip(method, arguments(method, fill, false), answer(method, fill))));
            }
            tests.add(DynamicTest.dynamicTest(signature(method) + ", nullable arguments null",
                    () -> roundTrip(method, arguments(method, Samples.Fill.FULL, true),
                            answer(method, Samples.Fill.FULL))));
        }
        return tests.stream();
    }

    @Test
    void everyCallOfTheInterfaceIsCovered() {
        assertThat(calls()).extracting(GrpcRoundTripTest::signature)
                .contains("startWorkflow(io.reprise.engine.api.StartWorkflowRequest)",
                        "countExecutions(java.lang.String,java.lang.String)",
                        "pollActivityTask(io.reprise.engine.api.PollActivityTaskRequest)",
                        "getHistory(io.reprise.engine.api.GetHistoryRequest)",
                        "signalWorkflow(io.reprise.engine.api.SignalWorkflowRequest)",
                        "signalWithStartWorkflow(io.reprise.engine.api.SignalWithStartWorkflowRequest)",
                        "requestCancelWorkflow(io.reprise.engine.api.RequestCancelWorkflowRequest)",
                        "terminateWorkflow(io.reprise.engine.api.TerminateWorkflowRequest)",
                        "updateWorkflow(io.reprise.engine.api.UpdateWorkflowRequest)",
                        "getServerInfo()")
                .doesNotContainAnyElementsOf(DELEGATING_DEFAULTS);
        assertThat(calls()).hasSize((int) Arrays.stream(EngineService.class.getMethods())
                .filter(m -> !m.getName().equals("close")).count() - DELEGATING_DEFAULTS.size());
    }

    private static void roundTrip(Method method, Object[] arguments, Object answer) throws Throwable {
        recording.answer = answer;
        recording.calls.clear();
        Object returned;
        try {
            returned = method.invoke(client, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }

        assertThat(recording.calls).as("the engine calls").hasSize(1);
        Call call = recording.calls.getFirst();
        assertThat(signature(call.method())).isEqualTo(signature(method));
        for (int i = 0; i < arguments.length; i++) {
            // What a poll waits is the server's to choose (at most 60 s): LongPollTest checks it.
            if (isWait(method, i)) {
                continue;
            }
            assertThat(call.arguments()[i]).as("argument %d", i).usingRecursiveComparison()
                    .ignoringFields(arguments[i] instanceof PollActivityTaskRequest ? new String[] {"pollWait"}
                            : new String[0])
                    .isEqualTo(arguments[i]);
        }
        assertThat(unwrap(returned)).as("the answer").usingRecursiveComparison().isEqualTo(unwrap(answer));
    }

    // ------------------------------------------------------------ samples

    private static List<Method> calls() {
        return Arrays.stream(EngineService.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()) && !m.getName().equals("close"))
                .filter(m -> !DELEGATING_DEFAULTS.contains(signature(m)))
                .sorted(Comparator.comparing(GrpcRoundTripTest::signature))
                .toList();
    }

    private static Object[] arguments(Method method, Samples.Fill fill, boolean nullableNull) {
        Type[] types = method.getGenericParameterTypes();
        Object[] arguments = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            boolean nullable = types[i] == String.class || types[i] == Duration.class
                    || types[i] == io.reprise.common.Payload.class || types[i] == io.reprise.engine.api.Failure.class
                    || types[i] instanceof Class<?> c && c.isEnum();
            arguments[i] = nullableNull && nullable && !isWait(method, i) ? null : sample(types[i], fill, 10 + i);
        }
        return arguments;
    }

    private static Object answer(Method method, Samples.Fill fill) {
        Type type = method.getGenericReturnType();
        if (type == void.class) {
            return null;
        }
        if (type instanceof ParameterizedType p && p.getRawType() == Optional.class) {
            // An empty Optional for the EMPTY fill: "no task", "still running".
            return fill == Samples.Fill.EMPTY ? Optional.empty()
                    : Optional.of(sample(p.getActualTypeArguments()[0], fill, 3));
        }
        return sample(type, fill, 3);
    }

    /** A sample of {@code type}; commands, which are a sealed interface, one of each kind by {@code n}. */
    private static Object sample(Type type, Samples.Fill fill, int n) {
        if (type == Command.class) {
            Class<?>[] kinds = Command.class.getPermittedSubclasses();
            return Samples.record(kinds[n % kinds.length], fill, n, 1);
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class
                && p.getActualTypeArguments()[0] == Command.class) {
            List<Object> commands = new ArrayList<>();
            if (fill != Samples.Fill.EMPTY) {
                for (int i = 0; i < Command.class.getPermittedSubclasses().length; i++) {
                    commands.add(sample(Command.class, fill, n + i));
                }
            }
            return commands;
        }
        return Samples.value(type, fill, n, 0);
    }

    private static boolean isWait(Method method, int parameter) {
        return (method.getName().startsWith("poll") || method.getName().equals("awaitOutcome"))
                && method.getGenericParameterTypes()[parameter] == Duration.class;
    }

    private static Object unwrap(Object value) {
        return value instanceof Optional<?> optional ? optional.orElse(null) : value;
    }

    private static String signature(Method method) {
        return method.getName() + "(" + String.join(",",
                Arrays.stream(method.getParameterTypes()).map(Class::getTypeName).toList()) + ")";
    }

    private record Call(Method method, Object[] arguments) {
    }

    /** The engine's side: records each call and answers {@link #answer}. */
    private static final class RecordingEngine implements InvocationHandler {

        final List<Call> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile Object answer;

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "RecordingEngine";
                };
            }
            calls.add(new Call(method, args == null ? new Object[0] : args.clone()));
            return answer;
        }
    }
}
