/** Scheduled jobs contributed by add-ons, run by the host's Quartz scheduler. */
package dev.talon.api.jobs;
