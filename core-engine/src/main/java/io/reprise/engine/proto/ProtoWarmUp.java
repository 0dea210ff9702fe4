package io.reprise.engine.proto;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.reprise.engine.proto.v1.HistoryBatch;
import io.reprise.engine.proto.v1.HistoryEvent;
import io.reprise.engine.proto.v1.RunSnapshot;
import io.reprise.engine.proto.v1.RunVisibility;
import io.reprise.engine.proto.v1.WorkflowExecutionStartedEventAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and reads, on a thread of its own, once per process, the kinds of message the first commit
 * of a run writes (a history batch, a run snapshot, its visibility), so that the protobuf runtime and
 * those messages' classes are loaded and initialised before the first workflow needs them.
 *
 * <p>Why: in a launch to the first workflow on the 2-core benchmark machine, the main thread spent
 * about 70 ms of CPU loading and initialising them in the first start of a workflow; started while the
 * engine, client and worker are built, this thread takes most of that off the path
 * (docs/benchmarks.md, "Issue 14, session 9"). The same classes are loaded whichever thread loads them
 * first, so nothing else changes; if this thread fails, the first commit loads them and reports what
 * goes wrong.
 */
public final class ProtoWarmUp {

    static final String THREAD_NAME = "reprise-proto-warm-up";
    private static final Logger log = LoggerFactory.getLogger(ProtoWarmUp.class);

    private static Thread thread;
    private static volatile boolean roundTripsMatched;

    private ProtoWarmUp() {
    }

    /** Once per process; later calls return the thread of the first. */
    public static synchronized Thread start() {
        if (thread == null) {
            thread = Thread.ofPlatform().daemon().name(THREAD_NAME).start(ProtoWarmUp::warmUp);
        }
        return thread;
    }

    /** Whether every message the warm-up wrote read back equal to it (once its thread ended). */
    static boolean roundTripsMatched() {
        return roundTripsMatched;
    }

    private static void warmUp() {
        try {
            Timestamp time = Timestamp.newBuilder().setSeconds(1).build();
            HistoryBatch batch = HistoryBatch.newBuilder().addEvents(HistoryEvent.newBuilder().setEventId(1)
                    .setEventTime(time).setWorkflowExecutionStartedEventAttributes(
                            WorkflowExecutionStartedEventAttributes.getDefaultInstance())).build();
            RunSnapshot snapshot = RunSnapshot.newBuilder().setWorkflowType("warm-up").setStartTime(time)
                    .setWorkflowTask(RunSnapshot.WorkflowTask.getDefaultInstance()).build();
            RunVisibility visibility = RunVisibility.getDefaultInstance();
            roundTripsMatched = batch.equals(HistoryBatch.parseFrom(batch.toByteArray()))
                    && snapshot.equals(RunSnapshot.parseFrom(snapshot.toByteArray()))
                    && visibility.equals(RunVisibility.parseFrom(visibility.toByteArray()));
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            log.debug("Could not load the protobuf messages ahead of the first commit", e);
        }
    }
}
