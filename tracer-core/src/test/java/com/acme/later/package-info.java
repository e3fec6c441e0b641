/**
 * Classes the tests load only after a trace started (by name, or by a fresh class loader), to
 * check that a trace takes classes as they load. No test refers to them directly.
 */
package com.acme.later;
