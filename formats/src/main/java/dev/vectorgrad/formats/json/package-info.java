/**
 * Strict (RFC 8259) and bounded JSON, for files from outside: model configurations and metadata.
 *
 * <p>{@link dev.vectorgrad.formats.json.JsonCursor} reads one value at a time (pull style) and keeps
 * nothing it has passed; {@link dev.vectorgrad.formats.json.Json#parse(byte[])} builds a tree of
 * {@link dev.vectorgrad.formats.json.JsonValue}s on a cursor, whose typed accessors name the path
 * ({@code config.layers[2].units}) and byte offset of a value that is not what was expected;
 * {@link dev.vectorgrad.formats.json.JsonWriter} writes compact, deterministic JSON.
 *
 * <p>Reading accepts exactly RFC 8259 JSON in UTF-8: no comments, trailing commas, leading zeros,
 * single quotes, unescaped control characters, unpaired surrogates (escaped or encoded), byte order
 * mark or duplicate keys, and only whitespace after the value. Every problem, and every input over one
 * of the {@link dev.vectorgrad.formats.json.JsonLimits}, is a
 * {@link dev.vectorgrad.formats.json.JsonException} naming it and its byte offset; nothing else
 * escapes the reader for any input.
 */
package dev.vectorgrad.formats.json;
