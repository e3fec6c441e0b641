package dev.smarttracer.internal.reentry;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of the calling-thread path that only ever runs with the re-entry guard set:
 * what it calls is not traced, so {@link PreGuardCalls} stops there.
 */
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface GuardHeld {
}
