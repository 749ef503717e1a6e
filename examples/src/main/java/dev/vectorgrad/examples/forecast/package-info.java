/**
 * One-step-ahead time-series forecasting against a naive last-value baseline: a GRU in a hand-written loop
 * ({@code Forecast}), and the Keras tutorials' SimpleRNN and LSTM models with {@code models} ({@code SequentialForecast}), and the
 * latter trained data-parallel and scored on Apache Spark ({@code SparkForecast}).
 */
package dev.vectorgrad.examples.forecast;
