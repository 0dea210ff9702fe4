package io.reprise.sample.web;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowExecutionAlreadyStarted;
import io.reprise.client.WorkflowExecutionDescription;
import io.reprise.client.WorkflowNotFoundException;
import io.reprise.client.WorkflowQueryException;
import io.reprise.client.WorkflowStub;
import io.reprise.common.WorkflowExecution;
import io.reprise.failure.RepriseFailure;
import io.reprise.failure.WorkflowFailedException;
import io.reprise.sample.order.Order;
import io.reprise.sample.order.OrderResult;
import io.reprise.sample.order.OrderStep;
import io.reprise.sample.order.OrderWorkflow;
import io.reprise.spring.boot.RepriseWorkflowOptionsFactory;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Orders over HTTP. {@code POST /orders} starts an {@link OrderWorkflow} with the Workflow Id
 * {@code order-<orderId>} and answers at once (202); {@code GET /orders/{orderId}} reads its
 * status, its current step (a workflow query) and, once it is closed, its result or failure;
 * {@code POST /orders/{orderId}/cancel} asks the workflow to cancel (it then undoes what it did).
 */
@RestController
@RequestMapping("/orders")
public class OrderController {

    private static final Logger log = LoggerFactory.getLogger(OrderController.class);

    private final WorkflowClient client;
    private final RepriseWorkflowOptionsFactory workflowOptions;

    public OrderController(WorkflowClient client, RepriseWorkflowOptionsFactory workflowOptions) {
        this.client = client;
        this.workflowOptions = workflowOptions;
    }

    static String workflowId(String orderId) {
        return "order-" + orderId;
    }

    /** 202 with the execution; 400 for an invalid order; 409 when the order id was used before. */
    @PostMapping
    public ResponseEntity<?> place(@RequestBody Order order) {
        List<String> problems = order.problems();
        if (!problems.isEmpty()) {
            return ResponseEntity.badRequest().body(new ApiError("Invalid order: " + String.join("; ", problems)));
        }
        String workflowId = workflowId(order.orderId());
        // The engine refuses a second run while the first is running; a finished order must be refused too.
        if (exists(workflowId)) {
            return duplicate(order.orderId());
        }
        OrderWorkflow workflow = client.newWorkflowStub(OrderWorkflow.class,
                workflowOptions.newBuilder().setWorkflowId(workflowId).build());
        WorkflowExecution started;
        try {
            started = WorkflowClient.start(workflow::process, order);
        } catch (WorkflowExecutionAlreadyStarted e) {
            return duplicate(order.orderId());
        }
        return ResponseEntity.accepted().location(URI.create("/orders/" + order.orderId()))
                .body(new OrderAccepted(started.workflowId(), started.runId()));
    }

    /** 200 with the status and current step (and result or failure); 404 for an unknown order. */
    @GetMapping("/{orderId}")
    public ResponseEntity<?> status(@PathVariable String orderId) {
        if (!Order.isValidOrderId(orderId)) {
            return notFound(orderId);
        }
        WorkflowExecutionDescription description;
        try {
            description = client.describe(workflowId(orderId));
        } catch (WorkflowNotFoundException e) {
            return notFound(orderId);
        }
        WorkflowExecution execution = description.execution();
        String status = description.status().name();
        OrderResult result = null;
        String failure = null;
        if (description.status().isClosed()) {
            WorkflowStub stub = client.newUntypedWorkflowStubForRun(execution);
            try {
                result = stub.getResult(Duration.ofSeconds(5), OrderResult.class);
            } catch (WorkflowFailedException e) {
                failure = e.getCause() instanceof RepriseFailure cause ? cause.getOriginalMessage() : e.getMessage();
            } catch (TimeoutException e) {
                throw new IllegalStateException("The closed execution " + execution + " has no outcome", e);
            }
        }
        return ResponseEntity.ok(new OrderStatus(orderId, execution.workflowId(), execution.runId(), status,
                currentStep(execution), result, failure));
    }

    /** The workflow's answer to its {@code currentStep} query; a closed run answers by replaying its history. */
    private OrderStep currentStep(WorkflowExecution execution) {
        OrderWorkflow workflow = client.newWorkflowStub(OrderWorkflow.class, execution.workflowId(),
                execution.runId());
        try {
            return workflow.currentStep();
        } catch (WorkflowQueryException e) {
            // The status is still worth answering, e.g. while no worker polls the task queue.
            log.warn("No current step for {}: {}", execution, e.getMessage());
            return null;
        }
    }

    /**
     * 202 once the cancellation is recorded (the workflow then undoes the steps done so far and
     * ends {@code CANCELED}, unless the order has shipped already); 404 for an unknown order; 409
     * for a closed one.
     */
    @PostMapping("/{orderId}/cancel")
    public ResponseEntity<?> cancel(@PathVariable String orderId) {
        if (!Order.isValidOrderId(orderId)) {
            return notFound(orderId);
        }
        WorkflowExecutionDescription description;
        try {
            description = client.describe(workflowId(orderId));
        } catch (WorkflowNotFoundException e) {
            return notFound(orderId);
        }
        if (description.status().isClosed()) {
            return alreadyClosed(orderId, description.status().name());
        }
        WorkflowExecution execution = description.execution();
        try {
            client.newUntypedWorkflowStubForRun(execution)
                    .cancel("Canceled with POST /orders/" + orderId + "/cancel");
        } catch (WorkflowNotFoundException closedMeanwhile) {
            return alreadyClosed(orderId, client.describe(execution.workflowId(), execution.runId()).status().name());
        }
        return ResponseEntity.accepted().location(URI.create("/orders/" + orderId)).build();
    }

    private boolean exists(String workflowId) {
        try {
            client.describe(workflowId);
            return true;
        } catch (WorkflowNotFoundException e) {
            return false;
        }
    }

    private static ResponseEntity<ApiError> duplicate(String orderId) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(new ApiError("Order " + orderId + " already exists; GET /orders/" + orderId + " shows it"));
    }

    private static ResponseEntity<ApiError> alreadyClosed(String orderId, String status) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(new ApiError("Order " + orderId + " is already "
                + status + "; only a running order can be canceled"));
    }

    private static ResponseEntity<ApiError> notFound(String orderId) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError("No order " + orderId));
    }
}
