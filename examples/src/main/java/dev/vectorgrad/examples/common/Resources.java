package dev.vectorgrad.examples.common;

import java.io.IOException;
import java.io.InputStream;

/** The model files an example ships in its resources, read whole, with the script that makes them named when absent. */
public final class Resources {

    private Resources() {
    }

    /**
     * The bytes of the resource {@code name} beside {@code owner}.
     *
     * @throws IOException when it is missing, naming the script that writes it and the {@code --model} option
     */
    public static byte[] read(Class<?> owner, String name, String script) throws IOException {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " is missing; run " + script + " or pass --model FILE");
            }
            return in.readAllBytes();
        }
    }
}
