/** A user-defined differentiable op with a hand-written backward, the template for gradient checks in CI. */
package dev.vectorgrad.examples.customop;
