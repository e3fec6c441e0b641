/**
 * A service whose one method the side-by-side comparison traces with each tool: a {@code String}
 * argument, a {@code String} result, about a microsecond of work, called at a steady pace.
 */
package com.acme.greeting;
