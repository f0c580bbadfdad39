package dev.berth.registry.http.tls;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an unencrypted RSA or EC private key from its PEM block, in PKCS#8 ({@code PRIVATE KEY},
 * what {@code openssl genpkey} writes) or in the traditional forms ({@code RSA PRIVATE KEY}:
 * PKCS#1, what cert-manager writes by default; {@code EC PRIVATE KEY}: SEC 1, what {@code openssl
 * ecparam -genkey} writes). The traditional forms are rewrapped as PKCS#8, which the JDK reads.
 */
final class PrivateKeys {
    /** DER of AlgorithmIdentifier rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };
    /** DER of the OID id-ecPublicKey (1.2.840.10045.2.1). */
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
    };

    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};
    private static final int SEQUENCE = 0x30;
    private static final int OCTET_STRING = 0x04;

    private PrivateKeys() {}

    /** The one private key among {@code blocks}. */
    static PrivateKey read(List<Pem.Block> blocks, String file) {
        List<Pem.Block> keys =
                blocks.stream().filter(b -> b.label().endsWith("PRIVATE KEY")).toList();
        if (keys.size() != 1) {
            throw new TlsFileException(file + ": expected one PEM private key block, found " + keys.size());
        }
        Pem.Block key = keys.get(0);
        return switch (key.label()) {
            case "PRIVATE KEY" -> pkcs8(key.der(), file);
            case "RSA PRIVATE KEY" ->
                pkcs8(tlv(SEQUENCE, VERSION_0, RSA_ALGORITHM, tlv(OCTET_STRING, key.der())), file);
            case "EC PRIVATE KEY" ->
                pkcs8(
                        tlv(
                                SEQUENCE,
                                VERSION_0,
                                tlv(SEQUENCE, EC_PUBLIC_KEY_OID, curveOf(key.der(), file)),
                                tlv(OCTET_STRING, key.der())),
                        file);
            case "ENCRYPTED PRIVATE KEY" ->
                throw new TlsFileException(
                        file + ": the private key is encrypted; "
                                + "Berth needs it unencrypted (openssl pkey -in KEY -out PLAIN) and readable by the server alone");
            default ->
                throw new TlsFileException(
                        file + ": '" + key.label() + "' keys are not supported; " + "use an RSA or EC key");
        };
    }

    private static PrivateKey pkcs8(byte[] der, String file) {
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // try the next algorithm
            }
        }
        throw new TlsFileException(file + ": the private key is neither a valid RSA nor a valid EC key");
    }

    /**
     * The named curve of a SEC 1 {@code ECPrivateKey}: SEQUENCE { version, privateKey OCTET STRING,
     * [0] parameters (the curve's OID), [1] publicKey }, the OID returned whole (tag and length).
     */
    private static byte[] curveOf(byte[] sec1, String file) {
        Der outer = Der.at(sec1, 0, file);
        if (outer.tag() != SEQUENCE) {
            throw new TlsFileException(file + ": the EC private key is not a DER sequence");
        }
        int at = outer.contentStart();
        while (at < outer.end()) {
            Der field = Der.at(sec1, at, file);
            if (field.tag() == 0xa0) {
                Der oid = Der.at(sec1, field.contentStart(), file);
                if (oid.tag() == 0x06) {
                    return Arrays.copyOfRange(sec1, field.contentStart(), oid.end());
                }
            }
            at = field.end();
        }
        throw new TlsFileException(file + ": the EC private key does not name its curve; "
                + "convert it to PKCS#8 (openssl pkey -in KEY -out KEY8)");
    }

    /** One DER element inside {@code bytes}: its tag, where its content starts and where it ends. */
    private record Der(int tag, int contentStart, int end) {
        static Der at(byte[] bytes, int offset, String file) {
            if (offset + 2 > bytes.length) {
                throw new TlsFileException(file + ": the private key is truncated");
            }
            int tag = bytes[offset] & 0xff;
            int first = bytes[offset + 1] & 0xff;
            int length;
            int start;
            if (first < 0x80) {
                length = first;
                start = offset + 2;
            } else {
                int octets = first & 0x7f;
                if (octets == 0 || octets > 3 || offset + 2 + octets > bytes.length) {
                    throw new TlsFileException(file + ": the private key is not valid DER");
                }
                length = 0;
                for (int i = 0; i < octets; i++) {
                    length = (length << 8) | (bytes[offset + 2 + i] & 0xff);
                }
                start = offset + 2 + octets;
            }
            if (start + length > bytes.length) {
                throw new TlsFileException(file + ": the private key is truncated");
            }
            return new Der(tag, start, start + length);
        }
    }

    /** DER of one element with this tag whose content is the concatenation of {@code parts}. */
    private static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        int length = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }
}
