package io.reprise.durability;

import io.reprise.activity.Activity;
import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowNotFoundException;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.engine.Engine;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.engine.store.PostgresOptions;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.nio.ByteBuffer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A separate JVM for {@link CrashRecoveryTest}: an embedded engine on a SQLite file or a PostgreSQL
 * schema running a workflow that chains {@link #STEPS} activities. Every activity execution appends a
 * line to a ledger file (and forces it to disk) before returning, so the test can count executions.
 *
 * <p>Arguments: {@code <ledger file> <step delay millis> sqlite <database file>} or
 * {@code <ledger file> <step delay millis> postgres <JDBC URL> <schema>}. Starts the workflow if it does
 * not exist yet, waits for its result, prints {@code RESULT <value>} and exits.
 */
public final class ChainProcess {

    static final int STEPS = 8;
    static final String WORKFLOW_ID = "chain";
    static final String QUEUE = "chain";

    @ActivityInterface
    public interface Step {
        String step(String acc, int index);
    }

    static final class StepImpl implements Step {
        private final Path ledger;
        private final long delayMillis;

        StepImpl(Path ledger, long delayMillis) {
            this.ledger = ledger;
            this.delayMillis = delayMillis;
        }

        @Override
        public String step(String acc, int index) {
            try {
                Thread.sleep(delayMillis);
                String line = "step-" + index + " attempt-" + Activity.getExecutionContext().getInfo().attempt() + "\n";
                try (FileChannel ch = FileChannel.open(ledger, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE)) {
                    ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                    ch.force(true);
                }
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
            return acc + index;
        }
    }

    @WorkflowInterface
    public interface Chain {
        @WorkflowMethod
        String run(int steps);
    }

    public static final class ChainImpl implements Chain {
        @Override
        public String run(int steps) {
            Step step = Workflow.newActivityStub(Step.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(30)).build());
            String acc = "";
            for (int i = 1; i <= steps; i++) {
                acc = step.step(acc, i);
            }
            return acc;
        }
    }

    private ChainProcess() {
    }

    private static JdbcExecutionStore store(String[] args) {
        switch (args[2]) {
            case "sqlite":
                return JdbcExecutionStore.sqliteFile(Path.of(args[3]));
            case "postgres":
                PGSimpleDataSource dataSource = new PGSimpleDataSource();
                dataSource.setURL(args[3]);
                return JdbcExecutionStore.postgres(dataSource, PostgresOptions.builder().schema(args[4]).build());
            default:
                throw new IllegalArgumentException("Unknown store \"" + args[2] + "\": use sqlite or postgres");
        }
    }

    public static void main(String[] args) {
        Path ledger = Path.of(args[0]);
        long delay = Long.parseLong(args[1]);
        Engine engine = Engine.builder().store(store(args)).build();
        WorkflowClient client = WorkflowClient.newInstance(engine);
        WorkerFactory factory = WorkerFactory.newInstance(client);
        Worker worker = factory.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(ChainImpl.class);
        worker.registerActivitiesImplementations(new StepImpl(ledger, delay));
        factory.start();
        WorkflowStub stub;
        try {
            client.describe(WORKFLOW_ID);
            stub = client.newUntypedWorkflowStub(WORKFLOW_ID);
            System.out.println("RECOVERING");
        } catch (WorkflowNotFoundException e) {
            stub = client.newUntypedWorkflowStub("Chain",
                    WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(WORKFLOW_ID).build());
            stub.start(STEPS);
            System.out.println("STARTED");
        }
        System.out.flush();
        String result = stub.getResult(String.class);
        System.out.println("RESULT " + result);
        System.out.flush();
        factory.shutdown();
        engine.close();
        System.exit(0);
    }
}
