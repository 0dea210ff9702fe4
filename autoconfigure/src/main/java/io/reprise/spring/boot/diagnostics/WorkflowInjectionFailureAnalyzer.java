package io.reprise.spring.boot.diagnostics;

import io.reprise.workflow.WorkflowInterface;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports a bean that asks for a {@link WorkflowInterface @WorkflowInterface} type to be injected,
 * where a client stub was meant. The {@code @WorkflowImpl} beans are no autowiring candidates:
 * workflow code runs only inside a Workflow Execution, on a worker.
 *
 * <p>Runs before Spring Boot's analyzer of missing beans, which creates the prototype
 * {@code @WorkflowImpl} beans while it looks for candidates, fails doing so, and leaves a stack
 * trace.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class WorkflowInjectionFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchBeanDefinitionException> {

    private final BeanFactory beanFactory;

    /** Spring Boot passes the application's bean factory when it creates the analyzer. */
    public WorkflowInjectionFailureAnalyzer(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause) {
        Class<?> type = cause.getResolvableType() != null ? cause.getResolvableType().resolve() : cause.getBeanType();
        if (type == null || !type.isInterface() || !type.isAnnotationPresent(WorkflowInterface.class)) {
            return null;
        }
        UnsatisfiedDependencyException unsatisfied = findCause(rootFailure, UnsatisfiedDependencyException.class);
        String requester = "A bean";
        if (unsatisfied != null && unsatisfied.getInjectionPoint() != null) {
            requester = describe(unsatisfied.getInjectionPoint());
        } else if (unsatisfied != null && unsatisfied.getBeanName() != null) {
            requester = "Bean '" + unsatisfied.getBeanName() + "'";
        }
        String simpleName = type.getSimpleName();
        String description = requester + " asks for " + type.getName() + " to be injected. " + simpleName
                + " is a @WorkflowInterface: workflow code runs only inside a Workflow Execution, on a worker, so its "
                + "implementation" + implementations(type) + " is not a bean to inject.";
        String action = "To start or call the workflow, inject WorkflowClient (and RepriseWorkflowOptionsFactory for "
                + "the options) instead, and make a stub: client.newWorkflowStub(" + simpleName + ".class, "
                + "options.newBuilder().setWorkflowId(...).build()). Calling the stub's @WorkflowMethod starts a "
                + "Workflow Execution and waits for its result; WorkflowClient.start(stub::method, ...) only starts it.";
        return new FailureAnalysis(description, action, cause);
    }

    /** " (@WorkflowImpl bean 'x')" for the beans of the type, found without creating any; "" when none. */
    private String implementations(Class<?> type) {
        if (!(beanFactory instanceof ListableBeanFactory listable)) {
            return "";
        }
        List<String> names = Arrays.asList(listable.getBeanNamesForType(type, true, false));
        if (names.isEmpty()) {
            return "";
        }
        return names.size() == 1 ? " (@WorkflowImpl bean '" + names.get(0) + "')"
                : " (@WorkflowImpl beans " + names.stream().map(name -> "'" + name + "'").toList() + ")";
    }

    private static String describe(InjectionPoint injectionPoint) {
        if (injectionPoint.getField() != null) {
            return "Field " + injectionPoint.getField().getName() + " in "
                    + injectionPoint.getField().getDeclaringClass().getName();
        }
        MethodParameter parameter = injectionPoint.getMethodParameter();
        if (parameter == null) {
            return "A bean";
        }
        String executable = parameter.getExecutable() instanceof Constructor<?> ? "constructor"
                : "method " + parameter.getExecutable().getName();
        return "Parameter " + parameter.getParameterIndex() + " of " + executable + " in "
                + parameter.getDeclaringClass().getName();
    }
}
