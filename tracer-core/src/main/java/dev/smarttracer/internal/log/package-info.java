/**
 * The default handler: logs each traced call and each trace's end through SLF4J, or to standard
 * error when no SLF4J provider is bound. Not API.
 */
package dev.smarttracer.internal.log;
