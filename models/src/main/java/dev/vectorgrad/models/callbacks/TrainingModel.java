package dev.vectorgrad.models.callbacks;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.models.optimizers.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** What a callback may do to the model under training: stop it, reach its optimizer, copy or restore its weights, save it. */
public interface TrainingModel {

    /** Ends {@code fit} after the current epoch (Keras's {@code model.stop_training = True}). */
    void stopTraining();

    /** The compiled optimizer. */
    Optimizer optimizer();

    /** The model's weights by name; the tensors are the live parameters. */
    Map<String, Tensor> stateDict();

    /**
     * Copies weights into the model (all names must match).
     *
     * @throws IllegalArgumentException if a name or shape does not match, naming it
     */
    void loadStateDict(Map<String, Tensor> weights);

    /** Writes the whole model (architecture, weights, optimizer state) to one file. */
    void save(Path file) throws IOException;

    /** Writes the weights alone. */
    void saveWeights(Path file) throws IOException;
}
