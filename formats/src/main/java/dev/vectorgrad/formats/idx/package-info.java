/**
 * Reading the IDX format of MNIST and Fashion-MNIST: {@link dev.vectorgrad.formats.idx.Idx} reads a
 * file, a byte array or a stream, plain or gzip'd, into an immutable
 * {@link dev.vectorgrad.formats.idx.IdxArray} (its {@link dev.vectorgrad.formats.idx.IdxType}, dimensions
 * and values, with conversions to ints, floats, doubles and pixels scaled to [0, 1]).
 *
 * <p>The reader is made for hostile files: it checks the whole header (magic number, type, number of
 * dimensions, an element count that neither overflows nor passes the
 * {@link dev.vectorgrad.formats.idx.IdxLimits}) before it allocates anything for the data, reads no more
 * than the header claims plus one byte, and rejects truncated and trailing data. Every problem with the
 * data is a {@link dev.vectorgrad.formats.idx.IdxException} naming the expected and the found values.
 * The package needs only the JDK.
 */
package dev.vectorgrad.formats.idx;
