/** Loading a Keras model file ({@code .keras} or legacy {@code .h5}) and checking its predictions against a reference. */
package dev.vectorgrad.examples.keras;
