package io.reprise.benchmark;

import io.reprise.benchmark.EngineBenchmark.CpuUse;
import io.reprise.benchmark.EngineBenchmark.Settings;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.transport.grpc.GrpcEngineService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The engine in a JVM of its own ({@link BenchmarkEngineServer}, started here with the benchmark's class path and
 * heap settings), reached by the benchmark's client and worker over loopback gRPC through a
 * {@link GrpcEngineService} with its defaults. The store's counts come from that process; its CPU time is read from
 * {@code /proc/<pid>/stat}, so CPU per workflow can count both processes.
 */
final class RemoteEngine implements EngineUnderTest {

    /** How long the server process has to start, or to answer a command. */
    private static final long ANSWER_SECONDS = 120;
    private static final String ENDED = "\0ended";

    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> replies;
    private final Thread relay;
    private final GrpcEngineService service;
    private long startCpuNanos;
    private long startWall;
    /** The counts since {@link #reset()}, fetched once after the measured interval; null before. */
    private long[] figures;
    private long cpuNanos;
    private long wallNanos;
    private Path serverProfile;

    private RemoteEngine(Process process, BlockingQueue<String> replies, Thread relay, int port) {
        this.process = process;
        this.commands = process.outputWriter(StandardCharsets.UTF_8);
        this.replies = replies;
        this.relay = relay;
        this.service = GrpcEngineService.newBuilder().target("127.0.0.1:" + port).build();
    }

    static RemoteEngine start(Settings settings) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> option.startsWith("-Xm") || option.startsWith("-Xss") || option.startsWith("-XX:"))
                .forEach(command::add);
        command.add("-cp");
        command.add(classPath());
        command.add(BenchmarkEngineServer.class.getName());
        command.addAll(List.of("--store", settings.store().name().toLowerCase(Locale.ROOT), "--pg-url",
                settings.pgUrl(), "--synchronous", settings.synchronous().name()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        Thread relay = Thread.ofPlatform().daemon().name("benchmark-engine-server-output").start(() -> {
            try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith(BenchmarkEngineServer.REPLY)) {
                        replies.add(line.substring(BenchmarkEngineServer.REPLY.length()));
                    } else {
                        System.out.println(line);
                    }
                }
            } catch (IOException e) {
                System.err.println("Reading the engine server's output failed: " + e);
            } finally {
                replies.add(ENDED);
            }
        });
        String started = next(process, replies);
        if (!started.startsWith("port ")) {
            process.destroyForcibly();
            throw new IllegalStateException("The engine server process answered \"" + started + "\" at start");
        }
        int port = Integer.parseInt(started.substring("port ".length()));
        System.out.printf("Engine: in a JVM of its own (pid %d), GrpcEngineServer on 127.0.0.1:%d with its defaults;"
                + " client and worker here through GrpcEngineService with its defaults%n", process.pid(), port);
        RemoteEngine engine = new RemoteEngine(process, replies, relay, port);
        engine.awaitAnswer();
        return engine;
    }

    /**
     * Waits until the engine answers a call: on a busy machine, the first connection of two cold JVMs can take
     * longer than a call's deadline, and that is not what the benchmark measures.
     */
    private void awaitAnswer() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
        while (true) {
            try {
                service.getServerInfo();
                return;
            } catch (EngineException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    close();
                    throw new IllegalStateException("The engine server process (pid " + process.pid()
                            + ") did not answer in " + ANSWER_SECONDS + " s: " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * The class path of this JVM's classes: under {@code exec:java} the test class path is a class loader's, not
     * {@code java.class.path} (Maven's own).
     */
    static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader loader = RemoteEngine.class.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a file: nothing a JVM's class path can hold
                    }
                }
            }
        }
        if (entries.isEmpty()) {
            return System.getProperty("java.class.path");
        }
        return String.join(java.io.File.pathSeparator, entries);
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

    /** Sends a command and waits for its answer, which must be {@code expected} unless that is null. */
    private String command(String command, String expected) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new IllegalStateException("The engine server process (pid " + process.pid() + ") cannot be told \""
                    + command + "\": " + e.getMessage(), e);
        }
        String answer = next(process, replies);
        if (expected != null && !answer.equals(expected)) {
            throw new IllegalStateException("The engine server process answered \"" + answer + "\" to \"" + command
                    + "\"");
        }
        return answer;
    }

    private static String next(Process process, BlockingQueue<String> replies) {
        String answer;
        try {
            answer = replies.poll(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for the engine server process", e);
        }
        if (answer == null || answer.equals(ENDED)) {
            throw new IllegalStateException("The engine server process (pid " + process.pid() + ") "
                    + (answer == null ? "did not answer in " + ANSWER_SECONDS + " s" : "ended")
                    + "; its error output is above");
        }
        return answer;
    }

    /** The process's user and system CPU time from {@code /proc/<pid>/stat}, at 100 ticks a second. */
    private long processCpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            service.close();
        } finally {
            commands.close(); // the server stops when its input ends, and removes its store
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    System.err.println("The engine server process (pid " + process.pid() + ") did not stop; killing"
                            + " it");
                    process.destroyForcibly();
                }
                relay.join(5_000);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
