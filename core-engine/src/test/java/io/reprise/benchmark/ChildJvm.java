package io.reprise.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
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
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the benchmark starts for an engine of its own ({@link BenchmarkEngineServer}, {@link BenchmarkClusterNode}):
 * the benchmark's class path and heap options, commands on its standard input, answers on its standard output as
 * lines starting with {@link BenchmarkEngineServer#REPLY}. It stops when its input ends.
 */
final class ChildJvm {

    /** How long the process has to start, or to answer a command. */
    static final long ANSWER_SECONDS = 120;
    private static final String ENDED = "\0ended";

    private final String name;
    private final String errorsAt;
    private final Process process;
    private final Writer commands;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final Thread relay;
    private long lastCpuNanos;

    /**
     * @param name how messages name it, e.g. "The engine server process" or "Cluster node n1"
     * @param errors where its standard error goes
     * @param errorsAt where a reader finds that output, for the message of a process that ended
     * @param echo whether its other output lines are printed here
     */
    private ChildJvm(String name, List<String> command, ProcessBuilder.Redirect errors, String errorsAt, boolean echo)
            throws IOException {
        this.name = name;
        this.errorsAt = errorsAt;
        this.process = new ProcessBuilder(command).redirectError(errors).start();
        this.commands = process.outputWriter(StandardCharsets.UTF_8);
        this.relay = Thread.ofPlatform().daemon().name("benchmark-child-" + process.pid() + "-output").start(() -> {
            try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith(BenchmarkEngineServer.REPLY)) {
                        replies.add(line.substring(BenchmarkEngineServer.REPLY.length()));
                    } else if (echo) {
                        System.out.println(line);
                    }
                }
            } catch (IOException e) {
                if (echo) {
                    System.err.println("Reading the output of " + this.name + " failed: " + e);
                }
            } finally {
                replies.add(ENDED);
            }
        });
    }

    /**
     * Starts {@code main} with {@code arguments} in a JVM with this one's heap and {@code -XX} options, and waits for
     * its first answer, {@code port <n>}.
     *
     * @return the child and the port it answered
     */
    static Started start(String name, Class<?> main, List<String> arguments, ProcessBuilder.Redirect errors,
            String errorsAt, boolean echo) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(option -> option.startsWith("-Xm") || option.startsWith("-Xss") || option.startsWith("-XX:"))
                .forEach(command::add);
        command.addAll(List.of("-cp", classPath(), main.getName()));
        command.addAll(arguments);
        ChildJvm child = new ChildJvm(name, command, errors, errorsAt, echo);
        String started = child.next();
        if (!started.startsWith("port ")) {
            child.process.destroyForcibly();
            throw new IllegalStateException(name + " answered \"" + started + "\" at start");
        }
        return new Started(child, Integer.parseInt(started.substring("port ".length())));
    }

    /**
     * The class path of this JVM's classes: under {@code exec:java} the test class path is a class loader's, not
     * {@code java.class.path} (Maven's own).
     */
    static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader loader = ChildJvm.class.getClassLoader(); loader != null; loader = loader.getParent()) {
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

    /** A child that started, and the port of its gRPC endpoint. */
    record Started(ChildJvm child, int port) {
    }

    Process process() {
        return process;
    }

    /** Sends a command and waits for its answer, which must be {@code expected} unless that is null. */
    String command(String command, String expected) {
        try {
            commands.write(command + "\n");
            commands.flush();
        } catch (IOException e) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") cannot be told \"" + command + "\": "
                    + e.getMessage(), e);
        }
        String answer = next();
        if (expected != null && !answer.equals(expected)) {
            throw new IllegalStateException(name + " answered \"" + answer + "\" to \"" + command + "\"");
        }
        return answer;
    }

    private String next() {
        String answer;
        try {
            answer = replies.poll(ANSWER_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for " + name, e);
        }
        if (answer == null || answer.equals(ENDED)) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") "
                    + (answer == null ? "did not answer in " + ANSWER_SECONDS + " s" : "ended") + errorsAt);
        }
        return answer;
    }

    /**
     * The process's user and system CPU time from {@code /proc/<pid>/stat}, at 100 ticks a second; once it is gone,
     * its last reading (0 if there was none).
     */
    long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            lastCpuNanos = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            // Gone: its last reading.
        }
        return lastCpuNanos;
    }

    /** Ends its input, which stops it, and waits for it; kills it if it does not stop within a minute. */
    void close() {
        try {
            commands.close();
        } catch (IOException e) {
            // Already gone.
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                System.err.println(name + " (pid " + process.pid() + ") did not stop; killing it");
                process.destroyForcibly();
            }
            relay.join(5_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
