package io.reprise.activity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface whose every method is an Activity. The Activity Type name of a method is
 * {@code namePrefix} + the method name with its first letter in upper case ({@code chargeCard}
 * becomes {@code ChargeCard}), unless {@link ActivityMethod#name()} says otherwise.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ActivityInterface {

    /** Prefix of every Activity Type name of this interface. Default: none. */
    String namePrefix() default "";
}
