package io.lumee.cli.topics;

import picocli.CommandLine.Command;

/** {@code topics}: the Kafka topics of the wire contract. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Manage the pipeline's Kafka topics.",
        subcommands = {TopicsApply.class})
public final class TopicsCommand {
}
