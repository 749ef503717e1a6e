/** Implementation details of the autograd ops (the dtype-dispatching view of the kernels); exported only to the cells module (fused cells use it). */
package dev.vectorgrad.autograd.internal;
