/**
 * Gradient checking for tests and CI: {@link dev.vectorgrad.autograd.check.GradCheck} compares the
 * gradients a function's backward pass computes with central finite differences (every Jacobian
 * entry, or PyTorch-style fast random projections), checks that a zero upstream gradient gives
 * zero gradients and that backward is deterministic, and returns a
 * {@link dev.vectorgrad.autograd.check.Report} naming each failing input, element and value.
 */
package dev.vectorgrad.autograd.check;
