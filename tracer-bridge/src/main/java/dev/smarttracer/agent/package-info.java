/**
 * The SmartTracer agent's entry point, the one class of the agent jar an application's class
 * path can see: it installs the bridge and hands the JVM's instrumentation over.
 */
package dev.smarttracer.agent;
