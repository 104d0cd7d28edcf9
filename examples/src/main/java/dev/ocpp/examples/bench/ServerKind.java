package dev.ocpp.examples.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The servers the harness compares, each named on the command line by {@link #cliName()}. The two raw echoes show
 * what the WebSocket stacks cost alone; the two typed RPC servers are the library's full typed, validating OCPP 1.6
 * CSMS path on each transport.
 */
public enum ServerKind {
    /** A plain Netty WebSocket server writing each text frame straight back: the floor the issue measures against. */
    NETTY_ECHO("netty-echo", "raw Netty echo"),
    /** Tyrus sending each text straight back: the cost of the Tyrus WebSocket stack alone. */
    TYRUS_ECHO("tyrus-echo", "raw Tyrus echo"),
    /** The typed 1.6 CSMS façade ({@code Ocpp16CentralSystem}) on the Tyrus transport. */
    RPC_TYRUS("rpc-tyrus", "typed RPC (Tyrus)"),
    /** The typed 1.6 CSMS façade ({@code Ocpp16CentralSystem}) on the Netty transport. */
    RPC_NETTY("rpc-netty", "typed RPC (Netty)"),
    /**
     * The same on Netty with {@code SessionConfig.inlineHandlers(true)}: handlers on the event loop, no hand-off to
     * the handler executor (the opt-in for handlers that never block).
     */
    RPC_NETTY_INLINE("rpc-netty-inline", "typed RPC (Netty, inline handlers)");

    private final String cliName;
    private final String label;

    ServerKind(String cliName, String label) {
        this.cliName = cliName;
        this.label = label;
    }

    /** The name used by {@code --servers} and {@code bench-server --kind}. */
    public String cliName() {
        return cliName;
    }

    /** The name in reports. */
    public String label() {
        return label;
    }

    /**
     * The kind named {@code name}. The names of the earlier two-server harness ({@code echo}, {@code rpc}) still
     * work, meaning the Tyrus ones, so that old command lines in notes and scripts keep measuring what they did.
     */
    public static ServerKind parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("echo")) {
            return TYRUS_ECHO;
        }
        if (n.equals("rpc")) {
            return RPC_TYRUS;
        }
        for (ServerKind k : values()) {
            if (k.cliName.equals(n) || k.name().equalsIgnoreCase(n)) {
                return k;
            }
        }
        throw new IllegalArgumentException("Unknown server '" + name + "'; expected one of "
                + Arrays.stream(values()).map(ServerKind::cliName).collect(Collectors.joining(", ")));
    }

    /** Lets picocli read {@code --servers} and {@code --kind} values with {@link #parse}. */
    public static final class Converter implements picocli.CommandLine.ITypeConverter<ServerKind> {
        @Override
        public ServerKind convert(String value) {
            return parse(value);
        }
    }
}
