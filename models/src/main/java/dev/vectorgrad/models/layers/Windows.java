package dev.vectorgrad.models.layers;

import dev.vectorgrad.kernels.Padding;
import dev.vectorgrad.kernels.Window2d;
import java.util.List;
import java.util.Locale;

/**
 * What the 2-D layers ({@link Conv2D}, {@link MaxPooling2D}, {@link AveragePooling2D}) share: Keras's
 * {@code padding} names, the channels-last image input check, and the output size of a window sliding over it
 * ({@link Window2d}, TensorFlow's rules).
 */
final class Windows {

    /** Keras's padding names. */
    static final List<String> PADDINGS = List.of("valid", "same");

    private Windows() {
    }

    /** The padding of Keras name {@code value} ({@code "valid"} or {@code "same"}, any case, as Keras accepts). */
    static Padding padding(String layer, String value) {
        String lower = value == null ? null : value.toLowerCase(Locale.ROOT);
        if (lower == null || !PADDINGS.contains(lower)) {
            throw new IllegalArgumentException(layer + ": padding must be one of " + PADDINGS + ", got "
                    + (value == null ? "null" : "'" + value + "'"));
        }
        return lower.equals("valid") ? Padding.VALID : Padding.SAME;
    }

    /** Keras's name of {@code padding}. */
    static String name(Padding padding) {
        return padding == Padding.VALID ? "valid" : "same";
    }

    /**
     * The geometry of a {@code windowHeight x windowWidth} window over one image of {@code shape}
     * ({@code [height, width, channels]}, every size known).
     *
     * @throws IllegalArgumentException naming the layer and the shape: not rank 3, an unknown size, a window larger
     *                                  than the image with {@code valid} padding, or an image of more elements than an
     *                                  array holds
     */
    static Window2d window(String layer, String window, int[] shape, int windowHeight, int windowWidth,
                           int strideHeight, int strideWidth, Padding padding) {
        boolean known = shape.length == 3;
        for (int d = 0; known && d < 3; d++) {
            known = shape[d] > 0;
        }
        if (!known) {
            throw new IllegalArgumentException(layer + ": expects input [batch, height, width, channels] (channels_last)"
                    + " with every size known, got " + KerasLayer.batchShape(shape));
        }
        if (padding == Padding.VALID && (windowHeight > shape[0] || windowWidth > shape[1])) {
            throw new IllegalArgumentException(layer + ": the " + windowHeight + "x" + windowWidth + " " + window
                    + " is larger than the " + shape[0] + "x" + shape[1] + " image of input " + KerasLayer.batchShape(shape)
                    + " with padding 'valid'");
        }
        long pixels = (long) shape[0] * shape[1];
        if (pixels > Integer.MAX_VALUE || pixels * shape[2] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(layer + ": an image of input " + KerasLayer.batchShape(shape)
                    + " has more elements than an array holds");
        }
        return Window2d.of(1, shape[0], shape[1], shape[2], windowHeight, windowWidth, strideHeight, strideWidth,
                padding);
    }
}
