/**
 * The performance benchmark's load client: Berth against CNCF distribution, nginx as the pull
 * ceiling, and the S3 requests each client operation costs. Start reading at {@link
 * dev.berth.bench.Benchmark} (the order of runs) and {@link dev.berth.bench.RegistryRun} (the
 * scenarios); {@code bench/README.md} explains what each figure means.
 */
package dev.berth.bench;
