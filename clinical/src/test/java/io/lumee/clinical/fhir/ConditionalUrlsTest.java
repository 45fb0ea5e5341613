package io.lumee.clinical.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.clinical.PatientIdentifier;
import org.junit.jupiter.api.Test;

class ConditionalUrlsTest {

    @Test
    void plainIdentifiersStayReadable() {
        assertThat(ConditionalUrls.identifierQuery("urn:lumee:reading", "lumee-0001:0:1842"))
                .isEqualTo("identifier=urn:lumee:reading|lumee-0001:0:1842");
        assertThat(ConditionalUrls.patientReference(new PatientIdentifier("urn:oid:1.2.3", "42")))
                .isEqualTo("Patient?identifier=urn:oid:1.2.3|42");
    }

    @Test
    void tokenSpecialsAreBackslashEscapedThenPercentEncoded() {
        assertThat(ConditionalUrls.identifierQuery("http://x.example/id", "a|b,c$d\\e"))
                .isEqualTo("identifier=http://x.example/id|a%5C%7Cb%5C,c%5C$d%5C%5Ce");
    }

    @Test
    void charactersThatWouldEndOrSplitTheParameterArePercentEncoded() {
        assertThat(ConditionalUrls.identifierQuery("http://x.example/id", "a&b=c#d?e+f g%h"))
                .isEqualTo("identifier=http://x.example/id|a%26b%3Dc%23d%3Fe%2Bf%20g%25h");
        assertThat(ConditionalUrls.identifierQuery("http://x.example/id", "müller"))
                .isEqualTo("identifier=http://x.example/id|m%C3%BCller");
    }

    @Test
    void slashesInAValueArePercentEncodedButNotInTheSystem() {
        assertThat(ConditionalUrls.identifierQuery("http://x.example/id", "ward/7/"))
                .isEqualTo("identifier=http://x.example/id|ward%2F7%2F");
    }
}
