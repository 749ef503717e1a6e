/** What the examples share: command-line options (picocli mixins and range checks), the progress line, the loss log and SVG line charts, a learning-rate schedule. */
package dev.vectorgrad.examples.common;
