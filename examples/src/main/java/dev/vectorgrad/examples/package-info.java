/**
 * Runnable programs a new user starts with; each runs with
 * {@code mvn -B -q -pl examples -am -DskipTests package exec:exec@demo -Dexample=<main class>}.
 * <ul>
 *   <li>{@link dev.vectorgrad.examples.charlm.CharLm}: a character-level LSTM language model (the default)</li>
 *   <li>{@link dev.vectorgrad.examples.forecast.Forecast}: GRU time-series forecasting</li>
 *   <li>{@link dev.vectorgrad.examples.classify.Classify}: Embedding + LSTM sequence classification</li>
 *   <li>{@link dev.vectorgrad.examples.pytorch.FromPyTorch}: load a PyTorch LSTM and match its outputs</li>
 *   <li>{@link dev.vectorgrad.examples.customop.Swish}: a custom op, gradient-checked in its test</li>
 *   <li>{@link dev.vectorgrad.examples.KernelDemo}: the kernel provider and a quick GEMM timing</li>
 * </ul>
 * Helpers they share (progress line, SVG charts, options) are in {@link dev.vectorgrad.examples.common}.
 */
package dev.vectorgrad.examples;
