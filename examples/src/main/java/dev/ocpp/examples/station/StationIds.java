package dev.ocpp.examples.station;

import java.util.ArrayList;
import java.util.List;

/** Names the stations of a fleet after a first identity. */
public final class StationIds {

    private StationIds() {
    }

    /**
     * {@code count} identities starting from {@code first}. One station keeps {@code first} as is. For more, an
     * identity ending in digits is counted up from that number keeping its width ({@code CP001, CP002, ...});
     * any other gets a number appended ({@code CP1, CP2, ...}, so the first station too is numbered).
     */
    public static List<String> expand(String first, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1");
        }
        if (count == 1) {
            return List.of(first);
        }
        int digitsFrom = first.length();
        while (digitsFrom > 0 && Character.isDigit(first.charAt(digitsFrom - 1))) {
            digitsFrom--;
        }
        List<String> ids = new ArrayList<>(count);
        if (digitsFrom == first.length()) {
            for (int i = 1; i <= count; i++) {
                ids.add(first + i);
            }
            return ids;
        }
        String prefix = first.substring(0, digitsFrom);
        String digits = first.substring(digitsFrom);
        // Long, and a BigInteger-free cap: identities are at most 48 characters (OCPP 2.0.1 Part 4 §3.1.1).
        if (digits.length() > 18) {
            throw new IllegalArgumentException("Too many digits to count up in " + first);
        }
        long start = Long.parseLong(digits);
        String format = "%0" + digits.length() + "d";
        for (int i = 0; i < count; i++) {
            ids.add(prefix + String.format(format, start + i));
        }
        return ids;
    }
}
