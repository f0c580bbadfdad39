/**
 * What may reach a log line from outside, and how lines are written:
 * {@link dev.berth.registry.logging.LogText#escape} is the one function every request-derived
 * value (paths, methods, addresses, account names, token header fields, messages quoting them)
 * passes through before it is logged, whatever the format. {@link
 * dev.berth.registry.logging.LogOutput} switches the console to {@code log.format: json}, where
 * {@link dev.berth.registry.logging.JsonLayout} writes each event as one JSON object per line.
 */
package dev.berth.registry.logging;
