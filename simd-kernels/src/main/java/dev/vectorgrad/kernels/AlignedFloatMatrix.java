package dev.vectorgrad.kernels;

/**
 * A float matrix A, m x n, copied once into the storage one provider's GEMV reads fastest, for
 * {@code y = alpha * A x + beta * y} by the same matrix again and again: the batch-1 step of a recurrent layer
 * multiplies {@code [x | h]} by the same {@code [W_ih | W_hh]} at every time step.
 *
 * <p>Why: a 512-bit load that starts off a 64-byte line touches two lines, and the GEMV of a step is one such load
 * per FMA. Where a heap array lands is up to the allocator and the GC (which may move it), so the same GEMV over
 * the same heap array ran at 19.3 to 24.2 us (1024 x 384, AVX-512) by where the array began, and a benchmark fork
 * got one speed or the other by chance. On JDK 22 and later (the jar's {@code META-INF/versions/22}), the Vector
 * API provider keeps this matrix off the heap, each row starting on a 64-byte boundary ({@link #offHeap()} is true):
 * the GEMV then has one speed. On JDK 21 it is a heap copy, as fast as the array it came from. The scalar provider
 * keeps a heap copy on every JDK.
 *
 * <p>Made by {@link FloatKernels#align} and used by
 * {@link FloatKernels#gemv(AlignedFloatMatrix, int, int, int, int, float, float[], int, float, float[], int)} of the
 * same provider; both implementations give the bits the array GEMV of their provider gives. Immutable and
 * thread-safe (its own copy; later changes to the source array are not seen). Off-heap memory is freed when the
 * matrix is no longer reachable.
 */
public interface AlignedFloatMatrix {

    /** Rows of A (the outputs of a GEMV by it). */
    int rows();

    /** Columns of A (the inputs of a GEMV by it). */
    int columns();

    /** Name of the provider that made it ({@link KernelProvider#name()}). */
    String provider();

    /** Whether the matrix is held off the heap with every row at a 64-byte boundary (see the class notes). */
    boolean offHeap();

    /** A new row-major array copy of A ({@code rows * columns} floats), for the kernels that take arrays. */
    float[] toArray();
}
