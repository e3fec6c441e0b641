/**
 * JMH benchmarks of the engine measured through the public API: a traced call delivered, a method
 * after its trace, a trace installed, the first trace of a JVM.
 */
package dev.smarttracer.benchmarks.engine;
