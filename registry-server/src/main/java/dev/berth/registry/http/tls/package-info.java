/**
 * HTTPS for the listener. {@link dev.berth.registry.http.tls.ServerTls} holds the server context
 * built from the {@code tls.*} files ({@code TlsFiles}: the PEM chain, the key, which must belong
 * to the first certificate, and the client authorities for mutual TLS), and rebuilds it when the
 * files change; each new connection's {@code SslHandler} comes from the context current then.
 * {@code PrivateKeys} reads PKCS#8 and the traditional RSA and EC key forms. TLS 1.2 and 1.3 only.
 * Start reading at ServerTls.
 */
package dev.berth.registry.http.tls;
