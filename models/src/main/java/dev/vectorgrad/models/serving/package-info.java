/**
 * Whole-model serving: a built {@link dev.vectorgrad.models.Sequential} compiled into an immutable,
 * thread-shareable {@link dev.vectorgrad.models.serving.StepModel} that advances per-stream recurrent state one
 * time step per call and allocates nothing per step.
 */
package dev.vectorgrad.models.serving;
