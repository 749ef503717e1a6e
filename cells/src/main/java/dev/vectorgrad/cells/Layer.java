package dev.vectorgrad.cells;

import dev.vectorgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A layer with trainable parameters, named as PyTorch names them in a {@code state_dict}
 * ({@code weight}, {@code bias}, {@code weight_ih_l0}, {@code bias_hh_l1_reverse}, ...).
 */
public interface Layer {

    /** The parameters by PyTorch name, in PyTorch's order; the tensors are the live leaves. */
    Map<String, Tensor> namedParameters();

    /** The parameters in {@link #namedParameters()} order, e.g. for an optimizer. */
    default List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }
}
