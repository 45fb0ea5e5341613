package io.lumee.testkit.mllp;

import ca.uhn.hl7v2.llp.HL7Writer;
import ca.uhn.hl7v2.llp.LLPException;
import ca.uhn.hl7v2.llp.MinLowerLayerProtocol;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HAPI's minimal MLLP, UTF-8, except that an acknowledgement whose MSA-2 has been marked is not
 * written. HAPI always writes what its application returns; a broken answer (silence, garbage, a
 * dropped connection) is given by the application itself on the raw socket, and its ACK swallowed here.
 */
final class SwallowingLowerLayerProtocol extends MinLowerLayerProtocol {
    private final Set<String> swallowed = ConcurrentHashMap.newKeySet();

    SwallowingLowerLayerProtocol() {
        super(false);
        setCharset(StandardCharsets.UTF_8);
    }

    /** The next acknowledgement of {@code controlId} is not written. */
    void swallowAckOf(String controlId) {
        swallowed.add(controlId);
    }

    @Override
    public HL7Writer getWriter(OutputStream out) throws LLPException {
        HL7Writer writer = super.getWriter(out);
        return new HL7Writer() {
            @Override
            public void writeMessage(String message) throws LLPException, IOException {
                if (!swallowed.remove(acknowledgedControlId(message))) {
                    writer.writeMessage(message);
                }
            }

            @Override
            public void setOutputStream(OutputStream stream) throws IOException {
                writer.setOutputStream(stream);
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }

    /** MSA-2 of an ER7 acknowledgement, or "" when it has none. */
    static String acknowledgedControlId(String er7) {
        if (er7.length() < 4) {
            return "";
        }
        String separator = String.valueOf(er7.charAt(3));
        for (String segment : er7.split("[\r\n]+")) {
            if (segment.startsWith("MSA" + separator)) {
                String[] fields = segment.split(java.util.regex.Pattern.quote(separator), -1);
                return fields.length > 2 ? fields[2] : "";
            }
        }
        return "";
    }
}
