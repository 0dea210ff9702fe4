package io.reprise.workflow;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The entry point of a workflow; its arguments and result are serialized with the data converter. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface WorkflowMethod {

    /** The Workflow Type name. Default: the simple name of the interface. */
    String name() default "";
}
