package dev.berth.registry.auth;

import java.util.List;
import java.util.Map;

/**
 * A request to the token endpoint: GET with query parameters and Basic credentials, or an
 * OAuth2 POST whose form fields are merged into {@code parameters}.
 */
public record TokenRequest(
        String method, Map<String, List<String>> parameters, String authorization, String clientAddress) {
    public TokenRequest {
        parameters = Map.copyOf(parameters);
    }
}
