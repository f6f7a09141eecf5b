package io.eidhub.it.hostile;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies everything written to {@code System.out} while installed: the in-JVM simulator logs there, and its lines must
 * not carry a secret either. Output still reaches the original stream.
 */
final class StdoutTap extends OutputStream {

    private final PrintStream original;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    private StdoutTap(PrintStream original) {
        this.original = original;
    }

    static StdoutTap install() {
        StdoutTap tap = new StdoutTap(System.out);
        System.setOut(new PrintStream(tap, true, StandardCharsets.UTF_8));
        return tap;
    }

    void uninstall() {
        System.out.flush();
        System.setOut(original);
    }

    synchronized int mark() {
        return copy.size();
    }

    synchronized String since(int mark) {
        byte[] all = copy.toByteArray();
        return new String(all, Math.min(mark, all.length), all.length - Math.min(mark, all.length), StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        original.write(b);
        copy.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        original.write(b, off, len);
        copy.write(b, off, len);
    }

    @Override
    public void flush() {
        original.flush();
    }
}
