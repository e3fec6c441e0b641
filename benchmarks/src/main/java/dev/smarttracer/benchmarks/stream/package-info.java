/**
 * JMH benchmarks of a streamed event's path outside the calling thread: encoded and framed in the
 * target, read, decoded and printed in the command line.
 */
package dev.smarttracer.benchmarks.stream;
