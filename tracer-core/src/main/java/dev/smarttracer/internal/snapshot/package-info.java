/**
 * Snapshots: copies arguments, return values and exceptions into values that hold no reference
 * to an application object, bounded in size and saying when they were cut. Not API.
 */
package dev.smarttracer.internal.snapshot;
