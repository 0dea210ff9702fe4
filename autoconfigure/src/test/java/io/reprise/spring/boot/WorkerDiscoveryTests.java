package io.reprise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.activity.ActivityInterface;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.spring.boot.autoconfigure.RepriseClientAutoConfiguration;
import io.reprise.spring.boot.autoconfigure.RepriseEngineAutoConfiguration;
import io.reprise.spring.boot.autoconfigure.RepriseWorkerAutoConfiguration;
import io.reprise.spring.boot.fixtures.GreetingActivities;
import io.reprise.spring.boot.fixtures.GreetingActivitiesImpl;
import io.reprise.spring.boot.fixtures.GreetingWorkflow;
import io.reprise.spring.boot.fixtures.GreetingWorkflowImpl;
import io.reprise.spring.boot.worker.WorkersLifecycle;
import io.reprise.spring.boot.fixtures.Salutation;
import io.reprise.worker.WorkerFactory;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the starter finds @WorkflowImpl/@ActivityImpl beans and puts them into workers. */
class WorkerDiscoveryTests {

    static final AutoConfigurations REPRISE = AutoConfigurations.of(RepriseEngineAutoConfiguration.class,
            RepriseClientAutoConfiguration.class, RepriseWorkerAutoConfiguration.class);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(REPRISE)
            .withPropertyValues("reprise.store.type=memory",
                    "reprise.activity-defaults.start-to-close-timeout=10s")
            .withBean(Salutation.class, "Hello");

    @Test
    void annotatedBeansAreRegisteredIntoAWorkerForTheirTaskQueueAndRunWorkflows() {
        runner.withUserConfiguration(GreetingWorkflowImpl.class, GreetingActivitiesImpl.class).run(context -> {
            WorkerFactory factory = context.getBean(WorkerFactory.class);
            assertThat(factory.isStarted()).isTrue();
            assertThat(factory.getWorker("greetings").getRegisteredWorkflowTypes()).containsExactly("GreetingWorkflow");
            assertThat(factory.getWorker("greetings").getRegisteredActivityTypes()).containsExactly("Compose");
            assertThat(greet(context, "greetings", "Ada")).isEqualTo("Hello, Ada!");
        });
    }

    @Test
    void taskQueuePlaceholdersAreResolvedFromTheEnvironment() {
        runner.withUserConfiguration(GreetingWorkflowImpl.class, GreetingActivitiesImpl.class)
                .withPropertyValues("greetings.task-queue=welcome-desk")
                .run(context -> {
                    WorkerFactory factory = context.getBean(WorkerFactory.class);
                    assertThat(factory.getWorker("greetings")).isNull();
                    assertThat(factory.getWorker("welcome-desk").getRegisteredWorkflowTypes())
                            .containsExactly("GreetingWorkflow");
                    assertThat(greet(context, "welcome-desk", "Grace")).isEqualTo("Hello, Grace!");
                });
    }

    @WorkflowInterface
    public interface Echo {
        @WorkflowMethod
        String echo(String text);
    }

    @ActivityInterface
    public interface Shout {
        String shout(String text);
    }

    @WorkflowImpl
    public static class EchoImpl implements Echo {
        private final Shout shout = Workflow.newActivityStub(Shout.class);

        @Override
        public String echo(String text) {
            return shout.shout(text);
        }
    }

    @ActivityImpl(taskQueues = { "${extra.queue}", "default-queue" })
    public static class ShoutImpl implements Shout {
        @Override
        public String shout(String text) {
            return text.toUpperCase();
        }
    }

    @Test
    void beansThatNameNoQueueGoToTheDefaultTaskQueueAndOneBeanMayServeSeveralQueues() {
        runner.withUserConfiguration(EchoImpl.class, ShoutImpl.class)
                .withPropertyValues("reprise.default-task-queue=default-queue", "extra.queue=loud")
                .run(context -> {
                    WorkerFactory factory = context.getBean(WorkerFactory.class);
                    assertThat(factory.getWorker("default-queue").getRegisteredWorkflowTypes())
                            .containsExactly("Echo");
                    assertThat(factory.getWorker("default-queue").getRegisteredActivityTypes())
                            .containsExactly("Shout");
                    assertThat(factory.getWorker("loud").getRegisteredWorkflowTypes()).isEmpty();
                    assertThat(factory.getWorker("loud").getRegisteredActivityTypes()).containsExactly("Shout");
                    Echo echo = context.getBean(WorkflowClient.class).newWorkflowStub(Echo.class,
                            WorkflowOptions.newBuilder().setTaskQueue("default-queue").build());
                    assertThat(echo.echo("hi")).isEqualTo("HI");
                });
    }

    @Test
    void everyWorkflowExecutionGetsANewInstanceWithItsDependenciesInjected() {
        runner.withUserConfiguration(GreetingWorkflowImpl.class, GreetingActivitiesImpl.class).run(context -> {
            assertThat(context.getBeanFactory().getBeanDefinition(beanName(context, GreetingWorkflowImpl.class))
                    .isPrototype()).isTrue();
            Salutation salutation = context.getBean(Salutation.class);
            int before = salutation.workflowInstances().get();

            assertThat(greet(context, "greetings", "Ada")).isEqualTo("Hello, Ada!");
            assertThat(greet(context, "greetings", "Alan")).isEqualTo("Hello, Alan!");

            // One instance per execution at least (a replay after a cache miss creates another):
            // a singleton would have been created once, before.
            assertThat(salutation.workflowInstances().get() - before).isGreaterThanOrEqualTo(2);
        });
    }

    @Test
    void workersKeepRunningWhileATestContextIsPausedAndAfterItIsRestarted() {
        // Spring's test context cache pauses an unused context and restarts it when a later test class uses it.
        runner.withUserConfiguration(GreetingWorkflowImpl.class, GreetingActivitiesImpl.class).run(context -> {
            assertThat(greet(context, "greetings", "Ada")).isEqualTo("Hello, Ada!");

            context.getSourceApplicationContext().pause();
            assertThat(greet(context, "greetings", "Grace")).isEqualTo("Hello, Grace!");
            context.getSourceApplicationContext().restart();

            assertThat(greet(context, "greetings", "Alan")).isEqualTo("Hello, Alan!");
            assertThat(context.getBean(WorkersLifecycle.class).isRunning()).isTrue();
        });
    }

    /** Wants the workflow injected, as if it were a client stub. */
    static class NeedsWorkflow {
        NeedsWorkflow(GreetingWorkflow workflow) {
        }
    }

    @Test
    void theWorkflowImplementationCannotBeInjectedWhereAClientStubWasMeant() {
        runner.withUserConfiguration(GreetingWorkflowImpl.class, GreetingActivitiesImpl.class, NeedsWorkflow.class)
                .run(context -> assertThat(context).getFailure()
                        .rootCause()
                        .isInstanceOf(NoSuchBeanDefinitionException.class)
                        .hasMessageContaining(GreetingWorkflow.class.getName()));
    }

    @Configuration(proxyBeanMethods = false)
    static class WorkflowFromBeanMethod {
        @Bean
        GreetingWorkflowImpl greetingWorkflow(Salutation salutation) {
            return new GreetingWorkflowImpl(salutation);
        }
    }

    @Test
    void aWorkflowBeanFromABeanMethodIsMadePrototypeToo() {
        runner.withUserConfiguration(WorkflowFromBeanMethod.class, GreetingActivitiesImpl.class).run(context -> {
            assertThat(context.getBeanFactory().getBeanDefinition("greetingWorkflow").isPrototype()).isTrue();
            assertThat(greet(context, "greetings", "Edsger")).isEqualTo("Hello, Edsger!");
        });
    }

    /** Wraps the activity bean in a Spring AOP proxy whose advice counts the calls. */
    static final class ProxyingPostProcessor implements BeanPostProcessor {
        final AtomicInteger advisedCalls = new AtomicInteger();
        private final boolean proxyTargetClass;

        ProxyingPostProcessor(boolean proxyTargetClass) {
            this.proxyTargetClass = proxyTargetClass;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (!(bean instanceof GreetingActivitiesImpl)) {
                return bean;
            }
            ProxyFactory proxy = new ProxyFactory(bean);
            proxy.setProxyTargetClass(proxyTargetClass);
            proxy.addAdvice((MethodInterceptor) invocation -> {
                advisedCalls.incrementAndGet();
                return invocation.proceed();
            });
            return proxy.getProxy();
        }
    }

    @Test
    void aJdkProxiedActivityBeanIsFoundAndItsAdviceRuns() {
        ProxyingPostProcessor proxying = new ProxyingPostProcessor(false);
        runner.withUserConfiguration(GreetingWorkflowImpl.class, GreetingActivitiesImpl.class)
                .withBean(ProxyingPostProcessor.class, () -> proxying)
                .run(context -> {
                    assertThat(AopUtils.isJdkDynamicProxy(context.getBean(GreetingActivities.class))).isTrue();
                    assertThat(greet(context, "greetings", "Barbara")).isEqualTo("Hello, Barbara!");
                    assertThat(proxying.advisedCalls).hasValue(1);
                });
    }

    @Test
    void aCglibProxiedActivityBeanIsFoundAndItsAdviceRuns() {
        ProxyingPostProcessor proxying = new ProxyingPostProcessor(true);
        runner.withUserConfiguration(GreetingWorkflowImpl.class, GreetingActivitiesImpl.class)
                .withBean(ProxyingPostProcessor.class, () -> proxying)
                .run(context -> {
                    assertThat(AopUtils.isCglibProxy(context.getBean(GreetingActivities.class))).isTrue();
                    assertThat(greet(context, "greetings", "Barbara")).isEqualTo("Hello, Barbara!");
                    assertThat(proxying.advisedCalls).hasValue(1);
                });
    }

    @Test
    void withoutAnnotatedBeansThereAreNoWorkersButTheClientWorks() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(WorkflowClient.class).hasSingleBean(WorkerFactory.class);
            assertThat(context.getBean(WorkerFactory.class).getWorker("greetings")).isNull();
        });
    }

    static String greet(AssertableApplicationContext context, String taskQueue, String name) throws Exception {
        GreetingWorkflow workflow = context.getBean(WorkflowClient.class).newWorkflowStub(GreetingWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(taskQueue).build());
        var execution = WorkflowClient.start(workflow::greet, name);
        return context.getBean(WorkflowClient.class).newUntypedWorkflowStub(execution.workflowId())
                .getResult(Duration.ofSeconds(10), String.class);
    }

    static String beanName(AssertableApplicationContext context, Class<?> type) {
        List<String> names = List.of(context.getBeanNamesForType(type));
        assertThat(names).hasSize(1);
        return names.get(0);
    }
}
