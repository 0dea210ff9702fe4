package io.reprise.benchmark;

import io.reprise.benchmark.EngineBenchmark.CountingStore;
import io.reprise.benchmark.EngineBenchmark.CpuUse;
import io.reprise.benchmark.EngineBenchmark.Settings;
import io.reprise.transport.grpc.GrpcEngineServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jdk.jfr.Recording;

/**
 * The engine's process of {@code EngineBenchmark --transport grpc}: the same store as the embedded run (the store
 * options of the benchmark's command line, counted the same way), an {@code Engine} on it, and a
 * {@link GrpcEngineServer} with its defaults on a free loopback port. {@link RemoteEngine} starts it and drives it
 * through its standard input, one command a line; each answer is a line of standard output starting with
 * {@value #REPLY}, and whatever else it prints (the store's figures) is the benchmark's output:
 *
 * <ul>
 *   <li>{@code reset}: the store's counts and the process's CPU from now;
 *   <li>{@code figures}: the counts since then, as numbers (see {@link RemoteEngine});
 *   <li>{@code sql N}: prints the SQL and commits per workflow for {@code N} workflows;
 *   <li>{@code process C}: prints the CPU by thread and the I/O per commit for {@code C} commits;
 *   <li>{@code profile FILE} / {@code profile-stop}: a JFR recording of this process to {@code FILE}.
 * </ul>
 *
 * It stops when its standard input ends (the benchmark closed it or died), and removes its store.
 */
final class BenchmarkEngineServer {

    static final String REPLY = "@@ ";

    private BenchmarkEngineServer() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        try (EmbeddedEngine embedded = EmbeddedEngine.start(settings)) {
            GrpcEngineServer server = GrpcEngineServer.newBuilder(embedded.engine()).port(0).build().start();
            try {
                reply("port " + server.port());
                serve(embedded.store(), new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
            } finally {
                server.close();
            }
        }
    }

    private static void serve(CountingStore store, BufferedReader commands) throws IOException {
        CpuUse cpu = CpuUse.start();
        Recording recording = null;
        Path profile = null;
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            String[] command = line.split(" ", 2);
            switch (command[0]) {
                case "reset" -> {
                    store.reset();
                    cpu = CpuUse.start();
                    reply("ok");
                }
                case "figures" -> {
                    cpu.stop();
                    reply("figures " + store.commits.sum() + " " + store.commitNanos.sum() + " "
                            + store.stateBytes.sum() + " " + store.eventBytes.sum() + " " + store.loads.sum() + " "
                            + store.historyReads.sum() + " " + cpu.groupNanos("store writer"));
                }
                case "sql" -> {
                    store.printSql(Integer.parseInt(command[1]));
                    reply("done");
                }
                case "process" -> {
                    System.out.printf("  engine server by thread, as a share of one core: %s%n", cpu.breakdown());
                    System.out.printf("  engine server I/O  %s%n", cpu.io(Math.max(1, Long.parseLong(command[1])),
                            "commit"));
                    reply("done");
                }
                case "profile" -> {
                    profile = Path.of(command[1]);
                    recording = EngineBenchmark.startRecording();
                    reply("ok");
                }
                case "profile-stop" -> {
                    if (recording != null) {
                        recording.stop();
                        recording.dump(profile);
                        recording.close();
                        recording = null;
                    }
                    reply("ok");
                }
                default -> reply("unknown command " + line);
            }
        }
    }

    private static void reply(String answer) {
        System.out.println(REPLY + answer);
        System.out.flush();
    }
}
