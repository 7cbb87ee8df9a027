/** Panel events published by the host (servers, consoles, metrics) and how to receive them. */
package dev.talon.api.events;
