/**
 * What runs on the application's threads when a traced method is entered and exits: the router
 * the bridge calls, the call in flight it hands the probe code, and the table of probes. No lock,
 * I/O or logging here; nothing thrown reaches the application. Not API.
 */
package dev.smarttracer.internal.probe;
