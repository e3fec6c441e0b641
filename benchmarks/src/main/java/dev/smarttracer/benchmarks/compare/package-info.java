/**
 * The side-by-side comparison: the same workload ({@code com.acme.greeting}) traced by SmartTracer's
 * command-line tool, Arthas, JDK Flight Recorder's method tracing and async-profiler, one target JVM
 * per measurement, each tool a pluggable {@link dev.smarttracer.benchmarks.compare.Tool}. Run by
 * {@code benchmarks/compare/compare.sh}, which fetches the other tools first.
 */
package dev.smarttracer.benchmarks.compare;
