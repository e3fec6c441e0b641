/**
 * Method selection: turns a method reference, a {@code Method}, a class and name, or a pattern
 * into the exact methods to instrument, or refuses with the reason and the fix. Not API.
 */
package dev.smarttracer.internal.select;
