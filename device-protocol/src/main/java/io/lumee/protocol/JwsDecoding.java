package io.lumee.protocol;

/** What {@link CompactJws#decode} made of a string: the parts to verify, or why it was refused. */
sealed interface JwsDecoding permits CompactJws, JwsFailure {
}
