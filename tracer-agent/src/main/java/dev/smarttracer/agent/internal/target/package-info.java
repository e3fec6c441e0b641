/**
 * The agent's side inside a target JVM: the attach agent the entry point starts, the control
 * channel on a Unix socket and its sessions, traces owned by a client connection, and how long
 * recordings are kept. Loaded by the agent's own class loader; nothing here is visible to the
 * application.
 */
package dev.smarttracer.agent.internal.target;
