package io.reprise.spring.boot;

import io.reprise.activity.Activity;
import io.reprise.activity.ActivityInterface;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** An application with one workflow for the actuator tests: an activity that fails once, then a timer. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ ActuatorApplication.ShipmentWorkflowImpl.class, ActuatorApplication.CarrierImpl.class })
public class ActuatorApplication {

    static final String QUEUE = "shipments";

    @WorkflowInterface
    public interface ShipmentWorkflow {
        @WorkflowMethod
        String ship(String parcel);
    }

    @ActivityInterface
    public interface Carrier {
        /** Activity Type "Book". */
        String book(String parcel);
    }

    /** Has a no-argument constructor, so WorkflowReplayer can replay it. */
    @WorkflowImpl(taskQueues = QUEUE)
    public static class ShipmentWorkflowImpl implements ShipmentWorkflow {
        private final Carrier carrier = Workflow.newActivityStub(Carrier.class);

        @Override
        public String ship(String parcel) {
            String booking = carrier.book(parcel);
            Workflow.sleep(Duration.ofHours(1));
            return booking + " shipped";
        }
    }

    /** The first attempt of every booking fails with IllegalStateException. */
    @ActivityImpl(taskQueues = QUEUE)
    public static class CarrierImpl implements Carrier {
        @Override
        public String book(String parcel) {
            if (Activity.getExecutionContext().getInfo().attempt() == 1) {
                throw new IllegalStateException("carrier busy");
            }
            return "booked " + parcel;
        }
    }
}
