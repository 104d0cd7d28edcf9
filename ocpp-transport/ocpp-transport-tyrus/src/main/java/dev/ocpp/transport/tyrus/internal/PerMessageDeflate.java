package dev.ocpp.transport.tyrus.internal;

import dev.ocpp.transport.jakarta.internal.Sneaky;
import jakarta.websocket.Extension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.glassfish.tyrus.core.HandshakeException;
import org.glassfish.tyrus.core.TyrusExtension;
import org.glassfish.tyrus.core.extension.ExtendedExtension;
import org.glassfish.tyrus.core.frame.Frame;

/**
 * The permessage-deflate extension (RFC 7692) for Tyrus: negotiation on both sides, framing in {@link DeflateCodec}.
 *
 * <p>{@code java.util.zip} compresses with a 32 KiB window (15 bits) and cannot be told to use a smaller one, while
 * it inflates streams of any window size. So this side never lets the peer limit the window it compresses with:
 * <ul>
 *   <li>as a server, it declines an offer that asks for {@code server_max_window_bits} below 15 (RFC 7692 §7.1.2.1
 *       allows a server to decline), takes the next acceptable offer if the client made several (§5.1), and never
 *       sends {@code client_max_window_bits} (it can inflate whatever window the client uses);</li>
 *   <li>as a client, it offers plain {@code permessage-deflate}, without {@code client_max_window_bits}, so that the
 *       server must not answer with a limit for the client's window (§7.1.2.2).</li>
 * </ul>
 * Both no_context_takeover parameters are honoured, in either role; without them (the usual case, and the better
 * ratio for small, similar OCPP messages) each connection keeps its compressor state from its first message to its
 * close: zlib's sizes for a 15-bit window, about 256 KiB of native memory for the {@link java.util.zip.Deflater}
 * and 40 KiB for the {@link java.util.zip.Inflater}, released when Tyrus destroys the extension context at close
 * (and by the JDK's cleaner otherwise).
 */
public final class PerMessageDeflate {

    /** The extension's name in {@code Sec-WebSocket-Extensions} (RFC 7692 §7). */
    public static final String NAME = "permessage-deflate";

    private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
    private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
    private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
    private static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

    /** The only window size {@link java.util.zip.Deflater} compresses with. */
    private static final int DEFLATER_WINDOW_BITS = 15;

    /** Per-connection key of the {@link DeflateCodec} in Tyrus' extension context. */
    private static final String CODEC = DeflateCodec.class.getName();

    private PerMessageDeflate() {
    }

    /** The extension a server installs: accepts offers, up to the connection's message limit. */
    public static Extension server(int maxMessageSize) {
        return new Installed(maxMessageSize);
    }

    /** The extension a client installs: offers plain permessage-deflate and applies the server's answer. */
    public static Extension client(int maxMessageSize) {
        return new Client(maxMessageSize);
    }

    /**
     * The extensions of one server handshake: permessage-deflate for the first of the client's offers it can honour
     * when {@code installed} holds {@link #server(int)}, else none.
     */
    public static List<Extension> negotiate(List<Extension> installed, List<Extension> requested) {
        Installed server = null;
        for (Extension e : installed) {
            if (e instanceof Installed i) {
                server = i;
            }
        }
        if (server == null || requested == null) {
            return List.of();
        }
        for (Extension offer : requested) {
            if (NAME.equalsIgnoreCase(offer.getName())) {
                Optional<Negotiated> accepted = accept(offer.getParameters(), server.maxMessageSize);
                if (accepted.isPresent()) {
                    return List.of(accepted.get());
                }
            }
        }
        return List.of();
    }

    /** The server's answer to one offer (RFC 7692 §7.1), or empty to decline it. */
    private static Optional<Negotiated> accept(List<Extension.Parameter> offered, int maxMessageSize) {
        boolean serverNoContextTakeover = false;
        boolean clientNoContextTakeover = false;
        boolean serverMaxWindowBits = false;
        Set<String> seen = new HashSet<>();
        for (Extension.Parameter p : offered) {
            String name = p.getName().toLowerCase(Locale.ROOT);
            if (!seen.add(name)) {
                return Optional.empty(); // §7: a parameter named twice makes the offer invalid
            }
            String value = valueOf(p);
            switch (name) {
                case SERVER_NO_CONTEXT_TAKEOVER -> {
                    if (value != null) {
                        return Optional.empty(); // §7.1.1.1: takes no value
                    }
                    serverNoContextTakeover = true;
                }
                case CLIENT_NO_CONTEXT_TAKEOVER -> {
                    if (value != null) {
                        return Optional.empty(); // §7.1.1.2: takes no value
                    }
                    clientNoContextTakeover = true;
                }
                case SERVER_MAX_WINDOW_BITS -> {
                    // §7.1.2.1: the answer must repeat a value no larger; only 15 can be kept with java.util.zip.
                    if (windowBits(value) != DEFLATER_WINDOW_BITS) {
                        return Optional.empty();
                    }
                    serverMaxWindowBits = true;
                }
                case CLIENT_MAX_WINDOW_BITS -> {
                    // §7.1.2.2: the client could limit its window; an inflater needs no limit, so none is asked for.
                    if (value != null && windowBits(value) < 0) {
                        return Optional.empty();
                    }
                }
                default -> {
                    return Optional.empty(); // §7: an unknown parameter makes the offer one this server declines
                }
            }
        }
        List<Extension.Parameter> response = new ArrayList<>();
        if (serverNoContextTakeover) {
            response.add(new TyrusExtension.TyrusParameter(SERVER_NO_CONTEXT_TAKEOVER, null));
        }
        if (clientNoContextTakeover) {
            // §7.1.1.2: echoed so the client knows it was seen; the client resets its compressor per message.
            response.add(new TyrusExtension.TyrusParameter(CLIENT_NO_CONTEXT_TAKEOVER, null));
        }
        if (serverMaxWindowBits) {
            response.add(new TyrusExtension.TyrusParameter(SERVER_MAX_WINDOW_BITS,
                    Integer.toString(DEFLATER_WINDOW_BITS)));
        }
        return Optional.of(new Negotiated(List.copyOf(response),
                new Settings(maxMessageSize, serverNoContextTakeover, clientNoContextTakeover)));
    }

    /**
     * The codec for a client, from the server's answer (RFC 7692 §7.1); throws if the answer is one the client must
     * fail the connection for.
     */
    private static Settings clientSettings(List<Extension.Parameter> answered, int maxMessageSize) {
        boolean serverNoContextTakeover = false;
        boolean clientNoContextTakeover = false;
        Set<String> seen = new HashSet<>();
        for (Extension.Parameter p : answered == null ? List.<Extension.Parameter>of() : answered) {
            String name = p.getName().toLowerCase(Locale.ROOT);
            String value = valueOf(p);
            boolean valid = seen.add(name) && switch (name) {
                case SERVER_NO_CONTEXT_TAKEOVER -> {
                    serverNoContextTakeover = true;
                    yield value == null;
                }
                case CLIENT_NO_CONTEXT_TAKEOVER -> {
                    clientNoContextTakeover = true;
                    yield value == null;
                }
                // Any window the server compresses with can be inflated; the value must only be well-formed.
                case SERVER_MAX_WINDOW_BITS -> windowBits(value) > 0;
                // Not offered, so not allowed in the answer (§7.1.2.2): the client cannot limit its window.
                default -> false;
            };
            if (!valid) {
                throw new IllegalStateException("The server's permessage-deflate answer is invalid at '" + name
                        + (value == null ? "" : "=" + value) + "' (RFC 7692 §7.1): failing the connection");
            }
        }
        return new Settings(maxMessageSize, clientNoContextTakeover, serverNoContextTakeover);
    }

    /** A parameter's value, {@code null} if it has none. */
    private static String valueOf(Extension.Parameter p) {
        String v = p.getValue();
        if (v == null) {
            return null;
        }
        v = v.trim();
        // §7.1.2: a quoted-string value is allowed and means the same as the token.
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v.isEmpty() ? null : v;
    }

    /** A *_max_window_bits value: 8 to 15 without leading zeros (RFC 7692 §7.1.2), else -1. */
    private static int windowBits(String value) {
        if (value == null || !value.matches("[1-9][0-9]?")) {
            return -1;
        }
        int bits = Integer.parseInt(value);
        return bits >= 8 && bits <= 15 ? bits : -1;
    }

    private static DeflateCodec codec(ExtendedExtension.ExtensionContext context) {
        return context.getProperties().get(CODEC) instanceof DeflateCodec c ? c : null;
    }

    /** What a connection's codec is made with: the limit, and whether each side resets per message. */
    private record Settings(int maxMessageSize, boolean resetOutgoing, boolean resetIncoming) {
        DeflateCodec codec() {
            return new DeflateCodec(maxMessageSize, resetOutgoing, resetIncoming);
        }
    }

    /** The frame handling both roles share once the extension is negotiated. */
    private abstract static class Active implements ExtendedExtension {

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public Frame processIncoming(ExtensionContext context, Frame frame) {
            DeflateCodec c = codec(context);
            return c == null ? frame : c.incoming(frame);
        }

        @Override
        public Frame processOutgoing(ExtensionContext context, Frame frame) {
            DeflateCodec c = codec(context);
            return c == null ? frame : c.outgoing(frame);
        }

        @Override
        public void destroy(ExtensionContext context) {
            DeflateCodec c = codec(context);
            if (c != null) {
                c.end();
            }
        }
    }

    /** The server's installed extension: a marker with the limit, only ever negotiated through {@link #negotiate}. */
    private record Installed(int maxMessageSize) implements Extension {
        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public List<Parameter> getParameters() {
            return List.of();
        }
    }

    /** One server handshake's accepted offer: its answer parameters, and the codec it sets up for the connection. */
    private static final class Negotiated extends Active {
        private final List<Parameter> response;
        private final Settings settings;

        Negotiated(List<Parameter> response, Settings settings) {
            this.response = response;
            this.settings = settings;
        }

        @Override
        public List<Parameter> getParameters() {
            return response;
        }

        /** Tyrus calls this once, while writing the 101 answer, with this connection's context. */
        @Override
        public List<Parameter> onExtensionNegotiation(ExtensionContext context, List<Parameter> requestedParameters) {
            context.getProperties().put(CODEC, settings.codec());
            return response;
        }

        @Override
        public void onHandshakeResponse(ExtensionContext context, List<Parameter> responseParameters) {
            // client side only
        }
    }

    /** The client's extension, one instance for all its connections; each connection's codec is in its context. */
    private static final class Client extends Active {
        private final int maxMessageSize;

        Client(int maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
        }

        /** The offer: no parameters (see the class comment). */
        @Override
        public List<Parameter> getParameters() {
            return List.of();
        }

        @Override
        public List<Parameter> onExtensionNegotiation(ExtensionContext context, List<Parameter> requestedParameters) {
            return List.of(); // server side only
        }

        /**
         * The server accepted the offer. An invalid answer must fail the connection (RFC 7692 §7.1): Tyrus' client
         * engine fails the handshake and reports the cause for a {@link HandshakeException} only (it calls this inside
         * its handling of the 101 answer, after which any other exception is lost and the connect would just time
         * out). Its status is the 101 the server answered, so that the failure is not taken for an HTTP refusal.
         */
        @Override
        public void onHandshakeResponse(ExtensionContext context, List<Parameter> responseParameters) {
            try {
                context.getProperties().put(CODEC, clientSettings(responseParameters, maxMessageSize).codec());
            } catch (IllegalStateException e) {
                throw Sneaky.rethrow(new HandshakeException(101, e.getMessage()));
            }
        }
    }
}
