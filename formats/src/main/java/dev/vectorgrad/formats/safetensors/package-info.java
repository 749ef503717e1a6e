/**
 * Weight I/O in the <a href="https://github.com/huggingface/safetensors">safetensors</a> format:
 * {@link dev.vectorgrad.formats.safetensors.SafeTensors} reads and writes files,
 * {@link dev.vectorgrad.formats.safetensors.SafeTensorsFile} holds what was read and checks expected names and
 * shapes, and every problem with a file is a {@link dev.vectorgrad.formats.safetensors.SafeTensorsException}.
 *
 * <p>The reader validates every header field (lengths, UTF-8, JSON, keys, types, dtypes, shapes,
 * offsets, sizes) before it allocates anything for tensor data, so a hostile or damaged file costs
 * at most its own size in memory and fails with a message naming the tensor and the problem.
 */
package dev.vectorgrad.formats.safetensors;
