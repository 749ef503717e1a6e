/**
 * Kernels written with the incubating Vector API ({@code jdk.incubator.vector}); the only package
 * that refers to it. Loaded reflectively by {@link dev.vectorgrad.kernels.Kernels}.
 */
package dev.vectorgrad.kernels.vector;
