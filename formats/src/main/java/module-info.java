/**
 * File formats: a strict, bounded JSON reader and writer ({@code dev.vectorgrad.formats.json}), the
 * safetensors codec ({@code dev.vectorgrad.formats.safetensors}) and a reader of the IDX format of
 * MNIST and Fashion-MNIST ({@code dev.vectorgrad.formats.idx}), all made for hostile input. The JSON
 * and IDX packages need only the JDK; safetensors reads into and writes from autograd's tensors.
 */
module dev.vectorgrad.formats {
    requires transitive dev.vectorgrad.autograd;

    exports dev.vectorgrad.formats.idx;
    exports dev.vectorgrad.formats.json;
    exports dev.vectorgrad.formats.safetensors;
}
