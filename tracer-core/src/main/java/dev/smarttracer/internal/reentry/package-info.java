/**
 * How the tracer never traces itself: the per-thread re-entry flag every probe path claims first,
 * and the tracer's own threads, marked inside it for their whole life. Not API: the module
 * exports it to SmartTracer's agent, whose threads are made here too.
 */
package dev.smarttracer.internal.reentry;
