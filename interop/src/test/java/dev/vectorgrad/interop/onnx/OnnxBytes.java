package dev.vectorgrad.interop.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

/**
 * Writes small ONNX protobuf messages for tests, field by field with protobuf-java's {@link CodedOutputStream}, so
 * that tests can build files no exporter writes (cycles, lies about sizes, hostile paths). Field numbers as in
 * {@link OnnxReader}'s documentation (onnx.proto).
 */
final class OnnxBytes {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    private OnnxBytes() {
    }

    private OnnxBytes message(int field, byte[] value) {
        try {
            out.writeBytes(field, ByteString.copyFrom(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private OnnxBytes string(int field, String value) {
        try {
            out.writeString(field, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private OnnxBytes int64(int field, long value) {
        try {
            out.writeInt64(field, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private byte[] done() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] model(long opset, byte[] graph) {
        byte[] opsetId = new OnnxBytes().string(1, "").int64(2, opset).done();
        return new OnnxBytes().int64(1, 8).string(2, "test").message(7, graph).message(8, opsetId).done();
    }

    static byte[] graph(List<byte[]> nodes, List<byte[]> initializers, List<byte[]> inputs, List<byte[]> outputs) {
        OnnxBytes g = new OnnxBytes();
        nodes.forEach(n -> g.message(1, n));
        g.string(2, "g");
        initializers.forEach(t -> g.message(5, t));
        inputs.forEach(v -> g.message(11, v));
        outputs.forEach(v -> g.message(12, v));
        return g.done();
    }

    static byte[] node(String op, String name, List<String> inputs, List<String> outputs, byte[]... attributes) {
        OnnxBytes n = new OnnxBytes();
        inputs.forEach(i -> n.string(1, i));
        outputs.forEach(o -> n.string(2, o));
        n.string(3, name).string(4, op);
        for (byte[] a : attributes) {
            n.message(5, a);
        }
        return n.done();
    }

    static byte[] intAttribute(String name, long value) {
        return new OnnxBytes().string(1, name).int64(3, value).int64(20, 2).done();
    }

    static byte[] floatAttribute(String name, float value) {
        OnnxBytes a = new OnnxBytes().string(1, name);
        try {
            a.out.writeFloat(2, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return a.int64(20, 1).done();
    }

    static byte[] tensorAttribute(String name, byte[] tensor) {
        return new OnnxBytes().string(1, name).message(5, tensor).int64(20, 4).done();
    }

    /** A FLOAT tensor with its data as raw_data. */
    static byte[] floatTensor(String name, float[] data, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) {
            b.putFloat(f);
        }
        return tensor(name, 1, dims, b.array());
    }

    /** A tensor of any data type code with the given raw_data. */
    static byte[] tensor(String name, int dataType, long[] dims, byte[] raw) {
        OnnxBytes t = new OnnxBytes();
        for (long d : dims) {
            t.int64(1, d);
        }
        return t.int64(2, dataType).string(8, name).message(9, raw).done();
    }

    /**
     * A tensor with its values in a typed field ({@code float_data} 4, {@code int32_data} 5, {@code int64_data} 7,
     * {@code double_data} 10), packed (proto3) or one tag per value (proto2).
     */
    static byte[] typedTensor(String name, int dataType, long[] dims, int field, double[] values, boolean packed) {
        OnnxBytes t = new OnnxBytes();
        for (long d : dims) {
            t.int64(1, d);
        }
        t.int64(2, dataType).string(8, name);
        try {
            if (packed) {
                OnnxBytes body = new OnnxBytes();
                for (double v : values) {
                    body.raw(field, v);
                }
                t.message(field, body.done());
            } else {
                for (double v : values) {
                    switch (field) {
                        case 4 -> t.out.writeFloat(field, (float) v);
                        case 10 -> t.out.writeDouble(field, v);
                        default -> t.out.writeInt64(field, (long) v);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return t.done();
    }

    private void raw(int field, double v) {
        try {
            switch (field) {
                case 4 -> out.writeFloatNoTag((float) v);
                case 10 -> out.writeDoubleNoTag(v);
                default -> out.writeInt64NoTag((long) v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A tensor stored externally (data_location = EXTERNAL) with the given entries. */
    static byte[] externalTensor(String name, int dataType, long[] dims, Map<String, String> entries) {
        OnnxBytes t = new OnnxBytes();
        for (long d : dims) {
            t.int64(1, d);
        }
        t.int64(2, dataType).string(8, name);
        entries.forEach((k, v) -> t.message(13, new OnnxBytes().string(1, k).string(2, v).done()));
        return t.int64(14, 1).done();
    }

    /** A ValueInfoProto with a tensor type of the given element type and no shape. */
    static byte[] valueInfo(String name, int elemType) {
        byte[] tensorType = new OnnxBytes().int64(1, elemType).done();
        byte[] type = new OnnxBytes().message(1, tensorType).done();
        return new OnnxBytes().string(1, name).message(2, type).done();
    }

    /** A model whose graph is one node from input "x" to output "y", with the given initializers. */
    static byte[] oneNode(long opset, byte[] node, byte[]... initializers) {
        return model(opset, graph(List.of(node), List.of(initializers), List.of(valueInfo("x", 1)),
                List.of(valueInfo("y", 1))));
    }
}
