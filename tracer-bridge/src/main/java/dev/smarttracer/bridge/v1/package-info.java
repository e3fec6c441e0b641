/**
 * The bootstrap bridge, version 1: the few JDK-only types that advice inlined into traced methods
 * calls, defined in the bootstrap class loader so that every class loader sees them, and shared by
 * every SmartTracer engine in the JVM. Never on an application class path.
 */
package dev.smarttracer.bridge.v1;
