/**
 * The tracing engine: puts probes into the running bytecode and takes them out, runs the
 * calling-thread side of a traced call, and moves each trace through its life on the tracer's own
 * threads. Not API: the module exports it to SmartTracer's agent only. ARCHITECTURE.md draws it.
 */
package dev.smarttracer.internal.engine;
