package io.reprise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowHistory;
import io.reprise.client.WorkflowOptions;
import io.reprise.internal.replay.WorkflowTaskFailure;
import io.reprise.spring.boot.fixtures.GreetingActivitiesImpl;
import io.reprise.spring.boot.fixtures.GreetingWorkflow;
import io.reprise.spring.boot.fixtures.GreetingWorkflowImpl;
import io.reprise.spring.boot.fixtures.Salutation;
import io.reprise.spring.boot.test.RepriseTest;
import io.reprise.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The replayer {@code @RepriseTest} injects builds workflow objects as the application does:
 * constructor injection, activity options from the configuration only, the application's converter.
 */
@RepriseTest(classes = SpringWorkflowReplayerTests.GreetingApplication.class,
        properties = "reprise.activities.Compose.start-to-close-timeout=10s")
class SpringWorkflowReplayerTests {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({GreetingWorkflowImpl.class, GreetingActivitiesImpl.class})
    static class GreetingApplication {
        @Bean
        Salutation salutation() {
            return new Salutation("Hello");
        }
    }

    @Autowired
    WorkflowClient client;

    @Autowired
    WorkflowReplayer replayer;

    @Test
    void replaysAHistoryOfAWorkflowWithConstructorInjectionAndOptionsFromConfiguration() {
        WorkflowHistory history = greet("replay-1", "Ada");

        replayer.replay(history.toJson());

        assertThat(replayer.getRegisteredWorkflowTypes()).containsExactly("GreetingWorkflow");
    }

    @Test
    void theStaticReplayerSaysWhyItCannotBuildASpringWorkflowAndWhatToUseInstead() {
        WorkflowHistory history = greet("replay-3", "Alan");

        assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, GreetingWorkflowImpl.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Workflow implementation " + GreetingWorkflowImpl.class.getName() + " has no no-argument "
                        + "constructor; replay it with a replayer given its factory: WorkflowReplayer.newBuilder()"
                        + ".registerWorkflowImplementationFactory(...), or in a Spring Boot test the WorkflowReplayer "
                        + "that @RepriseTest injects");
    }

    @Test
    void aWorkflowObjectThatCannotBeBuiltIsReportedByItsInnermostCause() {
        WorkflowHistory history = greet("replay-4", "Edsger");
        // Built the Spring way but without the application's activity options: the stub cannot be made.
        WorkflowReplayer withoutOptions = WorkflowReplayer.newBuilder()
                .registerWorkflowImplementationFactory(GreetingWorkflow.class,
                        () -> new GreetingWorkflowImpl(new Salutation("Hello")), null)
                .build();

        assertThatThrownBy(() -> withoutOptions.replay(history))
                .isInstanceOf(WorkflowTaskFailure.class)
                .hasMessage("WORKFLOW_WORKER_UNHANDLED_FAILURE: Cannot create the workflow object of Workflow Type "
                        + "\"GreetingWorkflow\" (" + GreetingWorkflow.class.getName() + "): IllegalArgumentException: "
                        + "ActivityOptions for activity \"Compose\": one of startToCloseTimeout or "
                        + "scheduleToCloseTimeout is required; set e.g. ActivityOptions.newBuilder()"
                        + ".setStartToCloseTimeout(Duration.ofSeconds(10))");
    }

    private WorkflowHistory greet(String workflowId, String name) {
        GreetingWorkflow workflow = client.newWorkflowStub(GreetingWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue("greetings").setWorkflowId(workflowId).build());
        assertThat(workflow.greet(name)).isEqualTo("Hello, " + name + "!");
        return client.fetchHistory(workflowId, null);
    }
}
