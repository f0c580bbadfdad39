package dev.berth.registry.http.tls;

import dev.berth.registry.config.RegistryConfig.TlsConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's TLS: a server context built from the {@code tls.*} files, rebuilt when they
 * change. Each new connection takes the context current when it opens; connections already open
 * keep the one they started with, so replacing a certificate drops nothing. Files that changed
 * into something unusable (half-written, a key that does not match) leave the current context in
 * place with a warning, until they change again.
 */
public final class ServerTls implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    /** How often {@link #watch} looks at the files. */
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** Forward secrecy and authenticated encryption only: TLS 1.3's suites, and ECDHE with AEAD for 1.2. */
    private static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private record Current(TlsFiles files, SslContext context) {}

    private final TlsConfig config;
    private volatile Current current;
    /** What the files looked like when they were last found unusable, so that is said only once. */
    private String rejected;

    private ScheduledExecutorService watcher;

    private ServerTls(TlsConfig config) {
        this.config = config;
        this.current = build(TlsFiles.read(config));
    }

    /**
     * Reads and checks the files and builds the context; an unusable file is a {@link
     * TlsFileException} naming it. The files are not watched until {@link #watch}.
     */
    public static ServerTls load(TlsConfig config) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("TLS is not configured");
        }
        ServerTls tls = new ServerTls(config);
        LOG.info(
                "TLS 1.2 and 1.3 with certificate {}{}",
                tls.current.files().describe(),
                config.clientCa().isPresent()
                        ? ", client certificates required ("
                                + tls.current.files().clientCas().size() + " authorities in "
                                + config.clientCa().get() + ")"
                        : "");
        return tls;
    }

    /** Looks at the files every {@link #CHECK_INTERVAL} from now on, until {@link #close}. */
    public synchronized ServerTls watch() {
        if (watcher == null) {
            watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "berth-tls-files");
                t.setDaemon(true);
                return t;
            });
            long every = CHECK_INTERVAL.toMillis();
            watcher.scheduleWithFixedDelay(this::reload, every, every, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** The context for a connection opening now. */
    public SslContext context() {
        return current.context();
    }

    /** The certificate new connections are served. */
    public X509Certificate certificate() {
        return current.files().certificate();
    }

    /**
     * Looks at the files now: when they changed and are usable, new connections get a context
     * built from them.
     *
     * @return whether the context was replaced
     */
    public synchronized boolean reload() {
        Current before = current;
        // What the files hold now; for a file that cannot be read, why not.
        String state;
        try {
            state = TlsFiles.fingerprintOf(config);
        } catch (TlsFileException unreadable) {
            state = unreadable.getMessage();
        }
        if (state.equals(before.files().fingerprint()) || state.equals(rejected)) {
            return false;
        }
        try {
            TlsFiles files = TlsFiles.read(config);
            current = build(files);
            rejected = null;
            LOG.info("TLS files changed: new connections get certificate {}", files.describe());
            return true;
        } catch (TlsFileException e) {
            rejected = state;
            LOG.warn(
                    "TLS files changed but cannot be used ({}); new connections still get certificate {}",
                    e.getMessage(),
                    before.files().describe());
            return false;
        }
    }

    private Current build(TlsFiles files) {
        X509Certificate leaf = files.certificate();
        if (leaf.getNotAfter().before(new Date())) {
            LOG.warn("TLS certificate {} has expired: clients will refuse it", files.describe());
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(
                            files.key(), files.chain().toArray(X509Certificate[]::new))
                    // Measured against OpenSSL (netty-tcnative): no faster for blob downloads, where
                    // copying costs more than encrypting, and no native library to ship per platform.
                    .sslProvider(SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE);
            if (!files.clientCas().isEmpty()) {
                builder.trustManager(files.clientCas().toArray(X509Certificate[]::new))
                        .clientAuth(ClientAuth.REQUIRE);
            }
            return new Current(files, builder.build());
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsFileException("cannot use certificate " + files.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }
}
