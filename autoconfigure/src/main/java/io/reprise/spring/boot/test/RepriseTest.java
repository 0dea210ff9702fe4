package io.reprise.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.TestPropertySource;

/**
 * A {@link SpringBootTest @SpringBootTest} whose Reprise runs on an in-memory store with a test
 * clock that skips time: while a client waits for a workflow's result and nothing is in
 * progress, the clock jumps to the next durable timer, so a workflow that sleeps for days, or an
 * activity that retries for an hour, finishes in milliseconds. The application's own workflows,
 * activities and configuration are used unchanged.
 *
 * <pre>{@code
 * @RepriseTest
 * class OrderWorkflowTests {
 *     @Autowired WorkflowClient client;
 *
 *     @Test
 *     void remindsAfterThreeDays() {
 *         OrderWorkflow order = client.newWorkflowStub(OrderWorkflow.class,
 *                 WorkflowOptions.newBuilder().setTaskQueue("orders").build());
 *         assertThat(order.process(anOrder())).isEqualTo(...);   // the sleep is skipped
 *     }
 * }
 * }</pre>
 *
 * <p>The test clock runs at real-time pace and jumps ahead only while something waits for a
 * result ({@code getResult}, or a call on a typed stub) and the engine is idle (no workflow task
 * or activity in progress, only timers to wait for). So a workflow started and left alone runs in
 * real time: its 1 s sleep ends after about 1 s, and an activity that runs past its Start-To-Close
 * or Heartbeat Timeout times out and is retried. Inject
 * {@link io.reprise.testing.TestWorkflowEnvironment} to read the test clock or to move it with
 * {@code sleep(Duration)}.
 *
 * <p>With the system property {@code reprise.test.transport=grpc} (e.g. {@code -Dreprise.test.transport=grpc},
 * or Surefire's {@code systemPropertyVariables}), the test's engine is served by a gRPC server on a loopback port and
 * the application's {@code WorkflowClient} and workers reach it through the remote client, so every call crosses a
 * real socket; the clock behaves as above. Every {@code @RepriseTest} class carries the JUnit tag
 * {@value #TAG}, so a build can run these suites a second time that way (a Surefire execution with
 * {@code <groups>reprise-test</groups>} and the property).
 *
 * @see RepriseTestConfiguration
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
@Import({RepriseTestConfiguration.class, RepriseReplayerConfiguration.class})
@TestPropertySource(properties = "reprise.store.type=memory")
@Tag(RepriseTest.TAG)
public @interface RepriseTest {

    /** The JUnit tag of every {@code @RepriseTest} class: {@value}. */
    String TAG = "reprise-test";

    /** Properties added to the test's environment, in {@code key=value} form; see {@link SpringBootTest#properties()}. */
    @AliasFor(annotation = SpringBootTest.class)
    String[] properties() default {};

    /** The component classes that make up the application context; see {@link SpringBootTest#classes()}. */
    @AliasFor(annotation = SpringBootTest.class)
    Class<?>[] classes() default {};

    /** The web environment of the test; see {@link SpringBootTest#webEnvironment()}. */
    @AliasFor(annotation = SpringBootTest.class)
    SpringBootTest.WebEnvironment webEnvironment() default SpringBootTest.WebEnvironment.MOCK;
}
