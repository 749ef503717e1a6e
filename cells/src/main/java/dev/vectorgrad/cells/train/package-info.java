/** Training helpers for recurrent layers: truncated backpropagation through time. */
package dev.vectorgrad.cells.train;
