package dev.vectorgrad.cells;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Shapes;
import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.autograd.check.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both paths of every recurrent layer pass GradCheck (F64, full Jacobian, PyTorch's
 * tolerances) with respect to every weight, the input and the initial states: each cell type,
 * 1 and 2 layers, one and both directions, full-length and ragged batches.
 */
class CellGradCheckTest {

    static final int STEPS = 3;
    static final int BATCH = 2;
    static final int IN = 2;
    static final int HIDDEN = 2;

    @ParameterizedTest(name = "{0} layers={1} bidirectional={2} ragged={3}")
    @MethodSource("dev.vectorgrad.cells.FusedEqualsComposedTest#configs")
    void bothPathsPassGradCheck(CellType type, int layers, boolean bi, boolean ragged) {
        RecurrentOptions o = RecurrentOptions.defaults().withDType(DType.F64).withLayers(layers).withBidirectional(bi);
        int cells = layers * o.directions();
        SplittableRandom random = new SplittableRandom(17);
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(Tensor.uniform(DType.F64, -1, 1, random.nextLong(), STEPS, BATCH, IN).requiresGrad(true));
        inputs.add(Tensor.uniform(DType.F64, -1, 1, random.nextLong(), cells, BATCH, HIDDEN).requiresGrad(true));
        inputs.add(Tensor.uniform(DType.F64, -1, 1, random.nextLong(), cells, BATCH, HIDDEN).requiresGrad(type.hasCellState()));
        Recurrent template = FusedEqualsComposedTest.layer(type, IN, HIDDEN, o.withSeed(3));
        for (Tensor p : template.parameters()) {
            inputs.add(p);
        }
        int[] lengths = ragged ? new int[] {3, 1} : null;
        for (boolean fused : new boolean[] {true, false}) {
            Function<Tensor[], Tensor> f = t -> {
                List<CellWeights> weights = new ArrayList<>();
                for (int c = 0; c < cells; c++) {
                    int at = 3 + 4 * c;
                    int in = c < o.directions() ? IN : o.directions() * HIDDEN;
                    weights.add(new CellWeights(type, in, HIDDEN, t[at], t[at + 1], t[at + 2], t[at + 3]));
                }
                Recurrent layer = switch (type) {
                    case RNN_TANH, RNN_RELU -> new Rnn(o, weights);
                    case LSTM -> new Lstm(o, weights);
                    case GRU -> new Gru(o, weights);
                };
                CellState init = new CellState(t[1], type.hasCellState() ? t[2] : null);
                SequenceOutput out = fused ? layer.forward(t[0], lengths, init) : layer.forwardComposed(t[0], lengths, init);
                Tensor all = Shapes.concat(0, Shapes.reshape(out.output(), -1), Shapes.reshape(out.state().h(), -1));
                return out.state().c() == null ? all : Shapes.concat(0, all, Shapes.reshape(out.state().c(), -1));
            };
            GradCheck.defaults().assertGradients(f, inputs.toArray(Tensor[]::new));
        }
    }
}
