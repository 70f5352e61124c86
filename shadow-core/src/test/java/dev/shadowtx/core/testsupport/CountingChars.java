package dev.shadowtx.core.testsupport;

/**
 * A text that counts how many characters a parser reads from it: every {@link #charAt} call,
 * and every character copied out through {@link #subSequence}. Work measured this way does not
 * depend on the machine, so a test can show that parsing stays linear in the input size.
 */
public final class CountingChars implements CharSequence {

    private final String text;

    private long reads;

    /**
     * Wrap a text.
     * @param text the text a parser will read
     */
    public CountingChars(String text) {
        this.text = text;
    }

    /**
     * Return the characters read so far.
     * @return the count
     */
    public long reads() {
        return this.reads;
    }

    @Override
    public int length() {
        return this.text.length();
    }

    @Override
    public char charAt(int index) {
        this.reads++;
        return this.text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        this.reads += end - start;
        return this.text.substring(start, end);
    }

    @Override
    public String toString() {
        return this.text;
    }
}
