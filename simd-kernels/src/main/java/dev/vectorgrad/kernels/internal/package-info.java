/** Helpers shared by the kernel implementations; not exported. */
package dev.vectorgrad.kernels.internal;
