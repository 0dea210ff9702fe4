package io.reprise.transport.grpc.security;

import static io.reprise.engine.proto.v1.EngineServiceGrpc.*;
import static io.reprise.transport.grpc.security.Role.ADMIN;
import static io.reprise.transport.grpc.security.Role.READ;
import static io.reprise.transport.grpc.security.Role.WORKER;
import static io.reprise.transport.grpc.security.Role.WRITE;

import com.google.protobuf.ByteString;
import io.grpc.MethodDescriptor;
import io.reprise.engine.TaskTokens;
import io.reprise.engine.proto.v1.*;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one table of who may call what: for every RPC of {@code reprise.engine.v1.EngineService}, the role it needs
 * and the namespace it needs it in (the request's namespace; for a call that answers a task, the namespace its task
 * token names). {@code RpcAccessTest} fails when an RPC of service.proto has no row here.
 */
public final class RpcAccess {

    /** The namespace of grants that hold in every namespace, and of calls that concern them all. */
    public static final String ALL_NAMESPACES = "*";

    /**
     * What one RPC needs.
     *
     * @param role the role it needs; {@code null}: any known token may call it
     * @param namespace the namespace its request concerns ({@code ""} when the request names none; the engine then
     *     refuses it); unused when {@code role} is null
     */
    public record Rule(Role role, Function<Object, String> namespace) {
    }

    private static final Map<String, Rule> RULES = Map.ofEntries(
            // executions
            rule(getStartWorkflowMethod(), WRITE, StartWorkflowRequest::getNamespace),
            rule(getDescribeWorkflowMethod(), READ, DescribeWorkflowRequest::getNamespace),
            rule(getGetHistoryMethod(), READ, GetHistoryRequest::getNamespace),
            rule(getListExecutionsMethod(), READ, ListExecutionsRequest::getNamespace),
            rule(getCountExecutionsMethod(), READ, CountExecutionsRequest::getNamespace),
            rule(getAwaitOutcomeMethod(), READ, AwaitOutcomeRequest::getNamespace),
            // workflow tasks
            rule(getPollWorkflowTaskMethod(), WORKER, PollWorkflowTaskRequest::getNamespace),
            rule(getCompleteWorkflowTaskMethod(), WORKER, r -> tokenNamespace(r.getTaskToken())),
            rule(getFailWorkflowTaskMethod(), WORKER, r -> tokenNamespace(r.getTaskToken())),
            // activity tasks
            rule(getPollActivityTaskMethod(), WORKER, PollActivityTaskRequest::getNamespace),
            rule(getCompleteActivityTaskMethod(), WORKER, r -> tokenNamespace(r.getTaskToken())),
            rule(getFailActivityTaskMethod(), WORKER, r -> tokenNamespace(r.getTaskToken())),
            rule(getRecordActivityHeartbeatMethod(), WORKER, r -> tokenNamespace(r.getTaskToken())),
            rule(getReportActivityTaskCanceledMethod(), WORKER, r -> tokenNamespace(r.getTaskToken())),
            rule(getRecordActivityHeartbeatByIdMethod(), WORKER, RecordActivityHeartbeatByIdRequest::getNamespace),
            rule(getCompleteActivityTaskByIdMethod(), WORKER, CompleteActivityTaskByIdRequest::getNamespace),
            rule(getFailActivityTaskByIdMethod(), WORKER, FailActivityTaskByIdRequest::getNamespace),
            rule(getReportActivityTaskCanceledByIdMethod(), WORKER, ReportActivityTaskCanceledByIdRequest::getNamespace),
            // messages and lifecycle
            rule(getSignalWorkflowMethod(), WRITE, SignalWorkflowRequest::getNamespace),
            rule(getSignalWithStartWorkflowMethod(), WRITE, r -> r.getStart().getNamespace()),
            rule(getRequestCancelWorkflowMethod(), WRITE, RequestCancelWorkflowRequest::getNamespace),
            rule(getTerminateWorkflowMethod(), WRITE, TerminateWorkflowRequest::getNamespace),
            rule(getQueryWorkflowMethod(), READ, QueryWorkflowRequest::getNamespace),
            rule(getRespondQueryTaskMethod(), WORKER, r -> tokenNamespace(r.getTaskToken())),
            rule(getUpdateWorkflowMethod(), WRITE, UpdateWorkflowRequest::getNamespace),
            // the server and namespaces
            rule(getGetServerInfoMethod(), null, r -> ALL_NAMESPACES),
            rule(getRegisterNamespaceMethod(), ADMIN, r -> r.getConfig().getName()),
            rule(getUpdateNamespaceMethod(), ADMIN, r -> r.getConfig().getName()),
            rule(getDescribeNamespaceMethod(), READ, DescribeNamespaceRequest::getName),
            rule(getListNamespacesMethod(), ADMIN, r -> ALL_NAMESPACES),
            // between cluster nodes (a worker's node hands back a task it polled for the worker)
            rule(getHandBackTaskMethod(), WORKER, r -> tokenNamespace(r.getTaskToken())));

    private RpcAccess() {
    }

    /** The rule of an RPC by its bare name ({@code StartWorkflow}); empty for an RPC this table does not know. */
    public static Optional<Rule> of(String method) {
        return Optional.ofNullable(RULES.get(method));
    }

    /** The RPCs the table has a row for, by bare name. */
    public static Set<String> methods() {
        return RULES.keySet();
    }

    private static String tokenNamespace(ByteString taskToken) {
        return TaskTokens.namespace(taskToken.toByteArray()).orElse("");
    }

    @SuppressWarnings("unchecked")
    private static <Q> Map.Entry<String, Rule> rule(MethodDescriptor<Q, ?> method, Role role,
            Function<Q, String> namespace) {
        return Map.entry(method.getBareMethodName(), new Rule(role, request -> namespace.apply((Q) request)));
    }
}
