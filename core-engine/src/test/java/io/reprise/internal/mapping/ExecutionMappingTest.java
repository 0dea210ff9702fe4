package io.reprise.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.client.PendingActivityInfo;
import io.reprise.common.Payload;
import io.reprise.common.WorkflowExecution;
import io.reprise.common.WorkflowExecutionStatus;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.FailureKind;
import io.reprise.engine.history.ActivityState;
import io.reprise.failure.FailureInfo;
import io.reprise.failure.RetryState;
import io.reprise.failure.TimeoutType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutionMappingTest {

    @Test
    void thePublicEnumsHaveTheEnginesConstantsSoTheyMapByName() {
        assertThat(names(WorkflowExecutionStatus.values()))
                .isEqualTo(names(io.reprise.engine.api.WorkflowExecutionStatus.values()));
        assertThat(names(FailureInfo.Kind.values())).isEqualTo(names(FailureKind.values()));
        assertThat(names(PendingActivityInfo.State.values())).isEqualTo(names(ActivityState.Status.values()));
        for (io.reprise.engine.api.WorkflowExecutionStatus status
                : io.reprise.engine.api.WorkflowExecutionStatus.values()) {
            assertThat(ExecutionMapping.toEngine(ExecutionMapping.toPublic(status))).isSameAs(status);
        }
    }

    @Test
    void aRunMapsBothWaysAndNullStaysNull() {
        io.reprise.engine.api.WorkflowExecution engine = new io.reprise.engine.api.WorkflowExecution("order-1", "r1");

        assertThat(ExecutionMapping.toPublic(engine)).isEqualTo(new WorkflowExecution("order-1", "r1"));
        assertThat(ExecutionMapping.toEngine(new WorkflowExecution("order-1", "r1"))).isEqualTo(engine);
        assertThat(ExecutionMapping.toPublic((io.reprise.engine.api.WorkflowExecution) null)).isNull();
        assertThat(ExecutionMapping.toPublic((io.reprise.engine.api.WorkflowExecutionStatus) null)).isNull();
    }

    @Test
    void aFailureChainBecomesPublicDataWithEveryField() {
        Payload heartbeat = new Payload(Payload.ENCODING_JSON, new byte[] {49});
        Failure timeout = Failure.timeout(TimeoutType.HEARTBEAT, List.of(heartbeat), null);
        Failure activity = new Failure(FailureKind.ACTIVITY, "activity failed", null, false, null, null,
                new Failure.ActivityInfo(5, 6, "ChargeCard", "1", "worker-1", RetryState.TIMEOUT), "trace", timeout);

        FailureInfo info = ExecutionMapping.toPublic(activity);

        assertThat(info).isEqualTo(new FailureInfo(FailureInfo.Kind.ACTIVITY, "activity failed", null, false,
                List.of(), null, new FailureInfo.Activity(5, 6, "ChargeCard", "1", "worker-1", RetryState.TIMEOUT),
                "trace", new FailureInfo(FailureInfo.Kind.TIMEOUT, "activity HEARTBEAT timeout", null, false,
                        List.of(heartbeat), TimeoutType.HEARTBEAT, null, "", null, null), null));
        assertThat(ExecutionMapping.toPublic((Failure) null)).isNull();
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
