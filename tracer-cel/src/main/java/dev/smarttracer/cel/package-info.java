/**
 * Trace conditions and distinct keys in the Common Expression Language (CEL): {@link
 * dev.smarttracer.cel.CelCondition} compiles an expression such as {@code args[0].customerId == 42}
 * or {@code elapsed > duration('200ms')} for a {@link dev.smarttracer.cel.Stage} (entry or exit),
 * type-checks it at once and reports a bad one as a one-line {@link
 * dev.smarttracer.cel.ConditionException}, then evaluates it over a {@link
 * dev.smarttracer.cel.CallInput} without ever throwing or calling application code: arguments, the
 * result and the exception are read as values (fields read reflectively, JDK collections through
 * their own API, bounded in depth and size), failures are counted, and macros are bounded in
 * iterations. CEL and everything it brings are relocated inside this module's jar under {@code
 * dev.smarttracer.shaded}; the module depends on nothing else of SmartTracer.
 */
package dev.smarttracer.cel;
