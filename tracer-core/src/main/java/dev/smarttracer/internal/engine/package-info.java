/**
 * A trace's life: starting it ({@link dev.smarttracer.internal.engine.TraceEngine}, the door
 * {@code SmartTracer} and the agent go through), the handle its caller holds, putting its probes
 * into the running code and taking them out, and playing a recording back. Not API: the module
 * exports it to SmartTracer's agent only. ARCHITECTURE.md draws it.
 */
package dev.smarttracer.internal.engine;
