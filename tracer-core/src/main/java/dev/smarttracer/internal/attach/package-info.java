/**
 * Attaching to this JVM: obtains its {@code Instrumentation} from the SmartTracer agent, loading the
 * agent into the running JVM when it was not started with it, and checks that the bootstrap bridge the
 * engine links to is the one shipped in tracer-core. Not API.
 */
package dev.smarttracer.internal.attach;
