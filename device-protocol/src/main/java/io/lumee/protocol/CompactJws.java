package io.lumee.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A compact JWS taken apart, its header checked, its signature not yet verified. Both the
 * gateway's unverified parse and the verifier start here, so they refuse the same inputs.
 */
record CompactJws(JwsHeader header, byte[] payload, byte[] signingInput, Base64URL signature) implements JwsDecoding {

    // Unpadded base64url only (RFC 7515 2): no padding, no whitespace, no other alphabet.
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]*");
    // Header values echoed in a failure's detail only when they are short, plain tokens.
    private static final Pattern ECHOABLE = Pattern.compile("[A-Za-z0-9_.:-]{1,32}");
    private static final Set<String> HEADER_MEMBERS = Set.of("alg", "kid");

    static JwsDecoding decode(String compact) {
        if (compact == null || compact.isEmpty()) {
            return malformed("no JWS");
        }
        if (compact.length() > ProtocolLimits.MAX_JWS_CHARS) {
            return malformed("JWS is longer than " + ProtocolLimits.MAX_JWS_CHARS + " characters");
        }
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            return malformed("JWS compact serialization has three dot-separated parts, this has " + parts.length);
        }
        for (String part : parts) {
            if (!SEGMENT.matcher(part).matches()) {
                return malformed("JWS parts must be unpadded base64url");
            }
        }
        Optional<byte[]> headerBytes = base64url(parts[0]);
        Optional<byte[]> payload = base64url(parts[1]);
        if (headerBytes.isEmpty() || payload.isEmpty() || base64url(parts[2]).isEmpty()) {
            return malformed("JWS parts must be unpadded base64url");
        }
        Optional<Map<String, String>> header = StrictJson.utf8(headerBytes.get()).flatMap(CompactJws::stringMembers);
        Optional<JwsFailure> refusal = headerRefusal(header);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        JwsHeader checked = new JwsHeader(JwsAlgorithm.byName(header.get().get("alg")).orElseThrow(),
                header.get().get("kid"));
        byte[] signingInput = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        return new CompactJws(checked, payload.get(), signingInput, new Base64URL(parts[2]));
    }

    /** Nimbus does the cryptography; a verifier that throws on odd input has not verified. */
    boolean signatureVerifiesWith(JWSVerifier verifier) {
        try {
            return verifier.verify(header.toNimbus(), signingInput, signature);
        } catch (JOSEException e) {
            return false;
        }
    }

    /** Why this header is refused, if it is: the checks run in this order so alg none is named as such. */
    private static Optional<JwsFailure> headerRefusal(Optional<Map<String, String>> members) {
        if (members.isEmpty()) {
            return Optional.of(malformed("protected header is not a JSON object"));
        }
        String alg = members.get().get("alg");
        if (alg == null) {
            return Optional.of(malformed("protected header has no string alg"));
        }
        if (JwsAlgorithm.byName(alg).isEmpty()) {
            return Optional.of(new JwsFailure(JwsFailure.Reason.UNSUPPORTED_ALGORITHM,
                    "alg " + echo(alg) + " is refused: only HS256 and ES256 are accepted"));
        }
        if (!HEADER_MEMBERS.containsAll(members.get().keySet())) {
            return Optional.of(new JwsFailure(JwsFailure.Reason.UNEXPECTED_HEADER,
                    "protected header may hold only alg and kid"));
        }
        String kid = members.get().get("kid");
        if (kid == null || kid.isEmpty()) {
            return Optional.of(malformed("protected header has no string kid"));
        }
        return Optional.empty();
    }

    /** The header's members, non-string values as null; empty when the text is not one JSON object. */
    private static Optional<Map<String, String>> stringMembers(String json) {
        try (JsonParser parser = StrictJson.FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            Map<String, String> members = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                members.put(name, value == JsonToken.VALUE_STRING ? parser.getText() : null);
                parser.skipChildren();
            }
            return parser.nextToken() == null ? Optional.of(members) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> base64url(String segment) {
        try {
            return Optional.of(Base64.getUrlDecoder().decode(segment));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String echo(String headerValue) {
        return ECHOABLE.matcher(headerValue).matches() ? headerValue : "(not shown)";
    }

    private static JwsFailure malformed(String detail) {
        return new JwsFailure(JwsFailure.Reason.MALFORMED, detail);
    }
}
