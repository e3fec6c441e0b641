package com.acme.ctors;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The probe events a scenario must produce, in order, when every constructor of its classes is woven:
 * {@code +Class(parameter types) [arguments]} for an entry, {@code -Class(parameter types) = #Class} for a
 * return (the object built), {@code -Class(parameter types) ! Type: message} for a throw.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Events {
    String[] value();
}
