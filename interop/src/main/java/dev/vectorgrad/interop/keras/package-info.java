/**
 * Keras import: {@link dev.vectorgrad.interop.keras.KerasImport#load} reads a Keras {@code Sequential} file into a
 * built {@code models} {@code Sequential} with its weights: {@code .keras} of Keras 3 and of tf.keras 2.13-2.15, and
 * the legacy {@code .h5}, with HDF5 read by jHDF. A bad or hostile file fails with
 * {@link dev.vectorgrad.interop.keras.KerasFormatException}.
 *
 * <p>Verified against: files written by {@code src/test/python/keras_fixtures.py} with h5py in the layouts of Keras's
 * saving code (no Keras here), and a float64 NumPy reference of Keras's equations, cross-checked on the TF.js
 * fixtures of {@code models}. Not verified: files written by Keras itself.
 */
package dev.vectorgrad.interop.keras;
