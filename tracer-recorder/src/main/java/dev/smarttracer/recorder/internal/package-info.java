/**
 * The recorder's internals, shared with the tracer only: the door through which the tracer writes
 * recordings, the JSON Lines codec and reader, the one string escaper, size estimates and the
 * latency histogram. Not API: the module exports it to SmartTracer's own modules only.
 */
package dev.smarttracer.recorder.internal;
