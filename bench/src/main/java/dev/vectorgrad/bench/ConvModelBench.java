package dev.vectorgrad.bench;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.Sequential;
import dev.vectorgrad.models.data.Tensors;
import dev.vectorgrad.models.layers.Conv2D;
import dev.vectorgrad.models.layers.Dense;
import dev.vectorgrad.models.layers.Flatten;
import dev.vectorgrad.models.layers.Input;
import dev.vectorgrad.models.layers.LSTM;
import dev.vectorgrad.models.layers.MaxPooling2D;
import dev.vectorgrad.models.layers.TimeDistributed;
import dev.vectorgrad.models.optimizers.Adam;
import java.util.List;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One training step of the image-sequence demo's model (issue 19; examples' {@code FashionSequences}), the Keras
 * tutorial's {@code TimeDistributed(Conv2D(32, 3, relu))}, {@code TimeDistributed(MaxPooling2D(2))},
 * {@code TimeDistributed(Conv2D(64, 3, relu))}, {@code TimeDistributed(MaxPooling2D(2))},
 * {@code TimeDistributed(Flatten())}, {@code LSTM(50)}, {@code Dense(10, softmax)}, compiled with {@code Adam(1e-3)}
 * and sparse categorical cross-entropy: {@code trainOnBatch} on {@code batch} sequences of {@code frames} 28x28x1
 * images (uniform pixels in [0, 1), seeded; random labels), which runs the forward pass on a tape, the loss and its
 * metric, the backward pass and Adam's update. The report divides {@code batch * frames} by the time per step:
 * frames per second. bench/torch_peer.py times the same model, written in PyTorch, the same way.
 */
@State(Scope.Thread)
public class ConvModelBench {

    @Param({"32"})
    public int batch;

    @Param({"8"})
    public int frames;

    /** Kernel threads; must match the fork's {@code -Dvectorgrad.kernels.threads} (checked). */
    @Param({"1"})
    public int threads;

    private Sequential model;
    private Tensor x;
    private int[] y;

    @Setup
    public void setup() {
        Rnns.checkThreads(threads);
        model = new Sequential(new Input(frames, 28, 28, 1),
                new TimeDistributed(new Conv2D(32, 3, "relu")),
                new TimeDistributed(new MaxPooling2D(2)),
                new TimeDistributed(new Conv2D(64, 3, "relu")),
                new TimeDistributed(new MaxPooling2D(2)),
                new TimeDistributed(new Flatten()),
                new LSTM(50),
                new Dense(10, "softmax"));
        model.compile(new Adam(1e-3), "sparse_categorical_crossentropy", "accuracy");
        SplittableRandom random = new SplittableRandom(19);
        float[] pixels = new float[batch * frames * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        x = Tensors.ofFlat(pixels, batch, frames, 28, 28, 1);
        y = random.ints(batch, 0, 10).toArray();
    }

    /** One step: returns the loss and accuracy, which JMH consumes. */
    @Benchmark
    public List<Double> trainStep_vectorgrad() {
        return model.trainOnBatch(x, y);
    }
}
