package dev.vectorgrad.formats.safetensors;

import dev.vectorgrad.autograd.Tensor;
import dev.vectorgrad.formats.json.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes the safetensors layout, its header with a {@link JsonWriter} (escaped as serde_json escapes); see
 * {@link SafeTensors#write(OutputStream, Map, Map)} for the format details.
 */
final class SafeTensorsWriter {

    private static final int CHUNK_BYTES = 1 << 16;

    private SafeTensorsWriter() {
    }

    /** A tensor with its name, in the order it is written. */
    private record Named(String name, Tensor tensor, StoredType dtype) {
    }

    static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        List<Named> ordered = order(tensors, metadata);
        byte[] header = header(ordered, metadata);
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        chunk.putLong(header.length);
        out.write(chunk.array(), 0, 8);
        out.write(header);
        for (Named n : ordered) {
            int size = n.dtype().bytes;
            int total = n.tensor().size();
            int perChunk = CHUNK_BYTES / size;
            for (int done = 0; done < total; done += perChunk) {
                int k = Math.min(perChunk, total - done);
                chunk.clear();
                if (n.dtype() == StoredType.F64) {
                    chunk.asDoubleBuffer().put(n.tensor().dataF64(), done, k);
                } else {
                    chunk.asFloatBuffer().put(n.tensor().dataF32(), done, k);
                }
                out.write(chunk.array(), 0, k * size);
            }
        }
    }

    /** Total length of the file that {@link #write} produces. */
    static long length(Map<String, Tensor> tensors, Map<String, String> metadata) {
        List<Named> ordered = order(tensors, metadata);
        long n = 8L + header(ordered, metadata).length;
        for (Named t : ordered) {
            n += (long) t.tensor().size() * t.dtype().bytes;
        }
        return n;
    }

    /** Checks the arguments and orders the tensors: F64 before F32 (larger alignment first), then by name. */
    private static List<Named> order(Map<String, Tensor> tensors, Map<String, String> metadata) {
        if (tensors == null) {
            throw new IllegalArgumentException("write: tensors is null");
        }
        int entries = tensors.size() + (metadata == null ? 0 : metadata.size());
        if (entries > Limits.MAX_ENTRIES) {
            throw new IllegalArgumentException("write: " + entries + " tensors and metadata entries, more than the "
                    + Limits.MAX_ENTRIES + " a reader accepts");
        }
        List<Named> list = new ArrayList<>(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            checkString(name, "tensor name");
            if (name.equals(Limits.METADATA_KEY)) {
                throw new IllegalArgumentException("write: \"" + Limits.METADATA_KEY
                        + "\" is reserved for metadata and cannot name a tensor");
            }
            if (t == null) {
                throw new IllegalArgumentException("write: tensor " + SafeTensorsException.quote(name) + " is null");
            }
            if (t.rank() > Limits.MAX_RANK) {
                throw new IllegalArgumentException("write: tensor " + SafeTensorsException.quote(name) + " has rank "
                        + t.rank() + ", more than the " + Limits.MAX_RANK + " a reader accepts");
            }
            list.add(new Named(name, t, StoredType.of(t.dtype())));
        }
        if (metadata != null) {
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                checkString(e.getKey(), "metadata key");
                checkString(e.getValue(), "metadata value");
            }
        }
        list.sort(Comparator.comparingInt((Named n) -> -n.dtype().bytes).thenComparing(Named::name, SafeTensorsReader::compareUtf8));
        return list;
    }

    private static void checkString(String s, String what) {
        if (s == null) {
            throw new IllegalArgumentException("write: a " + what + " is null");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("write: " + what + " " + SafeTensorsException.quote(s)
                        + " has an unpaired surrogate at index " + i + " and cannot be encoded as UTF-8");
            }
        }
    }

    /**
     * The header as compact JSON in the layout of the reference implementation ({@code __metadata__}
     * first, with keys sorted, then the tensors in data order), padded with spaces to a multiple of 8.
     */
    private static byte[] header(List<Named> ordered, Map<String, String> metadata) {
        StringBuilder text = new StringBuilder(64 + 64 * ordered.size());
        JsonWriter json = new JsonWriter(text).beginObject();
        if (metadata != null && !metadata.isEmpty()) {
            json.name(Limits.METADATA_KEY).beginObject();
            List<String> keys = new ArrayList<>(metadata.keySet());
            keys.sort(SafeTensorsReader::compareUtf8);
            for (String key : keys) {
                json.name(key).value(metadata.get(key));
                checkLength(text);
            }
            json.endObject();
        }
        long offset = 0;
        for (Named n : ordered) {
            long bytes = (long) n.tensor().size() * n.dtype().bytes;
            json.name(n.name()).beginObject().name("dtype").value(n.dtype().name()).name("shape").beginArray();
            for (int d : n.tensor().shape()) {
                json.value(d);
            }
            json.endArray().name("data_offsets").beginArray().value(offset).value(offset + bytes).endArray().endObject();
            offset += bytes;
            checkLength(text);
        }
        json.endObject();
        byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
        long padded = (utf8.length + 7L) & ~7L;
        if (padded > Limits.MAX_HEADER_BYTES) {
            throw tooLong(padded + " bytes");
        }
        byte[] header = new byte[(int) padded];
        System.arraycopy(utf8, 0, header, 0, utf8.length);
        for (int i = utf8.length; i < header.length; i++) {
            header[i] = ' ';
        }
        return header;
    }

    /** Stops early when the header grows too long (a UTF-8 header has at least as many bytes as UTF-16 units). */
    private static void checkLength(StringBuilder json) {
        if (json.length() > Limits.MAX_HEADER_BYTES) {
            throw tooLong("more than " + json.length() + " bytes");
        }
    }

    private static IllegalArgumentException tooLong(String length) {
        return new IllegalArgumentException("write: the header would be " + length + ", more than the "
                + Limits.MAX_HEADER_BYTES + " a reader accepts");
    }
}
