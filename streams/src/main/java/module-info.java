/**
 * Per-key recurrent inference in Kafka Streams: a Processor API processor that keeps each key's recurrent state in a
 * key-value store and advances it by one {@code models} serving step per record.
 */
module dev.vectorgrad.streams {
    requires transitive dev.vectorgrad.models;
    requires transitive kafka.streams;
    requires transitive kafka.clients;

    exports dev.vectorgrad.streams;
}
