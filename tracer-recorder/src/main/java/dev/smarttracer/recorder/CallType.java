package dev.smarttracer.recorder;

/** What a recorded {@link Call} event is: a method's entry, its normal return, or its throw. */
public enum CallType {
    /** The method was entered; the event carries its arguments. */
    CALL,
    /** The method returned normally; the event carries the return value and duration. */
    RETURN,
    /** The method threw; the event carries the exception's type, message and duration. */
    EXCEPTION
}
