/**
 * Runnable examples: the quick start walkthrough, a custom tracer, and the README's API lines,
 * all run by the build.
 */
package dev.smarttracer.samples;
