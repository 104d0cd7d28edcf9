package dev.ocpp.testkit.internal;

/** Text helpers shared by failure messages and diagrams, which must stay readable whatever a peer sent. */
public final class Texts {

    private Texts() {
    }

    /** {@code text} cut to at most {@code max} characters, the cut marked with {@code ...}. */
    public static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, Math.max(0, max - 3)) + "...";
    }

    /** {@code "text"} as a JSON-ish quoted string, for naming actions and codes in messages. */
    public static String quote(String text) {
        return '"' + text + '"';
    }
}
