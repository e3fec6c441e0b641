/** A Spring Boot web application the samples trace by annotation, in a JVM of its own. */
package com.acme.web;
