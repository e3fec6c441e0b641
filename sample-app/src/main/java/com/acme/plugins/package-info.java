/** Plugins loaded on demand, as an application loads classes after a trace started. */
package com.acme.plugins;
