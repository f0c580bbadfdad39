/**
 * Logging: the setup built in code ({@link dev.berth.registry.logging.ConsoleLogging}), and what
 * may reach a log line from outside: {@link dev.berth.registry.logging.LogText#escape} is the one
 * function every request-derived value (paths, methods, addresses, account names, token header
 * fields, messages quoting them) passes through before it is logged.
 */
package dev.berth.registry.logging;
