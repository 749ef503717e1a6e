package dev.vectorgrad.streams;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A {@link Serde} of {@code float[]} as little-endian float32 (raw bits, 4 bytes a float, no header): record values that
 * carry a step's features or a model's output.
 */
public final class FloatArraySerde implements Serde<float[]>, Serializer<float[]>, Deserializer<float[]> {

    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    @Override
    public byte[] serialize(String topic, float[] data) {
        if (data == null) {
            return null;
        }
        byte[] out = new byte[data.length * Float.BYTES];
        for (int i = 0; i < data.length; i++) {
            FLOAT.set(out, i * Float.BYTES, data[i]);
        }
        return out;
    }

    /**
     * The floats of {@code data}.
     *
     * @throws IllegalArgumentException if its length is not a multiple of 4, naming the topic and the length
     */
    @Override
    public float[] deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("FloatArraySerde: topic " + topic + ": a value of " + data.length
                    + " bytes is not a whole number of float32 (4 bytes each)");
        }
        float[] out = new float[data.length / Float.BYTES];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) FLOAT.get(data, i * Float.BYTES);
        }
        return out;
    }

    /** Nothing to configure: the format is fixed. */
    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
        // the format has no settings
    }

    /** Nothing to release. */
    @Override
    public void close() {
        // holds no resources
    }

    @Override
    public Serializer<float[]> serializer() {
        return this;
    }

    @Override
    public Deserializer<float[]> deserializer() {
        return this;
    }
}
