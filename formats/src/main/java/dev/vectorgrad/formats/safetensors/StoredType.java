package dev.vectorgrad.formats.safetensors;

import dev.vectorgrad.autograd.DType;
import java.util.List;

/** The safetensors dtypes this reader accepts, with their size in the file and the dtype they load as. */
enum StoredType {
    /** 32-bit IEEE float, loaded as itself. */
    F32(4, DType.F32),
    /** 64-bit IEEE double, loaded as itself. */
    F64(8, DType.F64),
    /** IEEE binary16, widened exactly to F32. */
    F16(2, DType.F32),
    /** bfloat16 (the top half of an F32), widened exactly to F32. */
    BF16(2, DType.F32);

    /** Dtypes of the safetensors format that this reader rejects as unsupported (rather than unknown). */
    static final List<String> UNSUPPORTED = List.of("BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "I16", "U16",
            "I32", "U32", "I64", "U64", "F4", "F6_E2M3", "F6_E3M2", "C64");

    final int bytes;
    final DType loadsAs;

    StoredType(int bytes, DType loadsAs) {
        this.bytes = bytes;
        this.loadsAs = loadsAs;
    }

    /** The accepted dtype spelled {@code name} in a header, or null. */
    static StoredType lookup(String name) {
        for (StoredType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The dtype a tensor of {@code dtype} is written as. */
    static StoredType of(DType dtype) {
        return switch (dtype) {
            case F32 -> F32;
            case F64 -> F64;
        };
    }
}
