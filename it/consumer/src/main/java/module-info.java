/** An application that uses vectorgrad from the module path, as the README describes. */
module com.example.consumer {
    requires dev.vectorgrad.cells;   // transitively: nn, formats, autograd, kernels
    requires java.logging;           // Main captures the kernels' fallback warning
}
