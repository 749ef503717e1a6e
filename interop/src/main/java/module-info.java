/**
 * Import of models trained elsewhere, in pure Java: ONNX graphs exported by PyTorch ({@code .onnx}), and Keras
 * models ({@code .keras} and legacy {@code .h5}) as {@code models}' {@code Sequential}.
 */
module dev.vectorgrad.interop {
    requires transitive dev.vectorgrad.models;
    requires com.google.protobuf;
    requires io.jhdf;

    exports dev.vectorgrad.interop.keras;
    exports dev.vectorgrad.interop.onnx;
}
