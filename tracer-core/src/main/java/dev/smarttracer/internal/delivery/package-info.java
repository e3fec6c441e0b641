/**
 * A running trace and the way of its events: its bounds and state
 * ({@link dev.smarttracer.internal.delivery.TraceRun}, {@link dev.smarttracer.internal.delivery.Limiter}),
 * the one queue traced threads append to, the dispatcher thread that routes and records, and
 * each trace's lane to its handler. Not API.
 */
package dev.smarttracer.internal.delivery;
