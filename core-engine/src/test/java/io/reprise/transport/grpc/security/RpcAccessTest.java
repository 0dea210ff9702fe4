package io.reprise.transport.grpc.security;

import static io.reprise.transport.grpc.security.Role.ADMIN;
import static io.reprise.transport.grpc.security.Role.READ;
import static io.reprise.transport.grpc.security.Role.WORKER;
import static io.reprise.transport.grpc.security.Role.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.MethodDescriptor;
import io.reprise.engine.proto.v1.CompleteActivityTaskRequest;
import io.reprise.engine.proto.v1.EngineServiceGrpc;
import io.reprise.engine.proto.v1.NamespaceConfig;
import io.reprise.engine.proto.v1.RegisterNamespaceRequest;
import io.reprise.engine.proto.v1.SignalWithStartWorkflowRequest;
import io.reprise.engine.proto.v1.StartWorkflowRequest;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RpcAccessTest {

    /** The roles of docs/remote.md's table; {@code null}: any known token. */
    private static final Map<String, Role> DOCUMENTED = new HashMap<>();

    static {
        for (String rpc : new String[] {"DescribeWorkflow", "GetHistory", "ListExecutions", "CountExecutions",
                "AwaitOutcome", "QueryWorkflow", "DescribeNamespace"}) {
            DOCUMENTED.put(rpc, READ);
        }
        for (String rpc : new String[] {"StartWorkflow", "SignalWorkflow", "SignalWithStartWorkflow",
                "RequestCancelWorkflow", "TerminateWorkflow", "UpdateWorkflow"}) {
            DOCUMENTED.put(rpc, WRITE);
        }
        for (String rpc : new String[] {"PollWorkflowTask", "CompleteWorkflowTask", "FailWorkflowTask",
                "PollActivityTask", "CompleteActivityTask", "FailActivityTask", "RecordActivityHeartbeat",
                "ReportActivityTaskCanceled", "RecordActivityHeartbeatById", "CompleteActivityTaskById",
                "FailActivityTaskById", "ReportActivityTaskCanceledById", "RespondQueryTask", "HandBackTask"}) {
            DOCUMENTED.put(rpc, WORKER);
        }
        for (String rpc : new String[] {"RegisterNamespace", "UpdateNamespace", "ListNamespaces"}) {
            DOCUMENTED.put(rpc, ADMIN);
        }
        DOCUMENTED.put("GetServerInfo", null);
    }

    @Test
    void everyRpcOfServiceProtoHasARuleAndNoRuleNamesAnotherRpc() {
        var rpcs = EngineServiceGrpc.getServiceDescriptor().getMethods().stream()
                .map(MethodDescriptor::getBareMethodName).toList();

        assertThat(rpcs).allSatisfy(rpc -> assertThat(RpcAccess.of(rpc)).as("the rule of %s", rpc).isPresent());
        assertThat(RpcAccess.methods()).containsExactlyInAnyOrderElementsOf(rpcs);
    }

    @Test
    void eachRpcNeedsTheRoleTheDocsGiveIt() {
        assertThat(DOCUMENTED.keySet()).containsExactlyInAnyOrderElementsOf(RpcAccess.methods());
        DOCUMENTED.forEach((rpc, role) ->
                assertThat(RpcAccess.of(rpc).orElseThrow().role()).as("the role of %s", rpc).isEqualTo(role));
    }

    @Test
    void theNamespaceComesFromTheRequestOrFromTheTaskTokenItAnswers() throws IOException {
        assertThat(namespace("StartWorkflow", StartWorkflowRequest.newBuilder().setNamespace("orders").build()))
                .isEqualTo("orders");
        assertThat(namespace("StartWorkflow", StartWorkflowRequest.getDefaultInstance())).isEmpty();
        assertThat(namespace("SignalWithStartWorkflow", SignalWithStartWorkflowRequest.newBuilder()
                .setStart(StartWorkflowRequest.newBuilder().setNamespace("billing")).build())).isEqualTo("billing");
        assertThat(namespace("RegisterNamespace", RegisterNamespaceRequest.newBuilder()
                .setConfig(NamespaceConfig.newBuilder().setName("audit")).build())).isEqualTo("audit");
        assertThat(namespace("CompleteActivityTask", CompleteActivityTaskRequest.newBuilder()
                .setTaskToken(ByteString.copyFrom(taskToken("orders"))).build())).isEqualTo("orders");
        assertThat(namespace("CompleteActivityTask", CompleteActivityTaskRequest.newBuilder()
                .setTaskToken(ByteString.copyFromUtf8("not a token")).build())).isEmpty();
        assertThat(namespace("ListNamespaces", null)).isEqualTo(RpcAccess.ALL_NAMESPACES);
    }

    @Test
    void everyRoleIncludesReadAndNoOtherRole() {
        for (Role role : Role.values()) {
            assertThat(role.includes(READ)).isTrue();
            assertThat(role.includes(role)).isTrue();
        }
        assertThat(WRITE.includes(WORKER)).isFalse();
        assertThat(WORKER.includes(WRITE)).isFalse();
        assertThat(ADMIN.includes(WRITE)).isFalse();
        assertThat(READ.includes(WRITE)).isFalse();
    }

    private static String namespace(String rpc, Object request) {
        return RpcAccess.of(rpc).orElseThrow().namespace().apply(request);
    }

    /** A task token as the engine writes it (format 1: format, kind, namespace, …). */
    private static byte[] taskToken(String namespace) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeByte(1);
            out.writeUTF(namespace);
            out.writeUTF("order-1");
            out.writeUTF("run-1");
            out.writeLong(5);
            out.writeLong(1);
            out.writeInt(0);
        }
        return bytes.toByteArray();
    }
}
