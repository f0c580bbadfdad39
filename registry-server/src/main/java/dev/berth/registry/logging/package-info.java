/**
 * Logging: the setup built in code ({@link dev.berth.registry.logging.ConsoleLogging}), and what
 * may reach a log line from outside: {@link dev.berth.registry.logging.LogText#escape} is the one
 * function every request-derived value (paths, methods, addresses, account names, token header
 * fields, messages quoting them) passes through before it is logged, whatever the format. {@link
 * dev.berth.registry.logging.LogOutput} switches the console to {@code log.format: json}, where
 * {@link dev.berth.registry.logging.JsonLayout} writes each event as one JSON object per line.
 * {@code berth serve} sets logging up while it reads its configuration ({@link
 * dev.berth.registry.logging.LoggingSetup}).
 */
package dev.berth.registry.logging;
