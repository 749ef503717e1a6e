/**
 * Per-user anomaly scoring in Kafka Streams with {@code vectorgrad-streams}: each event advances its user's LSTM
 * state by one step ({@code UserAnomalies}).
 */
package dev.vectorgrad.examples.streams;
