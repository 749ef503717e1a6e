package dev.vectorgrad.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;

/**
 * ONNX Runtime as the benchmarks' peer, set up the same way everywhere: a session with one intra-op thread (or as
 * many as the kernel threads of the run it is compared with) and one inter-op thread, sequential execution and all
 * graph optimisations, fed from direct buffers it reads and writes in place.
 */
final class OrtPeer {

    private OrtPeer() {
    }

    /** A session on {@code file} with the peer's options. */
    static OrtSession session(OrtEnvironment env, Path file) throws OrtException {
        return session(env, file, 1);
    }

    /** {@link #session(OrtEnvironment, Path)} with {@code intraOpThreads} threads inside each operator. */
    static OrtSession session(OrtEnvironment env, Path file, int intraOpThreads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(intraOpThreads);
        options.setInterOpNumThreads(1);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        return env.createSession(file.toString(), options);
    }

    /** A direct float buffer of {@code n} zeros in native order, which ONNX Runtime wraps without copying. */
    static FloatBuffer floats(int n) {
        return ByteBuffer.allocateDirect(n * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
