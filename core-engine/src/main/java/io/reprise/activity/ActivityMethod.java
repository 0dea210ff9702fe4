package io.reprise.activity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Optional on a method of an {@link ActivityInterface}: sets its Activity Type name. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ActivityMethod {

    /** The Activity Type name. Default: the method name with its first letter in upper case. */
    String name() default "";
}
