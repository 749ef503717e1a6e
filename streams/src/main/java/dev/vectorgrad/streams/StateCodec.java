package dev.vectorgrad.streams;

import dev.vectorgrad.cells.CellType;
import dev.vectorgrad.models.serving.StepModel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * The versioned byte format of one key's recurrent state, as the processor stores it in a
 * {@code KeyValueStore<K, byte[]>} (and so in its changelog topic). All numbers little-endian:
 *
 * <pre>
 * offset  size  field
 *      0     4  magic "VGST"
 *      4     1  format version ({@value #VERSION})
 *      5     1  reserved, 0
 *      6     2  n, the number of state blocks (unsigned)
 *      8     8  model fingerprint ({@link StreamModel#fingerprint()})
 *     16     8  steps taken by this key since its state was last zero
 *     24     8  timestamp (ms) of the last record that stepped it (idle-key eviction reads it)
 *     32    8n  the layout, per block: cell (u8: 0 RNN_TANH, 1 RNN_RELU, 2 LSTM, 3 GRU), part (u8: 0 h, 1 c),
 *               recurrent layer (u16), floats (i32)
 * 32 + 8n   4s  the state's s floats, in the layout's order (float32, raw bits)
 * </pre>
 *
 * A state is {@code 32 + 8n + 4s} bytes: 2,096 for one LSTM layer of 256 units (n = 2, s = 512), 560 for 64 units.
 * Checking a stored state against the model compares its bytes with the header this codec expects, and encoding and
 * decoding copy floats through a byte-array view: nothing is allocated but the array {@link #encode} returns.
 * A codec is immutable and may be shared between threads.
 */
public final class StateCodec {

    /** The format version this codec writes and reads. */
    public static final int VERSION = 1;
    /** The first four bytes of every state: {@code "VGST"}. */
    public static final int MAGIC = 'V' | 'G' << 8 | 'S' << 16 | 'T' << 24;
    /** Bytes before the layout. */
    public static final int FIXED_HEADER = 32;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int STEPS_AT = 16;
    private static final int LAST_SEEN_AT = 24;
    private static final int FINGERPRINT_AT = 8;

    /** How a stored state relates to the running model. */
    public enum Match {
        /** Written by this model: continue from it. */
        SAME_MODEL,
        /** Written by another model (fingerprint) with the same layout: {@link ModelUpgrade} decides. */
        OTHER_MODEL_SAME_LAYOUT,
        /** Not readable as this model's state (magic, version, layout or length): {@link IncompatibleState} decides. */
        INCOMPATIBLE
    }

    private final StreamModel model;
    private final int stateFloats;
    private final int dataAt;
    private final int size;
    /** The header this model writes, fields at STEPS_AT and LAST_SEEN_AT zero. */
    private final byte[] header;

    /** The codec of {@code model}'s states. */
    public StateCodec(StreamModel model) {
        this.model = model;
        List<StepModel.StateBlock> layout = model.stateLayout();
        this.stateFloats = model.stateSize();
        this.dataAt = FIXED_HEADER + 8 * layout.size();
        this.size = dataAt + Float.BYTES * stateFloats;
        this.header = new byte[dataAt];
        INT.set(header, 0, MAGIC);
        header[4] = (byte) VERSION;
        SHORT.set(header, 6, (short) layout.size());
        LONG.set(header, FINGERPRINT_AT, model.fingerprint());
        int at = FIXED_HEADER;
        for (StepModel.StateBlock b : layout) {
            header[at] = (byte) cellCode(b.cell());
            header[at + 1] = (byte) (b.part().equals("h") ? 0 : 1);
            SHORT.set(header, at + 2, (short) b.layer());
            INT.set(header, at + 4, b.size());
            at += 8;
        }
    }

    /** Bytes of one key's state. */
    public int encodedSize() {
        return size;
    }

    /** Floats of one key's state ({@link StreamModel#stateSize()}). */
    public int stateFloats() {
        return stateFloats;
    }

    /**
     * A new array holding {@code state} ({@link #stateFloats()} floats), the step count and the last record's
     * timestamp under this model's header: the one allocation of a processed record's state, since a store may keep
     * the array it is given.
     */
    public byte[] encode(float[] state, long steps, long lastSeen) {
        byte[] out = new byte[size];
        encode(state, steps, lastSeen, out);
        return out;
    }

    /**
     * Writes the state into {@code dst} ({@link #encodedSize()} bytes).
     *
     * @throws IllegalArgumentException if {@code state} or {@code dst} has another length, naming both
     */
    public void encode(float[] state, long steps, long lastSeen, byte[] dst) {
        if (state.length != stateFloats || dst.length != size) {
            throw new IllegalArgumentException("StateCodec: encodes " + stateFloats + " floats into " + size
                    + " bytes, got " + state.length + " floats and " + dst.length + " bytes");
        }
        System.arraycopy(header, 0, dst, 0, dataAt);
        LONG.set(dst, STEPS_AT, steps);
        LONG.set(dst, LAST_SEEN_AT, lastSeen);
        for (int i = 0, at = dataAt; i < stateFloats; i++, at += Float.BYTES) {
            FLOAT.set(dst, at, state[i]);
        }
    }

    /** How {@code stored} relates to this model; allocates nothing. */
    public Match match(byte[] stored) {
        if (stored.length != size || !Arrays.equals(stored, 0, FINGERPRINT_AT, header, 0, FINGERPRINT_AT)
                || !Arrays.equals(stored, FIXED_HEADER, dataAt, header, FIXED_HEADER, dataAt)) {
            return Match.INCOMPATIBLE;
        }
        return Arrays.equals(stored, FINGERPRINT_AT, STEPS_AT, header, FINGERPRINT_AT, STEPS_AT) ? Match.SAME_MODEL
                : Match.OTHER_MODEL_SAME_LAYOUT;
    }

    /**
     * Reads the floats of a state that {@link #match} accepted into {@code state} ({@link #stateFloats()} floats).
     *
     * @throws StateMismatchException if {@code stored} is {@link Match#INCOMPATIBLE}, with {@link #describe}'s text
     */
    public void decode(byte[] stored, float[] state) {
        if (match(stored) == Match.INCOMPATIBLE) {
            throw new StateMismatchException(describe(stored));
        }
        if (state.length != stateFloats) {
            throw new IllegalArgumentException("StateCodec: decodes into " + stateFloats + " floats, got "
                    + state.length);
        }
        for (int i = 0, at = dataAt; i < stateFloats; i++, at += Float.BYTES) {
            state[i] = (float) FLOAT.get(stored, at);
        }
    }

    /** Whether {@code stored} starts with this format's magic and version (its counters can be read). */
    public static boolean readable(byte[] stored) {
        return stored.length >= FIXED_HEADER && (int) INT.get(stored, 0) == MAGIC && stored[4] == VERSION;
    }

    /** The step count of a {@link #readable} state. */
    public static long steps(byte[] stored) {
        return (long) LONG.get(stored, STEPS_AT);
    }

    /** The timestamp of the last record that stepped a {@link #readable} state. */
    public static long lastSeen(byte[] stored) {
        return (long) LONG.get(stored, LAST_SEEN_AT);
    }

    /** The model fingerprint of a {@link #readable} state. */
    public static long fingerprint(byte[] stored) {
        return (long) LONG.get(stored, FINGERPRINT_AT);
    }

    /** What {@code stored} is against what this model expects, in words: for error messages. */
    public String describe(byte[] stored) {
        String expected = "model '" + model.name() + "' (fingerprint " + model.fingerprintHex() + ", format version "
                + VERSION + ", layout " + layout(header) + ", " + size + " bytes)";
        if (stored.length < FIXED_HEADER || (int) INT.get(stored, 0) != MAGIC) {
            return "stored state of " + stored.length + " bytes is not a vectorgrad state (magic "
                    + (stored.length >= 4 ? String.format("0x%08x", (int) INT.get(stored, 0)) : "missing")
                    + ", expected 0x" + Integer.toHexString(MAGIC) + " \"VGST\"); expected a state of " + expected;
        }
        if (stored[4] != VERSION) {
            return "stored state has format version " + (stored[4] & 0xff) + ", this codec reads version " + VERSION
                    + "; expected a state of " + expected;
        }
        int blocks = (short) SHORT.get(stored, 6) & 0xffff;
        int at = FIXED_HEADER + 8 * blocks;
        String found = "fingerprint " + StreamModel.hex(fingerprint(stored)) + ", layout "
                + (stored.length >= at ? layout(Arrays.copyOf(stored, at)) : "cut short (" + blocks + " blocks)")
                + ", " + stored.length + " bytes";
        return "stored state (" + found + ") does not fit " + expected;
    }

    private static String layout(byte[] head) {
        int blocks = (short) SHORT.get(head, 6) & 0xffff;
        StringBuilder s = new StringBuilder("[");
        for (int i = 0, at = FIXED_HEADER; i < blocks && at + 8 <= head.length; i++, at += 8) {
            if (i > 0) {
                s.append(", ");
            }
            int cell = head[at] & 0xff;
            s.append("layer ").append((short) SHORT.get(head, at + 2) & 0xffff).append(' ')
                    .append(cell < CELLS.length ? CELLS[cell] : "cell " + cell).append(' ')
                    .append(head[at + 1] == 0 ? "h" : "c").append('[').append((int) INT.get(head, at + 4)).append(']');
        }
        return s.append(']').toString();
    }

    private static final CellType[] CELLS = {CellType.RNN_TANH, CellType.RNN_RELU, CellType.LSTM, CellType.GRU};

    private static int cellCode(CellType type) {
        for (int i = 0; i < CELLS.length; i++) {
            if (CELLS[i] == type) {
                return i;
            }
        }
        throw new IllegalArgumentException("StateCodec: no code for cell type " + type);
    }
}
