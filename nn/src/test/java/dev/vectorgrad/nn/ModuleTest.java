package dev.vectorgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vectorgrad.autograd.DType;
import dev.vectorgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The module tree: PyTorch's dotted names and order, shared tensors, the train/eval switch reaching every
 * descendant, registration errors, and {@code loadStateDict} in strict and non-strict mode.
 */
class ModuleTest {

    /** embedding -> (encoder: proj, drop) -> head, with a parameter of its own: PyTorch's order is own first. */
    static final class Tagger extends Module {
        final Tensor scale = registerParameter("scale", Tensor.zeros(DType.F64, 1).requiresGrad(true));
        final Embedding embedding = registerModule("embedding", new Embedding(5, 3, EmbeddingOptions.defaults().withSeed(1)));
        final Encoder encoder = registerModule("encoder", new Encoder());
        final Linear head = registerModule("head", new Linear(4, 2, LinearOptions.defaults().withSeed(3)));
    }

    static final class Encoder extends Module {
        final Linear proj = registerModule("proj", new Linear(3, 4, LinearOptions.defaults().withBias(false).withSeed(2)));
        final Dropout drop = registerModule("drop", new Dropout(0.5));
    }

    /** A module that registers whatever a test asks, to reach the registration checks. */
    static final class Open extends Module {
        Tensor param(String name, Tensor t) {
            return registerParameter(name, t);
        }

        <M extends Module> M child(String name, M m) {
            return registerModule(name, m);
        }
    }

    @Test
    void namesAreDottedInPyTorchsOrder() {
        Tagger t = new Tagger();
        assertEquals(List.of("scale", "embedding.weight", "encoder.proj.weight", "head.weight", "head.bias"),
                List.copyOf(t.namedParameters().keySet()));
        assertSame(t.encoder.proj.weight(), t.namedParameters().get("encoder.proj.weight"));
        assertEquals(List.copyOf(t.namedParameters().values()), t.parameters());
        assertEquals(List.of("embedding", "encoder", "head"), List.copyOf(t.namedChildren().keySet()));
        assertEquals(1 + 5 * 3 + 4 * 3 + 2 * 4 + 2, t.parameterCount());
        assertEquals(t.namedParameters(), t.stateDict());
    }

    @Test
    void aSharedTensorIsOneParameterButTwoStateDictEntries() {
        Open m = new Open();
        Linear a = m.child("a", new Linear(2, 2));
        Open tied = m.child("tied", new Open());
        tied.param("weight", a.weight());
        assertEquals(List.of("a.weight", "a.bias"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(2, m.parameters().size(), "an optimizer must see a tied weight once");
        assertEquals(List.of("a.weight", "a.bias", "tied.weight"), List.copyOf(m.stateDict().keySet()));
        assertSame(a.weight(), m.stateDict().get("tied.weight"));
    }

    @Test
    void aSharedChildAppearsUnderBothNames() {
        Open m = new Open();
        Linear shared = new Linear(2, 3);
        m.child("first", shared);
        m.child("second", shared);
        assertEquals(List.of("first.weight", "first.bias"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(List.of("first.weight", "first.bias", "second.weight", "second.bias"),
                List.copyOf(m.stateDict().keySet()));
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Tagger t = new Tagger();
        assertTrue(t.isTraining() && t.encoder.isTraining() && t.encoder.drop.isTraining(), "modules start in training");
        assertSame(t, t.eval());
        assertFalse(t.isTraining());
        assertFalse(t.embedding.isTraining());
        assertFalse(t.encoder.isTraining());
        assertFalse(t.encoder.drop.isTraining());
        assertFalse(t.head.isTraining());
        t.train(true);
        assertTrue(t.encoder.drop.isTraining());
        t.encoder.train(false);
        assertTrue(t.isTraining(), "a child's switch does not reach its parent");
        assertFalse(t.encoder.proj.isTraining());
    }

    @Test
    void registrationRejectsBadNamesDuplicatesNullsAndCycles() {
        Open m = new Open();
        Tensor t = Tensor.zeros(DType.F32, 2);
        assertEquals("Open: a parameter or module name must be non-empty and without '.', got \"a.b\"",
                assertThrows(IllegalArgumentException.class, () -> m.param("a.b", t)).getMessage());
        assertEquals("Open: a parameter or module name must be non-empty and without '.', got \"\"",
                assertThrows(IllegalArgumentException.class, () -> m.child("", new Open())).getMessage());
        assertEquals("Open: a parameter or module name must be non-empty and without '.', got null",
                assertThrows(IllegalArgumentException.class, () -> m.param(null, t)).getMessage());
        assertEquals("Open: parameter \"w\" is null",
                assertThrows(IllegalArgumentException.class, () -> m.param("w", null)).getMessage());
        assertEquals("Open: module \"c\" is null",
                assertThrows(IllegalArgumentException.class, () -> m.child("c", null)).getMessage());
        m.param("w", t);
        assertEquals("Open: the name \"w\" is already registered",
                assertThrows(IllegalArgumentException.class, () -> m.child("w", new Open())).getMessage());
        Open child = m.child("c", new Open());
        assertEquals("Open: the name \"c\" is already registered",
                assertThrows(IllegalArgumentException.class, () -> m.param("c", t)).getMessage());
        Open grandchild = child.child("g", new Open());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> grandchild.child("up", m)).getMessage()
                .contains("contains this module"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> m.child("self", m)).getMessage()
                .contains("contains this module"));
        assertEquals(List.of("w"), List.copyOf(m.namedParameters().keySet()), "nothing was registered by the failures");
    }

    @Test
    void namedChildrenIsReadOnly() {
        Tagger t = new Tagger();
        assertThrows(UnsupportedOperationException.class, () -> t.namedChildren().clear());
    }

    @Test
    void strictLoadCopiesEveryValueAndConvertsTheDtype() {
        Tagger source = new Tagger();
        source.scale.set(0, 0.25);
        Map<String, Tensor> state = new LinkedHashMap<>();
        source.stateDict().forEach((k, v) -> state.put(k, Tensor.of(v.toDoubleArray(), v.shape())));
        Tagger target = new Tagger();
        Module.LoadResult r = target.loadStateDict(state, true);
        assertEquals(List.of(), r.missingKeys());
        assertEquals(List.of(), r.unexpectedKeys());
        for (String name : source.stateDict().keySet()) {
            assertArrayEquals(source.stateDict().get(name).toDoubleArray(), target.stateDict().get(name).toDoubleArray(), name);
        }
        assertEquals(DType.F32, target.head.weight().dtype());
    }

    @Test
    void strictLoadNamesEveryProblemAndWritesNothing() {
        Tagger target = new Tagger();
        double[] before = target.head.bias().toDoubleArray();
        Map<String, Tensor> state = new LinkedHashMap<>(new Tagger().stateDict());
        state.remove("embedding.weight");
        state.put("head.bias", Tensor.zeros(DType.F32, 3));
        state.put("encoder.extra", Tensor.zeros(DType.F32, 1));
        state.put("zzz", Tensor.zeros(DType.F32, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> target.loadStateDict(state, true));
        assertEquals("state dict does not match Tagger (expected [scale, embedding.weight, encoder.proj.weight, "
                + "head.weight, head.bias]): missing \"embedding.weight\" [5, 3]; \"head.bias\" has shape [3], expected [2]; "
                + "unexpected \"encoder.extra\"; unexpected \"zzz\"", e.getMessage());
        assertArrayEquals(before, target.head.bias().toDoubleArray());
    }

    @Test
    void nonStrictLoadReportsMissingAndUnexpectedKeysAndLoadsTheRest() {
        Tagger source = new Tagger();
        source.scale.set(0, 2.0);
        Tagger target = new Tagger();
        double[] embeddingBefore = target.embedding.weight().toDoubleArray();
        Map<String, Tensor> state = new LinkedHashMap<>(source.stateDict());
        state.remove("embedding.weight");
        state.remove("head.bias");
        state.remove("scale");
        state.put("extra", Tensor.zeros(DType.F32, 1));
        state.put("another", Tensor.zeros(DType.F32, 1));
        Module.LoadResult r = target.loadStateDict(state, false);
        assertEquals(List.of("scale", "embedding.weight", "head.bias"), r.missingKeys(), "in stateDict order");
        assertEquals(List.of("another", "extra"), r.unexpectedKeys(), "sorted");
        assertEquals(0.0, target.scale.get(0), "a missing key leaves the value");
        assertArrayEquals(source.head.weight().toDoubleArray(), target.head.weight().toDoubleArray());
        assertArrayEquals(embeddingBefore, target.embedding.weight().toDoubleArray(), "a missing key leaves the value");
    }

    @Test
    void nonStrictLoadStillRejectsAShapeMismatch() {
        Tagger target = new Tagger();
        double before = target.scale.get(0);
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("scale", Tensor.of(new double[] {7}, 1));
        state.put("head.weight", Tensor.zeros(DType.F32, 2, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> target.loadStateDict(state, false));
        assertTrue(e.getMessage().endsWith(": \"head.weight\" has shape [2, 5], expected [2, 4]"), e.getMessage());
        assertEquals(before, target.scale.get(0), "all or nothing");
    }

    @Test
    void toStringPrintsTheTreeAsPyTorchDoes() {
        assertEquals("""
                Tagger(
                  (embedding): Embedding(5, 3)
                  (encoder): Encoder(
                    (proj): Linear(in=3, out=4, bias=false)
                    (drop): Dropout(p=0.5)
                  )
                  (head): Linear(in=4, out=2, bias=true)
                )""", new Tagger().toString());
    }
}
