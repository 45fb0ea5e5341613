package io.lumee.protocol;

/** The outcome of {@link JwsVerifier#verify}: a {@link VerifiedJws} or a {@link JwsFailure}. */
public sealed interface Verification permits VerifiedJws, JwsFailure {
}
