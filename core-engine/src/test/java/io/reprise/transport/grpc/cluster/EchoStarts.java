package io.reprise.transport.grpc.cluster;

import io.reprise.common.DataConverter;
import io.reprise.engine.api.StartWorkflowRequest;
import java.util.List;

/** Starts of {@link ClusterRouterTest.Echo} on Task Queue {@code echo}, echoing their Workflow Id. */
final class EchoStarts {

    private EchoStarts() {
    }

    static StartWorkflowRequest request(String workflowId) {
        return new StartWorkflowRequest("default", workflowId, "Echo", "echo",
                List.of(DataConverter.getDefaultInstance().toPayload(workflowId)), null, null, null, "client", null);
    }
}
