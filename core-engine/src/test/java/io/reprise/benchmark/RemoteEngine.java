package io.reprise.benchmark;

import io.reprise.benchmark.EngineBenchmark.CpuUse;
import io.reprise.benchmark.EngineBenchmark.Settings;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.transport.grpc.GrpcEngineService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The engine in a JVM of its own ({@link BenchmarkEngineServer}, started here with the benchmark's class path and
 * heap settings), reached by the benchmark's client and worker over loopback gRPC through a
 * {@link GrpcEngineService} with its defaults. The store's counts come from that process; its CPU time is read from
 * {@code /proc/<pid>/stat}, so CPU per workflow can count both processes.
 */
final class RemoteEngine implements EngineUnderTest {

    private final ChildJvm server;
    private final Process process;
    private final GrpcEngineService service;
    private long startCpuNanos;
    private long startWall;
    /** The counts since {@link #reset()}, fetched once after the measured interval; null before. */
    private long[] figures;
    private long cpuNanos;
    private long wallNanos;
    private Path serverProfile;

    private RemoteEngine(ChildJvm server, int port) {
        this.server = server;
        this.process = server.process();
        this.service = GrpcEngineService.newBuilder().target("127.0.0.1:" + port).build();
    }

    static RemoteEngine start(Settings settings) throws IOException {
        ChildJvm.Started started = ChildJvm.start("The engine server process", BenchmarkEngineServer.class,
                List.of("--store", settings.store().name().toLowerCase(Locale.ROOT), "--pg-url", settings.pgUrl(),
                        "--synchronous", settings.synchronous().name()),
                ProcessBuilder.Redirect.INHERIT, "; its error output is above", true);
        int port = started.port();
        System.out.printf("Engine: in a JVM of its own (pid %d), GrpcEngineServer on 127.0.0.1:%d with its defaults;"
                + " client and worker here through GrpcEngineService with its defaults%n", started.child().process().pid(),
                port);
        RemoteEngine engine = new RemoteEngine(started.child(), port);
        engine.awaitAnswer();
        return engine;
    }

    /**
     * Waits until the engine answers a call: on a busy machine, the first connection of two cold JVMs can take
     * longer than a call's deadline, and that is not what the benchmark measures.
     */
    private void awaitAnswer() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ChildJvm.ANSWER_SECONDS);
        while (true) {
            try {
                service.getServerInfo();
                return;
            } catch (EngineException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    close();
                    throw new IllegalStateException("The engine server process (pid " + process.pid()
                            + ") did not answer in " + ChildJvm.ANSWER_SECONDS + " s: " + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public Transport transport() {
        return Transport.GRPC;
    }

    @Override
    public EngineService service() {
        return service;
    }

    @Override
    public void reset() {
        command("reset", "ok");
        figures = null;
        startWall = System.nanoTime();
        startCpuNanos = processCpuNanos();
    }

    /** The counts since {@link #reset()}, taken at the first question after the measured interval. */
    private long[] figures() {
        if (figures == null) {
            cpuNanos = processCpuNanos() - startCpuNanos;
            wallNanos = System.nanoTime() - startWall;
            String answer = command("figures", null);
            String[] numbers = answer.substring("figures ".length()).split(" ");
            figures = new long[numbers.length];
            for (int i = 0; i < numbers.length; i++) {
                figures[i] = Long.parseLong(numbers[i]);
            }
        }
        return figures;
    }

    @Override
    public void printSql(int workflows) {
        figures();
        command("sql " + workflows, "done");
    }

    @Override
    public long commits() {
        return figures()[0];
    }

    @Override
    public long commitNanos() {
        return figures()[1];
    }

    @Override
    public long stateBytes() {
        return figures()[2];
    }

    @Override
    public long eventBytes() {
        return figures()[3];
    }

    @Override
    public long loads() {
        return figures()[4];
    }

    @Override
    public long historyReads() {
        return figures()[5];
    }

    @Override
    public long writerCpuNanos(CpuUse cpu) {
        return figures()[6];
    }

    @Override
    public void printProcess(CpuUse cpu, int workflows) {
        figures();
        System.out.printf("  engine server      %.0f%% of one core, %.2f ms of CPU per workflow (pid %d,"
                        + " /proc/%d/stat); both processes: %.2f ms of CPU per workflow%n", 100.0 * cpuNanos / wallNanos,
                cpuNanos / 1e6 / workflows, process.pid(), process.pid(),
                (cpu.processNanos() + cpuNanos) / 1e6 / workflows);
        command("process " + commits(), "done");
    }

    @Override
    public void startProfile(Path profile) {
        if (profile != null) {
            String name = profile.getFileName().toString();
            serverProfile = profile.resolveSibling(name.replaceFirst("(\\.jfr)?$", "-engine-server.jfr"));
            command("profile " + serverProfile.toAbsolutePath(), "ok");
        }
    }

    @Override
    public void stopProfile() {
        if (serverProfile != null) {
            command("profile-stop", "ok");
        }
    }

    @Override
    public void printProfile() throws IOException {
        if (serverProfile != null && Files.exists(serverProfile)) {
            System.out.println("== The engine server process:");
            EngineBenchmark.printHotSpots(serverProfile);
        }
    }

    private String command(String command, String expected) {
        return server.command(command, expected);
    }

    private long processCpuNanos() {
        return server.cpuNanos();
    }

    @Override
    public void close() throws IOException {
        try {
            service.close();
        } finally {
            server.close(); // the server stops when its input ends, and removes its store
        }
    }
}
