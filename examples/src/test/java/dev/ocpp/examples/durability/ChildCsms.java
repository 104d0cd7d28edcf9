package dev.ocpp.examples.durability;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A CSMS of both versions in its own JVM, for {@link CsmsKillTest}: prints {@code ports <1.6> <2.0.1>} once
 * listening, then {@code got <identity> <n>} for every transaction message, before answering it, so that a message
 * the station saw answered is in the output even if the process is killed right after.
 *
 * <p>Arguments: the 1.6 port and the 2.0.1 port (0: any free one).
 */
public final class ChildCsms {

    private ChildCsms() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        RecordingCsms csms = new RecordingCsms(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                (int) (System.nanoTime() % 1_000_000 & 0xFFFFF) + 1, false, out::println, b -> { }, b -> { });
        out.println("ports " + csms.port16() + " " + csms.port201());
        Thread.sleep(Long.MAX_VALUE);
    }
}
