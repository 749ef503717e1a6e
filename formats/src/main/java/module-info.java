/**
 * File formats: a strict, bounded JSON reader and writer ({@code dev.vectorgrad.formats.json}) and the
 * safetensors codec ({@code dev.vectorgrad.formats.safetensors}), both made for hostile input. The JSON
 * package needs only the JDK; safetensors reads into and writes from autograd's tensors.
 */
module dev.vectorgrad.formats {
    requires transitive dev.vectorgrad.autograd;

    exports dev.vectorgrad.formats.json;
    exports dev.vectorgrad.formats.safetensors;
}
