package dev.vectorgrad.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vectorgrad.interop.onnx.OnnxIr.AttributeType;
import dev.vectorgrad.interop.onnx.OnnxIr.Model;
import dev.vectorgrad.interop.onnx.OnnxIr.Node;
import dev.vectorgrad.interop.onnx.OnnxTensor.ElementType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reader's IR: model fields, nodes and attributes, and every way a tensor's data can be stored. */
class OnnxReaderTest {

    @Test
    void aTorchExportReadsAsItsGraph() throws Exception {
        // what onnx.helper.printable_graph shows for this file (Python onnx 1.12)
        Model m = OnnxReader.read(Fixtures.file("torch_gru_1l_init_op13.onnx"));
        assertEquals(7, m.irVersion());
        assertEquals("pytorch", m.producerName());
        assertEquals(13L, m.opsetImports().get(""));
        Node gru = m.graph().nodes().stream().filter(n -> n.opType().equals("GRU")).findFirst().orElseThrow();
        assertEquals("x", gru.inputs().get(0));
        assertEquals("", gru.inputs().get(4));
        assertEquals("h0", gru.inputs().get(5));
        assertEquals(AttributeType.INT, gru.attributes().get("hidden_size").type());
        assertEquals(5, gru.attributes().get("hidden_size").i());
        assertEquals(1, gru.attributes().get("linear_before_reset").i());
        OnnxTensor w = m.graph().initializers().get(gru.inputs().get(1));
        assertArrayEquals(new int[] {1, 15, 3}, w.shape());
        assertEquals(ElementType.FLOAT, w.type());
        assertEquals(List.of("x", "h0"), m.graph().inputs().stream().map(OnnxIr.ValueInfo::name).toList());
        assertEquals("time", m.graph().inputs().get(0).shape().get(0).param());
        assertEquals(3, m.graph().inputs().get(0).shape().get(2).value());
    }

    @Test
    void stringListAttributesAndExternalAndTypedInitializersRead() throws Exception {
        Model rnn = OnnxReader.read(Fixtures.file("torch_rnn_relu_3l_bidir_init_op17.onnx"));
        Node node = rnn.graph().nodes().stream().filter(n -> n.opType().equals("RNN")).findFirst().orElseThrow();
        assertEquals(List.of("Relu", "Relu"), node.attributes().get("activations").strings());
        assertEquals("bidirectional", node.attributes().get("direction").s());
        Model ext = OnnxReader.read(Fixtures.file("built_lstm_fwd_external.onnx"));
        assertArrayEquals(new int[] {1, 16, 3}, ext.graph().initializers().get("W").shape());
        Model typed = OnnxReader.read(Fixtures.file("built_lstm_bidir_seqlens_typed.onnx"));
        assertArrayEquals(new int[] {2, 24}, typed.graph().initializers().get("B").shape());
    }

    private static byte[] le(int bytesEach, long... values) {
        ByteBuffer b = ByteBuffer.allocate(bytesEach * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (bytesEach) {
                case 1 -> b.put((byte) v);
                case 4 -> b.putInt((int) v);
                default -> b.putLong(v);
            }
        }
        return b.array();
    }

    private static OnnxTensor initializer(byte[] tensor) throws Exception {
        byte[] file = OnnxBytes.oneNode(17, OnnxBytes.node("Identity", "i", List.of("x"), List.of("y")), tensor);
        return OnnxReader.read(file, OnnxLimits.defaults(), null).graph().initializers().values().iterator().next();
    }

    @Test
    void rawDataIsLittleEndianForEveryType() throws Exception {
        assertArrayEquals(new long[] {-2, 7, Integer.MAX_VALUE},
                initializer(OnnxBytes.tensor("a", 6, new long[] {3}, le(4, -2, 7, Integer.MAX_VALUE))).longs());
        assertArrayEquals(new long[] {Long.MIN_VALUE, 1L << 40},
                initializer(OnnxBytes.tensor("b", 7, new long[] {2}, le(8, Long.MIN_VALUE, 1L << 40))).longs());
        assertArrayEquals(new long[] {0, 1, 1}, initializer(OnnxBytes.tensor("c", 9, new long[] {3},
                le(1, 0, 5, 1))).longs());
        OnnxTensor d = initializer(OnnxBytes.tensor("d", 11, new long[] {2},
                le(8, Double.doubleToLongBits(0.1), Double.doubleToLongBits(-3.5))));
        assertArrayEquals(new double[] {0.1, -3.5}, d.doubles());
        OnnxTensor f = initializer(OnnxBytes.floatTensor("f", new float[] {1.5f, -0.25f, 3f, 4f}, 2, 2));
        assertArrayEquals(new float[] {1.5f, -0.25f, 3f, 4f}, f.floats());
        assertArrayEquals(new int[] {2, 2}, f.shape());
        OnnxTensor scalar = initializer(OnnxBytes.floatTensor("s", new float[] {2f}));
        assertEquals(0, scalar.rank());
        assertEquals(2.0, scalar.getDouble(0));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void typedFieldsReadPackedAndUnpacked(boolean packed) throws Exception {
        assertArrayEquals(new float[] {0.5f, -2f, 8f}, initializer(OnnxBytes.typedTensor("f", 1, new long[] {3}, 4,
                new double[] {0.5, -2, 8}, packed)).floats());
        assertArrayEquals(new long[] {-5, 6}, initializer(OnnxBytes.typedTensor("i", 6, new long[] {2}, 5,
                new double[] {-5, 6}, packed)).longs());
        assertArrayEquals(new long[] {-1, 1L << 33}, initializer(OnnxBytes.typedTensor("l", 7, new long[] {2}, 7,
                new double[] {-1, 1L << 33}, packed)).longs());
        assertArrayEquals(new double[] {0.1, 1e300}, initializer(OnnxBytes.typedTensor("d", 11, new long[] {2}, 10,
                new double[] {0.1, 1e300}, packed)).doubles());
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> initializer(OnnxBytes.typedTensor(
                "short", 1, new long[] {4}, 4, new double[] {1, 2, 3}, packed)));
        assertEquals(true, e.getMessage().contains("needs 4 values, found 3 in float_data"), e.getMessage());
    }

    @Test
    void anEmptyTensorAndAMissingShapeAreFine() throws Exception {
        assertEquals(0, initializer(OnnxBytes.tensor("e", 1, new long[] {0, 3}, new byte[0])).size());
        Model m = OnnxReader.read(OnnxBytes.oneNode(17, OnnxBytes.node("Identity", "i", List.of("x"),
                List.of("y"))), OnnxLimits.defaults(), null);
        assertNull(m.graph().inputs().get(0).shape());
    }
}
