/** One-step-ahead time-series forecasting with a GRU, against a naive last-value baseline. */
package dev.vectorgrad.examples.forecast;
