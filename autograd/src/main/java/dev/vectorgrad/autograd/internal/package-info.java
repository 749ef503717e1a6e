/** Implementation details of the autograd ops (the dtype-dispatching view of the kernels); not exported. */
package dev.vectorgrad.autograd.internal;
