/** {@code bin/reelstream}: the {@code models} and {@code experiments} commands (picocli). */
package io.reelstream.lifecycle.cli;
