package dev.berth.registry.auth;

import java.util.Map;

/** What the token endpoint answers: a status, headers and a JSON body. */
public record TokenReply(int status, Map<String, String> headers, byte[] json) {
    public TokenReply {
        headers = Map.copyOf(headers);
    }
}
