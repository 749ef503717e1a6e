/**
 * Keras import: reads {@code .keras} (Keras 3) and {@code .h5} (tf.keras and legacy) files into a {@code models}
 * {@code Sequential} with its weights.
 */
package dev.vectorgrad.interop.keras;
