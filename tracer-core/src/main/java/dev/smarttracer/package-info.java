/**
 * SmartTracer's API: trace the next N calls of chosen methods of this JVM ({@link
 * dev.smarttracer.SmartTracer}), with options ({@link dev.smarttracer.TraceOptions}), a handle on each
 * running trace ({@link dev.smarttracer.Trace}) and handlers that receive its events ({@link
 * dev.smarttracer.TraceHandler}, {@link dev.smarttracer.CustomTracer}). Recorded events and the
 * recorder are in {@code dev.smarttracer.recorder}.
 */
package dev.smarttracer;
