/**
 * Benchmark harnesses that run whole JVMs (the first trace in a loaded application, the recorder
 * under load) and turn JMH results into ratios against a baseline from the same run.
 */
package dev.smarttracer.benchmarks;
