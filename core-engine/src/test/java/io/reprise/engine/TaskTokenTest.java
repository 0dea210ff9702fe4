package io.reprise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.store.ExecutionKey;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The token format starts with a version byte, so that a later format (one naming the node that must receive the
 * answer) can be told apart; a token of an unknown version is refused as malformed.
 */
class TaskTokenTest {

    private static final ExecutionKey KEY = new ExecutionKey("default", "order-1", "run-1");

    @Test
    void aTokenStartsWithItsFormatVersionAndRoundTrips() {
        TaskToken token = TaskToken.workflowTask(KEY, 2, 3, 1);

        byte[] encoded = token.encode();

        assertThat(encoded[0]).isEqualTo((byte) 1);
        assertThat(TaskToken.decode(encoded, TaskToken.Kind.WORKFLOW_TASK)).isEqualTo(token);
    }

    @Test
    void aTokenOfAnotherFormatVersionIsRefusedAsMalformed() {
        byte[] encoded = TaskToken.activityTask(KEY, 5, 2).encode();
        encoded[0] = 2;

        assertThatThrownBy(() -> TaskToken.decode(encoded, TaskToken.Kind.ACTIVITY_TASK))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.INVALID_ARGUMENT))
                .hasMessage("Malformed activity task token; pass the token exactly as the engine returned it");
    }

    @Test
    void aFormat1TokenWrittenBeforeTheWorkflowTaskAttemptWasAppendedStillDecodes() {
        byte[] encoded = TaskToken.workflowTask(KEY, 2, 3, 4).encode();
        byte[] withoutAttempt = Arrays.copyOf(encoded, encoded.length - Integer.BYTES);

        TaskToken decoded = TaskToken.decode(withoutAttempt, TaskToken.Kind.WORKFLOW_TASK);

        assertThat(decoded).isEqualTo(TaskToken.workflowTask(KEY, 2, 3, 0));
    }

    @Test
    void aTokenIsWrittenByteForByteAsTheDataStreamsOfTheFirstFormatWroteItAndReadBack() throws IOException {
        // Non-ASCII ids take the modified UTF-8 of DataOutput.writeUTF: 2 bytes for é and NUL, 3 for 注, a surrogate pair
        // as two 3-byte chars.
        ExecutionKey key = new ExecutionKey("défaut", "commande-注文-\u0000-\uD83D\uDE00", "run-1");
        TaskToken token = TaskToken.workflowTask(key, 7, 9, 2);
        ByteArrayOutputStream reference = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(reference)) {
            out.writeByte(1);
            out.writeByte(TaskToken.Kind.WORKFLOW_TASK.ordinal());
            out.writeUTF(key.namespace());
            out.writeUTF(key.workflowId());
            out.writeUTF(key.runId());
            out.writeLong(7);
            out.writeLong(9);
            out.writeInt(2);
        }

        byte[] encoded = token.encode();

        assertThat(encoded).isEqualTo(reference.toByteArray());
        assertThat(TaskToken.decode(encoded, TaskToken.Kind.WORKFLOW_TASK)).isEqualTo(token);
        assertThat(TaskToken.namespaceOf(encoded)).contains("défaut");
    }

    @Test
    void aTruncatedTokenIsRefusedAsMalformed() {
        byte[] encoded = TaskToken.activityTask(KEY, 5, 2).encode();
        byte[] truncated = Arrays.copyOf(encoded, 10);

        assertThatThrownBy(() -> TaskToken.decode(truncated, TaskToken.Kind.ACTIVITY_TASK))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.INVALID_ARGUMENT))
                .hasMessage("Malformed activity task token; pass the token exactly as the engine returned it");
        assertThat(TaskToken.namespaceOf(truncated)).isEmpty();
    }
}
