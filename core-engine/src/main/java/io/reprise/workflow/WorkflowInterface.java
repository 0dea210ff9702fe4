package io.reprise.workflow;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface as a workflow definition. It must declare exactly one {@link WorkflowMethod};
 * it may declare {@link SignalMethod}s, {@link QueryMethod}s and {@link UpdateMethod}s.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WorkflowInterface {
}
