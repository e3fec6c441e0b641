/** The tiny methods the JMH benchmarks trace. */
package com.acme.bench;
