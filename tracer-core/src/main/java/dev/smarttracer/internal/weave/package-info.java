/**
 * Weaving: writes the probe code into the planned methods of a class file with ASM, keeping track of
 * the operand stack so that every return can be followed. Not API.
 */
package dev.smarttracer.internal.weave;
