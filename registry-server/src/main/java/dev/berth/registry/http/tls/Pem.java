package dev.berth.registry.http.tls;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The blocks of a PEM file ({@code -----BEGIN LABEL----- … -----END LABEL-----}); text outside
 * blocks (such as the subject lines openssl writes above certificates) is ignored.
 */
final class Pem {
    /** One block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}, …) and its decoded bytes. */
    record Block(String label, byte[] der) {}

    private Pem() {}

    /** Every block of {@code text}, in order; a damaged block is a {@link TlsFileException}. */
    static List<Block> blocks(String text, String file) {
        List<Block> blocks = new ArrayList<>();
        String label = null;
        StringBuilder body = new StringBuilder();
        for (String raw : text.split("\r?\n|\r")) {
            String line = raw.strip();
            if (label == null) {
                if (line.startsWith("-----BEGIN ") && line.endsWith("-----")) {
                    label = line.substring("-----BEGIN ".length(), line.length() - "-----".length());
                    body.setLength(0);
                }
                continue;
            }
            if (line.equals("-----END " + label + "-----")) {
                blocks.add(new Block(label, decode(body.toString(), label, file)));
                label = null;
            } else if (line.contains(":")) {
                // RFC 1421 headers: only encrypted traditional keys have them.
                if (line.toLowerCase(Locale.ROOT).startsWith("proc-type:") && line.contains("ENCRYPTED")) {
                    throw new TlsFileException(file + ": the private key is encrypted; Berth needs it unencrypted "
                            + "(openssl pkey -in KEY -out PLAIN) and readable by the server alone");
                }
            } else {
                body.append(line);
            }
        }
        if (label != null) {
            throw new TlsFileException(file + ": '-----BEGIN " + label + "-----' has no END line");
        }
        return blocks;
    }

    private static byte[] decode(String base64, String label, String file) {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new TlsFileException(file + ": the " + label + " block is not valid base64");
        }
    }
}
