/**
 * The classes tracer-core's tests trace, and the main classes of the JVMs they start. They live beside the tests,
 * not in the sample-app module that samples and benchmarks share, for three reasons. Each is a shape made for
 * particular tests ({@link com.acme.Bytecode}: every shape javac writes; {@link com.acme.Nulls}: the JVM's helpful
 * NullPointerException, whose source HelpfulMessagesTest recompiles without debug information; {@link
 * com.acme.Version}: a bridge method; {@link com.acme.Restorable}: a restore made to fail), and the tests assert on
 * their names and on exactly which of them a pattern such as {@code com.acme.*Service#get*} selects, which more
 * classes in the package would change. The child JVMs' main classes call SmartTracer, which a module that
 * tracer-core's tests depend on cannot. And they sit outside {@code dev.smarttracer}, whose classes the tracer
 * never traces.
 */
package com.acme;
