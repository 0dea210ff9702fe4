package io.reprise.workflow;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the validator of an {@link UpdateMethod}: a {@code void} method of the workflow interface
 * with the same parameters, run before the update is accepted. Throwing rejects the update: the
 * caller gets the exception and the workflow's history keeps no trace of it. A validator must only
 * read the workflow's state (no activities, timers or other commands; it is not run on replay).
 *
 * <pre>{@code
 * @UpdateMethod
 * int addItem(String sku);
 *
 * @UpdateValidatorMethod(updateName = "addItem")
 * void validateAddItem(String sku);
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface UpdateValidatorMethod {

    /** The name of the update this method validates. */
    String updateName();
}
