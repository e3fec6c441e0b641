/** The small application the samples trace. */
package com.acme;
