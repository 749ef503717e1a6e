#!/usr/bin/env python3
"""Writes the seed corpus of IdxFuzzTest into read/valid and read/invalid (see README.md).

Independent of the Java reader: headers are packed with struct ('>' is big-endian), gzip streams come
from Python's gzip and zlib modules. Run it from this directory; gzip output is made reproducible with
mtime=0.
"""
import gzip
import os
import struct
import zlib

UBYTE, SBYTE, SHORT, INT, FLOAT, DOUBLE = 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E


def header(type_byte, *dims, rank=None):
    return bytes([0, 0, type_byte, len(dims) if rank is None else rank]) + b"".join(
        struct.pack(">I", d) for d in dims)


def raw_deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def gz(data):
    return gzip.compress(data, mtime=0)


LABELS = header(UBYTE, 10) + bytes([9, 0, 0, 3, 0, 2, 7, 2, 5, 5])
IMAGES = header(UBYTE, 2, 28, 28) + bytes((i * 97 + j) & 0xFF for i in range(2) for j in range(784))

valid = {
    "labels-10.idx": LABELS,
    "images-2x28x28.idx": IMAGES,
    "labels-10.idx.gz": gz(LABELS),
    "images-2x28x28.idx.gz": gz(IMAGES),
    "signed-bytes.idx": header(SBYTE, 5) + bytes([0, 1, 0x7F, 0x80, 0xFF]),
    "shorts-2x3.idx": header(SHORT, 2, 3) + struct.pack(">6h", 0, 1, 2, 10, -32768, 32767),
    "ints.idx": header(INT, 4) + struct.pack(">4i", 16909060, 2**31 - 1, -2**31, -2),
    "floats.idx": header(FLOAT, 5) + struct.pack(">5f", 1.0, -2.5, float("inf"), float("nan"), -0.0),
    "doubles.idx": header(DOUBLE, 3) + struct.pack(">3d", 0.1, -2.0, 5e-324),
    "empty-3x0x7.idx": header(INT, 3, 0, 7),
    "rank-8.idx": header(UBYTE, 1, 1, 1, 1, 1, 1, 1, 2) + bytes([1, 2]),
    "labels-two-gzip-members.gz": gz(LABELS[:11]) + gz(LABELS[11:]),
    "labels-gzip-then-garbage.gz": gz(LABELS) + bytes(range(12)),
}

bomb_member = gz(bytes(1 << 20))
invalid = {
    "empty": b"",
    "magic-cut.idx": bytes([0, 0, 8]),
    "magic-wrong.idx": bytes([1, 0, 8, 1, 0, 0, 0, 1, 5]),
    "magic-little-endian.idx": bytes([1, 8, 0, 0, 1, 0, 0, 0, 5]),
    "type-unknown-0a.idx": bytes([0, 0, 0x0A, 1, 0, 0, 0, 1, 5]),
    "rank-0.idx": bytes([0, 0, 8, 0, 5]),
    "rank-9.idx": header(UBYTE, *([1] * 9)) + bytes([5]),
    "rank-255-cut.idx": header(UBYTE, 1, rank=255),
    "dims-cut.idx": header(UBYTE, 1, 1, 1)[:10],
    "dims-2pow31-x-2pow16-x-2pow16.idx": header(UBYTE, 2**31, 2**16, 2**16),
    "dims-product-long-max.idx": header(UBYTE, 49, 73, 127, 337, 92737, 649657),
    "dims-product-overflow.idx": header(UBYTE, 49, 73, 127, 337, 92737, 649657, 2),
    "dims-zero-and-above-int.idx": header(DOUBLE, 0, 2**32 - 1),
    "elements-4097.idx": header(UBYTE, 4097) + bytes(4097),
    "bytes-16392.idx": header(DOUBLE, 2049) + bytes(8 * 2049),
    "data-truncated.idx": LABELS[:-1],
    "data-claims-limit-has-none.idx": header(UBYTE, 4096),
    "data-trailing.idx": LABELS + b"\x00",
    "gzip-header-cut.gz": bytes([0x1F, 0x8B, 0x08]),
    "gzip-method-7.gz": bytes([0x1F, 0x8B, 0x07, 0, 0, 0, 0, 0, 0, 0xFF, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    "gzip-body-cut.gz": gz(IMAGES)[:40],
    "gzip-trailer-cut.gz": gz(LABELS)[:-3],
    "gzip-bad-crc.gz": (lambda b: b[:-8] + bytes([b[-8] ^ 1]) + b[-7:])(gz(LABELS)),
    "gzip-of-bad-magic.gz": gz(bytes([1, 0, 8, 1, 0, 0, 0, 1, 5])),
    "gzip-bomb-after-16-bytes.gz": gz(header(UBYTE, 16) + bytes(16)) + bomb_member * 4,
    "gzip-zeros-no-trailer.gz": bytes([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF]) + raw_deflate(bytes(1 << 16)),
}

for folder, files in (("read/valid", valid), ("read/invalid", invalid)):
    os.makedirs(folder, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
