package io.lumee.hl7bridge.mllp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * What an EHR answers is input too. Any text, read as an acknowledgement, is either an ACK with a known
 * code and a control id or no ACK at all, never an exception; a well-formed ACK round-trips whatever its
 * separators and escapes. Any bytes a peer writes back over MLLP end an exchange with a frame or an
 * {@link IOException} (garbled, closed, or no answer in time) within the timeout, also when the peer then
 * stays silent, and an answer that never ends is cut at the frame bound.
 */
class HostileAckPropertyTest {
    /** Long enough that an exchange which ignored its timeout would be caught waiting for the peer. */
    private static final Duration SILENCE = Duration.ofSeconds(4);
    private static ServerSocket peer;
    private static volatile byte[] nextAnswer = new byte[0];

    @BeforeContainer
    static void startPeer() throws IOException {
        peer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!peer.isClosed()) {
                try {
                    Socket socket = peer.accept();
                    byte[] answer = nextAnswer;
                    Thread connection = new Thread(() -> answer(socket, answer), "hostile-ehr-connection");
                    connection.setDaemon(true);
                    connection.start();
                } catch (IOException closed) {
                    // the end of the container
                }
            }
        }, "hostile-ehr");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Reads the message to its end block, writes whatever the property chose, stays silent a while (or for long, after nothing), closes. */
    private static void answer(Socket socket, byte[] answer) {
        try (socket) {
            InputStream in = socket.getInputStream();
            int b;
            do {
                b = in.read();
            } while (b != MllpConnection.END_BLOCK && b >= 0);
            OutputStream out = socket.getOutputStream();
            out.write(answer);
            out.flush();
            Thread.sleep(answer.length == 0 || answer[answer.length - 1] != MllpConnection.CARRIAGE_RETURN ? SILENCE.toMillis() : 50);
        } catch (IOException | InterruptedException gone) {
            // the client gave up first
        }
    }

    @AfterContainer
    static void stopPeer() throws IOException {
        peer.close();
    }

    @Property(tries = 500)
    void anyTextIsAnAckWithCodeAndControlIdOrNone(@ForAll("texts") String text) {
        Optional<Ack> ack = Ack.parse(text);

        ack.ifPresent(parsed -> {
            assertThat(parsed.controlId()).isNotBlank();
            assertThat(parsed.text()).isNotNull();
            assertThat(parsed.errors()).doesNotContainNull();
        });
    }

    @Property(tries = 300)
    void aWellFormedAckRoundTripsWhateverItsSeparators(@ForAll("separators") String separators, @ForAll("codes") AckCode code,
            @ForAll("controlIds") String controlId, @ForAll("segmentEnds") String end) {
        char field = separators.charAt(0);
        char component = separators.charAt(1);
        char escape = separators.charAt(3);
        String text = "value " + escape + "F" + escape + " unit " + escape + "S" + escape + " 2";
        String frame = "MSH" + separators + field + "EHR" + field + "HOSP" + field + field + field + "2026" + field + field + "ACK"
                + field + "A1" + field + "P" + field + "2.5.1" + end
                + "MSA" + field + code + field + controlId + component + "ignored" + field + text + end;

        Ack ack = Ack.parse(frame).orElseThrow();

        assertThat(ack.code()).isEqualTo(code);
        assertThat(ack.controlId()).isEqualTo(controlId);
        assertThat(ack.text()).isEqualTo("value " + field + " unit " + component + " 2");
    }

    @Property(tries = 60)
    void anyBytesAPeerAnswersEndTheExchangeWithAFrameOrAnIoExceptionInTime(@ForAll("answers") byte[] answer) throws Exception {
        nextAnswer = answer;
        Duration timeout = Duration.ofMillis(400);
        long started = System.nanoTime();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), peer.getLocalPort());
             MllpConnection connection = new MllpConnection(socket, () -> { })) {
            String frame = connection.exchange("MSH|^~\\&|LUMEE|LUMEE|EHR|ICU|2026||ORU^R01|c1|P|2.5.1\r", timeout);
            assertThat(frame).isNotNull();
            assertThat(frame.length()).isLessThanOrEqualTo(MllpConnection.MAX_FRAME_BYTES);
        } catch (IOException expected) {
            // garbled, closed or silent: the courier reconnects and sends again
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a peer silent for %s", SILENCE).isLessThan(timeout.plus(SILENCE.dividedBy(2)));
    }

    @Example
    void anAnswerThatNeverEndsIsCutAtTheFrameBound() throws Exception {
        byte[] endless = new byte[MllpConnection.MAX_FRAME_BYTES + 2];
        java.util.Arrays.fill(endless, (byte) 'x');
        endless[0] = MllpConnection.START_BLOCK;
        nextAnswer = endless;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), peer.getLocalPort());
             MllpConnection connection = new MllpConnection(socket, () -> { })) {
            assertThatThrownBy(() -> connection.exchange("MSH|^~\\&|LUMEE|LUMEE|EHR|ICU|2026||ORU^R01|c1|P|2.5.1\r", Duration.ofSeconds(2)))
                    .isInstanceOf(GarbledFrameException.class);
        }
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> junk = Arbitraries.strings().ofMaxLength(200);
        Arbitrary<String> mshLike = Combinators.combine(Arbitraries.strings().ofLength(5), junk, Arbitraries.of("AA", "AE", "CR", "", "ZZ"), junk)
                .as((sep, a, code, b) -> "MSH" + sep + a + "\rMSA" + sep.charAt(0) + code + sep.charAt(0) + b);
        return Arbitraries.oneOf(junk, mshLike, Arbitraries.of("MSH", "MSHabcd", "MSH|^~\\&", "MSH|^~\\&\rMSA|AA|\\", "MSH||||\rMSA|AA|x",
                "MSH|^~\\&\rMSA|AA|\\F\\", "MSH|^~\\&\rMSA|AA|^"));
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.strings().withChars("|^~\\&#$!%*+/:;<=>?@").ofLength(5).filter(s -> s.chars().distinct().count() == 5);
    }

    @Provide
    Arbitrary<AckCode> codes() {
        return Arbitraries.of(AckCode.class);
    }

    @Provide
    Arbitrary<String> controlIds() {
        return Arbitraries.strings().withChars("abcdef0123456789-").ofMinLength(1).ofMaxLength(20).filter(s -> !s.isBlank());
    }

    @Provide
    Arbitrary<String> segmentEnds() {
        return Arbitraries.of("\r", "\n", "\r\n", "\n\r", "\r\r");
    }

    @Provide
    Arbitrary<byte[]> answers() {
        byte[] ack = ("\u000bMSH|^~\\&|EHR|HOSP|||2026||ACK|A1|P|2.5.1\rMSA|AA|c1\r\u001c\r").getBytes(StandardCharsets.UTF_8);
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Arbitraries.just(ack),
                Arbitraries.integers().between(1, ack.length - 1).map(cut -> java.util.Arrays.copyOf(ack, cut)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(junk -> {
                    byte[] framed = new byte[junk.length + 3];
                    framed[0] = MllpConnection.START_BLOCK;
                    System.arraycopy(junk, 0, framed, 1, junk.length);
                    framed[junk.length + 1] = MllpConnection.END_BLOCK;
                    framed[junk.length + 2] = (byte) (junk.length % 2 == 0 ? MllpConnection.CARRIAGE_RETURN : 'x');
                    return framed;
                }));
    }
}
