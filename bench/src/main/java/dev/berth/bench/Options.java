package dev.berth.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of the load client (bench/run fills it in).
 *
 * @param s3           whether the S3 request counts are taken
 * @param s3Only       only the S3 request counts: no throughput runs, no nginx
 * @param berthJar     berth.jar
 * @param jvmFlags     the JVM flags Berth runs with (the container image's)
 * @param distribution the docker-registry binary
 * @param nginx        the nginx binary, or null to leave the pull ceiling out
 * @param work         scratch directory for the servers' files and content
 * @param out          file the report is written to besides standard output, or null
 */
record Options(boolean quick, boolean big, boolean s3, boolean s3Only, Path berthJar, List<String> jvmFlags,
        Path distribution, Path nginx, Path work, Path out) {

    static final String USAGE = """
            usage: berth-bench --berth-jar JAR --distribution BIN --work DIR [--jvm-flags "FLAGS"] [--nginx BIN]
                               [--quick] [--big] [--no-s3 | --s3-only] [--out FILE]
              --quick   small sizes and short rates: checks that everything works, figures mean little
              --big     also push a 10 GiB blob (1 GiB with --quick) and watch memory during it
              --no-s3   leave out the S3 request counts
              --s3-only only the S3 request counts""";

    static Options parse(String... args) {
        boolean quick = false;
        boolean big = false;
        boolean s3 = true;
        boolean s3Only = false;
        Path jar = null;
        List<String> flags = List.of();
        Path distribution = null;
        Path nginx = null;
        Path work = null;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--big" -> big = true;
                case "--no-s3" -> s3 = false;
                case "--s3-only" -> s3Only = true;
                case "--berth-jar" -> jar = Path.of(value(args, ++i));
                case "--jvm-flags" -> flags = Arrays.stream(value(args, ++i).trim().split("\\s+"))
                        .filter(f -> !f.isEmpty()).toList();
                case "--distribution" -> distribution = Path.of(value(args, ++i));
                case "--nginx" -> {
                    String v = value(args, ++i);
                    nginx = v.isEmpty() ? null : Path.of(v);
                }
                case "--work" -> work = Path.of(value(args, ++i));
                case "--out" -> out = Path.of(value(args, ++i));
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        if (jar == null || distribution == null || work == null) {
            throw new IllegalArgumentException(USAGE);
        }
        if (s3Only && !s3) {
            throw new IllegalArgumentException("--s3-only and --no-s3 exclude each other\n" + USAGE);
        }
        return new Options(quick, big, s3, s3Only, jar, flags, distribution, nginx, work, out);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    Sizes sizes() {
        return quick ? Sizes.quick(big) : Sizes.full(big);
    }
}
