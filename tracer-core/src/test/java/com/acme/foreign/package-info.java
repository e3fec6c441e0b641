/**
 * Bytecode that javac does not write, for ForeignBytecodeTest: classes advised by another agent, instrumented by
 * JaCoCo, with subroutines and methods near the size limit, and the child JVM that traces them. Purpose-built for
 * that test, so they stay beside it.
 */
package com.acme.foreign;
