package io.lumee.gateway.ingest;

import java.util.List;

/** What {@link IngestPlanner} made of a request: a {@link Refusal} of the whole, or one plan per item. */
public sealed interface IngestPlan permits Refusal, IngestPlan.Items {

    record Items(List<ItemPlan> items) implements IngestPlan {
        public Items {
            items = List.copyOf(items);
        }
    }
}
