package dev.berth.registry.http;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.Random;

/**
 * Offers a TLS server one protocol version with a hand-made ClientHello (the JDK's own client
 * refuses to speak TLS 1.0 or 1.1 at all, so it cannot show that a server refuses them) and
 * reports whether the server answered with a ServerHello of that version.
 */
final class ClientHelloProbe {
    static final int TLS_1_0 = 0x0301;
    static final int TLS_1_1 = 0x0302;
    static final int TLS_1_2 = 0x0303;

    private ClientHelloProbe() {}

    /** Whether the server at {@code address} agrees to speak {@code version}. */
    static boolean accepts(InetSocketAddress address, int version) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(clientHello(version));
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int contentType = in.readUnsignedByte();
            in.readUnsignedShort();
            int length = in.readUnsignedShort();
            byte[] fragment = in.readNBytes(length);
            if (contentType != 22) {
                return false; // 21: an alert, such as protocol_version
            }
            // handshake type (2: ServerHello), 3 bytes of length, then the version chosen
            return fragment.length >= 6
                    && fragment[0] == 2
                    && ((fragment[4] & 0xff) << 8 | (fragment[5] & 0xff)) == version;
        } catch (EOFException | SocketException closed) {
            return false;
        }
    }

    /** A ClientHello offering {@code version} with ECDHE and RSA suites every version had. */
    static byte[] clientHello(int version) {
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        short16(hello, version);
        byte[] random = new byte[32];
        new Random().nextBytes(random);
        hello.writeBytes(random);
        hello.write(0); // no session id
        int[] suites = {0xc02f, 0xc02b, 0xc030, 0xc02c, 0xc013, 0xc009, 0xc014, 0xc00a, 0x009c, 0x002f, 0x0035};
        short16(hello, suites.length * 2);
        for (int suite : suites) {
            short16(hello, suite);
        }
        hello.write(1);
        hello.write(0); // compression: none
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        // supported_groups: secp256r1, x25519, secp384r1
        extensions.writeBytes(new byte[] {0x00, 0x0a, 0x00, 0x08, 0x00, 0x06, 0x00, 0x17, 0x00, 0x1d, 0x00, 0x18});
        // ec_point_formats: uncompressed
        extensions.writeBytes(new byte[] {0x00, 0x0b, 0x00, 0x02, 0x01, 0x00});
        // signature_algorithms: ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256, rsa_pkcs1_sha256, rsa_pkcs1_sha1,
        // ecdsa_sha1
        extensions.writeBytes(new byte[] {
            0x00, 0x0d, 0x00, 0x0c, 0x00, 0x0a, 0x04, 0x03, 0x08, 0x04, 0x04, 0x01, 0x02, 0x01, 0x02, 0x03
        });
        short16(hello, extensions.size());
        hello.writeBytes(extensions.toByteArray());

        ByteArrayOutputStream handshake = new ByteArrayOutputStream();
        handshake.write(1); // ClientHello
        handshake.write(hello.size() >> 16);
        short16(handshake, hello.size());
        handshake.writeBytes(hello.toByteArray());

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(22); // handshake
        short16(record, TLS_1_0);
        short16(record, handshake.size());
        record.writeBytes(handshake.toByteArray());
        return record.toByteArray();
    }

    private static void short16(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }
}
