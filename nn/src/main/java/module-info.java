/**
 * PyTorch's building blocks over the autograd: {@code Module} (named parameters and children, the
 * train/eval switch, {@code state_dict}, safetensors save/load), and the generic layers {@code Linear}, {@code Embedding} and
 * {@code Dropout}, and the image layers {@code Conv2d}, {@code MaxPool2d}, {@code AvgPool2d} and {@code Flatten} (channels-first), with PyTorch's names and initialisation.
 */
module dev.vectorgrad.nn {
    requires transitive dev.vectorgrad.formats;

    exports dev.vectorgrad.nn;
}
