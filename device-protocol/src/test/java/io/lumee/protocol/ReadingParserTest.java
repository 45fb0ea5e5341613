package io.lumee.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadingParserTest {

    @Test
    void acceptsTheDesignExample() {
        assertThat(ReadingParser.parse(SampleReadings.json()))
                .isEqualTo(new ReadingParse.Valid(SampleReadings.reading()));
    }

    @Test
    void ignoresUnknownMembersOfAnyShape() {
        String json = SampleReadings.JSON.replace("}", ",\"batteryPct\":81,\"extra\":{\"a\":[1,{\"b\":null}]}}");

        assertThat(ReadingParser.parse(utf8(json))).isEqualTo(new ReadingParse.Valid(SampleReadings.reading()));
    }

    @Test
    void acceptsMembersInAnyOrder() {
        String json = "{\"firmware\":\"fw-2.4.1\",\"sdkVersion\":\"1.3.0\",\"signalQuality\":0.92,\"units\":\"%\","
                + "\"tissueO2\":42.5,\"timestamp\":\"2026-01-18T14:32:12.345Z\",\"sequence\":1842,\"epoch\":0,"
                + "\"deviceId\":\"lumee-0001\"}";

        assertThat(ReadingParser.parse(utf8(json))).isEqualTo(new ReadingParse.Valid(SampleReadings.reading()));
    }

    @Test
    void acceptsIntegersForNumbersAndTheEdgesOfEachRange() {
        byte[] json = utf8(SampleReadings.JSON.replace("\"epoch\":0", "\"epoch\":2147483647")
                .replace("\"sequence\":1842", "\"sequence\":9223372036854775807")
                .replace("\"tissueO2\":42.5", "\"tissueO2\":-3")
                .replace("\"signalQuality\":0.92", "\"signalQuality\":1"));

        Reading reading = valid(ReadingParser.parse(json));

        assertThat(reading.epoch()).isEqualTo(Integer.MAX_VALUE);
        assertThat(reading.sequence()).isEqualTo(Long.MAX_VALUE);
        assertThat(reading.tissueO2()).isEqualTo(-3.0);
        assertThat(reading.signalQuality()).isEqualTo(1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"has space\"", "\"slash/\"", "\"ü\"", "42", "null",
            "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\""})
    void refusesBadDeviceIds(String value) {
        assertProblem(SampleReadings.with("deviceId", value), "deviceId: must be");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "2147483648", "1.0", "1e2", "\"7\"", "null", "99999999999999999999999"})
    void refusesEpochsOutsideTheIntegerRange(String value) {
        assertProblem(SampleReadings.with("epoch", value), "epoch: must be an integer in [0, 2^31)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "9223372036854775808", "1842.0", "\"1842\"", "true"})
    void refusesSequencesThatAreNotNonNegativeLongs(String value) {
        assertProblem(SampleReadings.with("sequence", value), "sequence: must be");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"2026-01-18T14:32:12Z\"",
        "\"2026-01-18T14:32:12.3Z\"",
        "\"2026-01-18T14:32:12.345678Z\"",
        "\"2026-01-18T14:32:12.345z\"",
        "\"2026-01-18t14:32:12.345Z\"",
        "\"2026-01-18 14:32:12.345Z\"",
        "\"2026-01-18T14:32:12.345+00:00\"",
        "\"2026-01-18T15:32:12.345+01:00\"",
        "\"2026-02-30T14:32:12.345Z\"",
        "\"2026-01-18T24:00:00.000Z\"",
        "\"2016-12-31T23:59:60.000Z\"",
        "1768746732345",
        "\"\""})
    void refusesTimestampsThatAreNotUtcMilliseconds(String value) {
        assertProblem(SampleReadings.with("timestamp", value), "timestamp: must be");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"42.5\"", "NaN", "Infinity", "-Infinity", "\"NaN\"", "1e400", "null", "[42.5]"})
    void refusesTissueO2ThatIsNotAFiniteNumber(String value) {
        byte[] json = SampleReadings.with("tissueO2", value);

        ReadingParse parse = ReadingParser.parse(json);

        assertThat(parse).isInstanceOf(ReadingParse.Invalid.class);
        // NaN and Infinity are not JSON at all, so they fail as syntax; the rest name the member.
        if (!value.matches("-?(NaN|Infinity)")) {
            assertThat(((ReadingParse.Invalid) parse).problems()).contains("tissueO2: must be a finite number");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.01", "1.0001", "\"0.9\"", "null"})
    void refusesSignalQualityOutsideZeroToOne(String value) {
        assertProblem(SampleReadings.with("signalQuality", value), "signalQuality: must be a number in [0, 1]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"units", "sdkVersion", "firmware"})
    void refusesBlankOrNonStringText(String member) {
        assertProblem(SampleReadings.with(member, "\"  \""), member + ": must be a non-blank string");
        assertProblem(SampleReadings.with(member, "1"), member + ": must be a non-blank string");
    }

    @Test
    void refusesTextWithALoneSurrogate() {
        assertProblem(SampleReadings.with("units", "\"%\\ud800\""), "units: must be");
    }

    @Test
    void acceptsTextWithAnEscapedSurrogatePair() {
        Reading reading = valid(ReadingParser.parse(SampleReadings.with("units", "\"\\ud83d\\ude00\"")));

        assertThat(reading.units()).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void refusesOverlongText() {
        assertProblem(SampleReadings.with("units", "\"" + "u".repeat(33) + "\""), "units: must be");
        assertProblem(SampleReadings.with("firmware", "\"" + "f".repeat(65) + "\""), "firmware: must be");
    }

    @ParameterizedTest
    @ValueSource(strings = {"deviceId", "epoch", "sequence", "timestamp", "tissueO2", "units", "signalQuality",
            "sdkVersion", "firmware"})
    void namesEachMissingMember(String member) {
        assertProblem(SampleReadings.without(member), member + ": missing");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        ReadingParse parse = ReadingParser.parse(utf8("{\"deviceId\":\"\",\"epoch\":-1,\"tissueO2\":\"x\"}"));

        assertThat(((ReadingParse.Invalid) parse).problems()).hasSize(9);
    }

    @Test
    void problemsNeverQuoteReadingValues() {
        String json = "{\"deviceId\":\"lumee-0001\",\"epoch\":123456789,\"sequence\":-987654,"
                + "\"timestamp\":\"2026-13-18T14:32:12.345Z\",\"tissueO2\":\"41.75\",\"units\":\"\","
                + "\"signalQuality\":3.25,\"sdkVersion\":17,\"firmware\":\"" + "z".repeat(70) + "\"}";

        String summary = ((ReadingParse.Invalid) ReadingParser.parse(utf8(json))).summary();

        assertThat(summary).doesNotContain("123456789", "987654", "2026-13", "41.75", "3.25", "17", "zzz");
    }

    @Test
    void syntaxErrorsDoNotQuoteThePayload() {
        String summary = ((ReadingParse.Invalid) ReadingParser.parse(utf8("{\"tissueO2\":41.75x}"))).summary();

        assertThat(summary).startsWith("payload is not well-formed JSON at line 1").doesNotContain("41.75");
    }

    @Test
    void refusesDuplicateMembers() {
        String json = SampleReadings.JSON.replace("}", ",\"tissueO2\":99}");

        assertThat(problems(utf8(json))).singleElement().asString().startsWith("payload has a duplicate member name");
    }

    @Test
    void refusesDuplicateMembersInsideUnknownMembers() {
        String json = SampleReadings.JSON.replace("}", ",\"extra\":{\"a\":1,\"a\":2}}");

        assertThat(problems(utf8(json))).singleElement().asString().startsWith("payload has a duplicate member name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"reading\"", "42", "null", "[{\"deviceId\":\"lumee-0001\"}]"})
    void refusesJsonThatIsNotAnObject(String json) {
        assertThat(problems(utf8(json))).containsExactly("payload is not a JSON object");
    }

    @Test
    void refusesContentAfterTheObject() {
        assertThat(problems(utf8(SampleReadings.JSON + " {}"))).containsExactly("payload has content after the JSON object");
        assertThat(problems(utf8(SampleReadings.JSON + "\n"))).isEmpty();
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] json = SampleReadings.with("units", "\"%X\"");
        json[new String(json, StandardCharsets.UTF_8).indexOf("%X") + 1] = (byte) 0xC3;

        assertThat(problems(json)).containsExactly("payload is not valid UTF-8");
    }

    @Test
    void refusesOverlongUtf8Encodings() {
        byte[] json = SampleReadings.with("units", "\"%XX\"");
        int at = new String(json, StandardCharsets.UTF_8).indexOf("%XX") + 1;
        json[at] = (byte) 0xC0;     // "/" encoded in two bytes
        json[at + 1] = (byte) 0xAF;

        assertThat(problems(json)).containsExactly("payload is not valid UTF-8");
    }

    @Test
    void refusesUtf16EvenThoughJsonCouldBeDetected() {
        assertThat(ReadingParser.parse(SampleReadings.JSON.getBytes(StandardCharsets.UTF_16)))
                .isInstanceOf(ReadingParse.Invalid.class);
    }

    @Test
    void refusesAByteOrderMark() {
        assertThat(ReadingParser.parse(utf8("\uFEFF" + SampleReadings.JSON))).isInstanceOf(ReadingParse.Invalid.class);
    }

    @Test
    void refusesPayloadsOverTheSizeBound() {
        String padded = SampleReadings.JSON.replace("}", ",\"pad\":\"" + "p".repeat(ProtocolLimits.MAX_READING_BYTES) + "\"}");

        assertThat(problems(utf8(padded))).containsExactly("payload is larger than 8192 bytes");
    }

    @Test
    void acceptsAPayloadOfExactlyTheSizeBound() {
        String open = SampleReadings.JSON.replace("}", ",\"pad\":\"");
        String padded = open + "p".repeat(ProtocolLimits.MAX_READING_BYTES - open.length() - 2) + "\"}";

        assertThat(utf8(padded)).hasSize(ProtocolLimits.MAX_READING_BYTES);
        assertThat(ReadingParser.parse(utf8(padded))).isInstanceOf(ReadingParse.Valid.class);
    }

    @Test
    void refusesEmptyAndNullPayloads() {
        assertThat(problems(new byte[0])).containsExactly("payload is empty");
        assertThat(problems(null)).containsExactly("payload is empty");
    }

    @Test
    void neverThrowsOnMangledInput() {
        Random random = new Random(20260118);
        byte[] sample = SampleReadings.json();
        for (int i = 0; i < 20_000; i++) {
            byte[] mangled = sample.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                mangled[random.nextInt(mangled.length)] = (byte) random.nextInt(256);
            }
            byte[] cut = java.util.Arrays.copyOf(mangled, random.nextInt(mangled.length + 1));

            assertThatCode(() -> ReadingParser.parse(mangled)).doesNotThrowAnyException();
            assertThatCode(() -> ReadingParser.parse(cut)).doesNotThrowAnyException();
        }
    }

    private static void assertProblem(byte[] json, String problemStart) {
        assertThat(problems(json)).anySatisfy(problem -> assertThat(problem).startsWith(problemStart));
    }

    private static java.util.List<String> problems(byte[] json) {
        ReadingParse parse = ReadingParser.parse(json);
        return parse instanceof ReadingParse.Invalid invalid ? invalid.problems() : java.util.List.of();
    }

    private static Reading valid(ReadingParse parse) {
        assertThat(parse).isInstanceOf(ReadingParse.Valid.class);
        return ((ReadingParse.Valid) parse).reading();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
