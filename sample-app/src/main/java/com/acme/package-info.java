/** The small application the samples trace: the walkthrough's {@code Foo} and a service for patterns. */
package com.acme;
