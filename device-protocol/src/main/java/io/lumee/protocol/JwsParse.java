package io.lumee.protocol;

/** The outcome of {@link UnverifiedJws#parse}: an {@link UnverifiedJws} or a {@link JwsFailure}. */
public sealed interface JwsParse permits UnverifiedJws, JwsFailure {
}
