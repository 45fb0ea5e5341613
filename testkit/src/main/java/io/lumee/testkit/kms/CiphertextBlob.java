package io.lumee.testkit.kms;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The stand-in's ciphertext: {@code 0x01 | key id length | key id | 12-byte IV | AES-256-GCM ciphertext and
 * tag}. The key id travels inside, as in real KMS, so Decrypt needs no KeyId; the encryption context is the
 * GCM associated data, so a blob decrypts only under the exact context it was made with.
 */
final class CiphertextBlob {
    private static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private CiphertextBlob() {}

    static byte[] seal(KmsKey key, byte[] plaintext, Map<String, String> context) {
        byte[] keyId = key.keyId().getBytes(StandardCharsets.US_ASCII);
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.material(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData(context));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(2 + keyId.length + IV_BYTES + sealed.length)
                    .put(VERSION).put((byte) keyId.length).put(keyId).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** The id of the key that sealed the blob; refused as invalid ciphertext when the blob is not ours. */
    static String keyId(byte[] blob) {
        if (blob.length < 2 + IV_BYTES + TAG_BITS / 8 || blob[0] != VERSION || blob.length < 2 + (blob[1] & 0xff) + IV_BYTES) {
            throw KmsError.invalidCiphertext();
        }
        return new String(blob, 2, blob[1] & 0xff, StandardCharsets.US_ASCII);
    }

    static byte[] open(KmsKey key, byte[] blob, Map<String, String> context) {
        int offset = 2 + (blob[1] & 0xff);
        byte[] iv = Arrays.copyOfRange(blob, offset, offset + IV_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.material(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData(context));
            return cipher.doFinal(blob, offset + IV_BYTES, blob.length - offset - IV_BYTES);
        } catch (javax.crypto.AEADBadTagException wrongKeyOrContext) {
            throw KmsError.invalidCiphertext();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** The context in key order, each name and value length-prefixed, so no two contexts encode alike. */
    private static byte[] associatedData(Map<String, String> context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TreeMap<>(context).forEach((name, value) -> {
            write(out, name);
            write(out, value);
        });
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }
}
