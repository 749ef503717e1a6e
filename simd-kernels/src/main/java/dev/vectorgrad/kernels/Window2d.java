package dev.vectorgrad.kernels;

/**
 * The geometry of a 2-D window sliding over a batch of channels-last images ({@code [batch,
 * height, width, channels]}, row-major, as Keras stores them): the window's size and strides, the
 * padding, and the output size they give. The convolution and pooling kernels of
 * {@link FloatKernels} and {@link DoubleKernels} take one; it is immutable and checked when made.
 *
 * <p>Output sizes and padding follow TensorFlow: with {@link Padding#VALID},
 * {@code out = floor((in - window) / stride) + 1} and no padding (the window must fit in the
 * image); with {@link Padding#SAME}, {@code out = ceil(in / stride)} and a total padding of
 * {@code max((out - 1) * stride + window - in, 0)} rows (columns), of which {@code total / 2}
 * go before (top, left) and the rest after, so an odd pad puts its extra row at the bottom and
 * its extra column at the right. With {@link #explicit explicit} pads (PyTorch's way), each side
 * is padded by the rows or columns given and {@code out = floor((in + before + after - window) / stride) + 1};
 * each pad must be smaller than the window. Every window then holds at least one element of the image.
 *
 * <pre>{@code
 * Window2d g = Window2d.of(32, 28, 28, 1, 3, 3, 1, 1, Padding.VALID);   // 32 images 28x28x1, 3x3 window
 * g.outHeight();                                                         // 26
 * }</pre>
 */
public final class Window2d {

    private final int batch;
    private final int height;
    private final int width;
    private final int channels;
    private final int windowHeight;
    private final int windowWidth;
    private final int strideHeight;
    private final int strideWidth;
    private final Padding padding;
    private final int padTop;
    private final int padLeft;
    private final int padBottom;
    private final int padRight;
    private final int outHeight;
    private final int outWidth;

    private Window2d(int batch, int height, int width, int channels, int windowHeight, int windowWidth,
                     int strideHeight, int strideWidth, Padding padding, int padTop, int padBottom, int padLeft,
                     int padRight) {
        this.batch = batch;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.windowHeight = windowHeight;
        this.windowWidth = windowWidth;
        this.strideHeight = strideHeight;
        this.strideWidth = strideWidth;
        this.padding = padding;
        this.padTop = padTop;
        this.padBottom = padBottom;
        this.padLeft = padLeft;
        this.padRight = padRight;
        this.outHeight = (int) (((long) height + padTop + padBottom - windowHeight) / strideHeight + 1);
        this.outWidth = (int) (((long) width + padLeft + padRight - windowWidth) / strideWidth + 1);
    }

    /**
     * The geometry of a {@code windowHeight x windowWidth} window moved by {@code strideHeight}
     * rows and {@code strideWidth} columns over {@code batch} images of {@code height x width x
     * channels}.
     *
     * @throws IllegalArgumentException naming the argument and its value: a negative batch, a
     *         height, width, channel count, window size or stride below 1, a window larger than the
     *         image with {@link Padding#VALID}, or an input or output of more than
     *         {@code Integer.MAX_VALUE} elements, or {@link Padding#EXPLICIT} (use {@link #explicit})
     * @throws NullPointerException if {@code padding} is null
     */
    public static Window2d of(int batch, int height, int width, int channels, int windowHeight, int windowWidth,
                              int strideHeight, int strideWidth, Padding padding) {
        if (padding == null) {
            throw new NullPointerException("Window2d: padding is null");
        }
        if (batch < 0) {
            throw new IllegalArgumentException("Window2d: batch must be >= 0, but is " + batch);
        }
        atLeastOne("height", height);
        atLeastOne("width", width);
        atLeastOne("channels", channels);
        atLeastOne("window height", windowHeight);
        atLeastOne("window width", windowWidth);
        atLeastOne("stride height", strideHeight);
        atLeastOne("stride width", strideWidth);
        if (padding == Padding.VALID && (windowHeight > height || windowWidth > width)) {
            throw new IllegalArgumentException("Window2d: the " + windowHeight + "x" + windowWidth
                    + " window is larger than the " + height + "x" + width + " image with padding VALID");
        }
        if (padding == Padding.EXPLICIT) {
            throw new IllegalArgumentException("Window2d: padding EXPLICIT needs the pads: use Window2d.explicit");
        }
        checkInput(batch, height, width, channels);
        if (padding == Padding.VALID) {
            return new Window2d(batch, height, width, channels, windowHeight, windowWidth, strideHeight, strideWidth,
                    padding, 0, 0, 0, 0);
        }
        int outHeight = (height - 1) / strideHeight + 1;
        int outWidth = (width - 1) / strideWidth + 1;
        int padHeight = Math.max((outHeight - 1) * strideHeight + windowHeight - height, 0);
        int padWidth = Math.max((outWidth - 1) * strideWidth + windowWidth - width, 0);
        return new Window2d(batch, height, width, channels, windowHeight, windowWidth, strideHeight, strideWidth,
                padding, padHeight / 2, padHeight - padHeight / 2, padWidth / 2, padWidth - padWidth / 2);
    }

    /**
     * The geometry of a window over images zero-padded by the given rows and columns on each side
     * (PyTorch's {@code padding}; {@code padTop == padBottom} and {@code padLeft == padRight} for
     * PyTorch's symmetric pads): {@code outHeight = floor((height + padTop + padBottom - windowHeight)
     * / strideHeight) + 1}, and the same across. {@link #padding()} is {@link Padding#EXPLICIT}.
     *
     * @throws IllegalArgumentException naming the argument and its value: as for {@link #of}, or a pad
     *         below 0 or not smaller than the window that way (a window must hold a pixel of the
     *         image), a window larger than the padded image, or an output of more than
     *         {@code Integer.MAX_VALUE} pixels (pads let the output outgrow the input)
     */
    public static Window2d explicit(int batch, int height, int width, int channels, int windowHeight,
                                    int windowWidth, int strideHeight, int strideWidth, int padTop, int padBottom,
                                    int padLeft, int padRight) {
        if (batch < 0) {
            throw new IllegalArgumentException("Window2d: batch must be >= 0, but is " + batch);
        }
        atLeastOne("height", height);
        atLeastOne("width", width);
        atLeastOne("channels", channels);
        atLeastOne("window height", windowHeight);
        atLeastOne("window width", windowWidth);
        atLeastOne("stride height", strideHeight);
        atLeastOne("stride width", strideWidth);
        pad("top", padTop, windowHeight);
        pad("bottom", padBottom, windowHeight);
        pad("left", padLeft, windowWidth);
        pad("right", padRight, windowWidth);
        if (windowHeight > (long) height + padTop + padBottom || windowWidth > (long) width + padLeft + padRight) {
            throw new IllegalArgumentException("Window2d: the " + windowHeight + "x" + windowWidth
                    + " window is larger than the " + height + "x" + width + " image padded by " + padTop + ", "
                    + padBottom + " (top, bottom) and " + padLeft + ", " + padRight + " (left, right)");
        }
        checkInput(batch, height, width, channels);
        // Pads as large as the window let the output outgrow the input (up to height + windowHeight - 1 rows), so
        // its size is checked here: the sum of an image side and its pads may pass an int.
        long outHeight = ((long) height + padTop + padBottom - windowHeight) / strideHeight + 1;
        long outWidth = ((long) width + padLeft + padRight - windowWidth) / strideWidth + 1;
        if (outHeight > Integer.MAX_VALUE || outWidth > Integer.MAX_VALUE || outHeight * outWidth > Integer.MAX_VALUE
                || batch * (outHeight * outWidth) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Window2d: the output [" + batch + ", " + outHeight + ", " + outWidth
                    + "] has more pixels than an array holds");
        }
        return new Window2d(batch, height, width, channels, windowHeight, windowWidth, strideHeight, strideWidth,
                Padding.EXPLICIT, padTop, padBottom, padLeft, padRight);
    }

    private static void pad(String side, int value, int window) {
        if (value < 0 || value >= window) {
            throw new IllegalArgumentException("Window2d: the " + side + " pad must be in [0, " + (window - 1)
                    + "] (smaller than the window of " + window + "), but is " + value);
        }
    }

    private static void checkInput(int batch, int height, int width, int channels) {
        long in = (long) batch * height * width * channels;
        if (in > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Window2d: the input [" + batch + ", " + height + ", " + width + ", "
                    + channels + "] has " + in + " elements, more than an array holds");
        }
    }

    private static void atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("Window2d: " + name + " must be >= 1, but is " + value);
        }
    }

    /** Number of images. */
    public int batch() {
        return batch;
    }

    /** Rows of each input image. */
    public int height() {
        return height;
    }

    /** Columns of each input image. */
    public int width() {
        return width;
    }

    /** Channels of each input pixel (the last, fastest axis). */
    public int channels() {
        return channels;
    }

    /** Rows of the window (kernel or pool). */
    public int windowHeight() {
        return windowHeight;
    }

    /** Columns of the window. */
    public int windowWidth() {
        return windowWidth;
    }

    /** Rows the window moves between output rows. */
    public int strideHeight() {
        return strideHeight;
    }

    /** Columns the window moves between output columns. */
    public int strideWidth() {
        return strideWidth;
    }

    /** The padding this geometry was made with. */
    public Padding padding() {
        return padding;
    }

    /** Padding rows above the image (the smaller half of the total with {@link Padding#SAME}; 0 for {@link Padding#VALID}). */
    public int padTop() {
        return padTop;
    }

    /** Padding columns left of the image (the smaller half of the total with {@link Padding#SAME}; 0 for {@link Padding#VALID}). */
    public int padLeft() {
        return padLeft;
    }

    /** Padding rows below the image (the larger half of the total with {@link Padding#SAME}; 0 for {@link Padding#VALID}). */
    public int padBottom() {
        return padBottom;
    }

    /** Padding columns right of the image (the larger half of the total with {@link Padding#SAME}; 0 for {@link Padding#VALID}). */
    public int padRight() {
        return padRight;
    }

    /** Rows of each output image. */
    public int outHeight() {
        return outHeight;
    }

    /** Columns of each output image. */
    public int outWidth() {
        return outWidth;
    }

    /** Elements of the input, {@code batch * height * width * channels}. */
    public int inputSize() {
        return batch * height * width * channels;
    }

    /** Output pixels over the whole batch, {@code batch * outHeight * outWidth}: the rows of a convolution's GEMM. */
    public long outputPixels() {
        return (long) batch * outHeight * outWidth;
    }

    @Override
    public String toString() {
        return "Window2d[input " + batch + "x" + height + "x" + width + "x" + channels + ", window " + windowHeight
                + "x" + windowWidth + ", strides " + strideHeight + "x" + strideWidth + ", " + padding + " (top "
                + padTop + ", bottom " + padBottom + ", left " + padLeft + ", right " + padRight + "), output " + outHeight + "x" + outWidth + "]";
    }
}
