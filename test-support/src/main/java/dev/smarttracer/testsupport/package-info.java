/**
 * What the tests of several modules share: {@link dev.smarttracer.testsupport.ChildJvm}, a second JVM driven line
 * by line, and {@link dev.smarttracer.testsupport.RunningCode}, the code of classes as a live JVM runs it. JDK types
 * only, so that tracer-core's tests can use it without a cycle.
 */
package dev.smarttracer.testsupport;
