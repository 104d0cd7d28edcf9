package dev.ocpp.transport.tyrus.internal;

import dev.ocpp.core.spi.support.Handshakes;
import dev.ocpp.core.spi.support.HttpStatus;
import dev.ocpp.core.spi.support.LogSafe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.MimeHeaders;
import org.glassfish.tyrus.container.grizzly.server.GrizzlyServerFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses malformed WebSocket upgrade requests before Tyrus sees them, as {@link Handshakes#checkUpgrade} decides
 * (RFC 6455 §4.2.1: a valid {@code Sec-WebSocket-Key}, version 13; an identity that percent-decodes), with 400 and
 * the connection closed once the answer is written.
 *
 * <p>Tyrus cannot be left to do it: it answers a missing key with 500, and a path that is not a valid URI
 * ({@code /ocpp/%ZZ}) makes its filter throw, so that Grizzly logs a stack trace and drops the connection without an
 * answer. A Grizzly filter just in front of Tyrus' own sees the parsed request first; frames after an upgrade pass
 * it too, but their HTTP header is the already checked upgrade request, which is not checked twice.
 */
final class StrictUpgrade {

    private static final Logger LOG = LoggerFactory.getLogger(StrictUpgrade.class);

    private final String endpointPath;

    /** @param endpointPath the configured OCPP path, such as {@code /ocpp} */
    StrictUpgrade(String endpointPath) {
        this.endpointPath = endpointPath;
    }

    /**
     * The add-on installing the filter in front of Tyrus' {@code GrizzlyServerFilter}; register it after Tyrus'
     * {@code WebSocketAddOn}, and before any add-on that should only see requests that passed.
     */
    AddOn addOn() {
        return new AddOn() {
            @Override
            public void setup(NetworkListener networkListener, FilterChainBuilder builder) {
                int tyrus = builder.indexOfType(GrizzlyServerFilter.class);
                int index = tyrus >= 0 ? tyrus : builder.indexOfType(HttpServerFilter.class);
                if (index >= 0) {
                    builder.add(index, new Check());
                }
            }
        };
    }

    private final class Check extends BaseFilter {
        @Override
        public NextAction handleRead(FilterChainContext ctx) {
            if (!(ctx.getMessage() instanceof HttpContent content)) {
                return ctx.getInvokeAction();
            }
            HttpHeader header = content.getHttpHeader();
            if (!(header instanceof HttpRequestPacket request) || !"websocket".equalsIgnoreCase(header.getUpgrade())
                    || request.getAttribute(CHECKED) != null) {
                return ctx.getInvokeAction();
            }
            request.setAttribute(CHECKED, Boolean.TRUE);
            Optional<Handshakes.Refusal> refusal = Handshakes.checkUpgrade(request.getRequestURI(), endpointPath,
                    headers(request.getHeaders()));
            if (refusal.isEmpty()) {
                return ctx.getInvokeAction();
            }
            Handshakes.Refusal r = refusal.get();
            LOG.debug("Upgrade from {} refused with {}: {} (path {})", ctx.getConnection().getPeerAddress(),
                    r.status(), r.reason(), LogSafe.escape(request.getRequestURI()));
            HttpResponsePacket response = request.getResponse();
            response.setStatus(r.status());
            response.setReasonPhrase(HttpStatus.reasonPhrase(r.status()));
            r.headers().forEach(response::setHeader);
            response.setHeader("Connection", "close");
            response.setContentLength(0);
            ctx.write(HttpContent.builder(response).last(true).build(), new EmptyCompletionHandler<WriteResult>() {
                @Override
                public void completed(WriteResult result) {
                    ctx.getConnection().closeSilently();
                }

                @Override
                public void failed(Throwable throwable) {
                    ctx.getConnection().closeSilently();
                }
            });
            return ctx.getStopAction();
        }
    }

    /** Marks a request as checked: the frames of an upgraded connection arrive with it as their header. */
    private static final String CHECKED = StrictUpgrade.class.getName() + ".checked";

    private static Map<String, List<String>> headers(MimeHeaders mime) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < mime.size(); i++) {
            headers.computeIfAbsent(mime.getName(i).toString(), k -> new ArrayList<>(1))
                    .add(mime.getValue(i).toString());
        }
        return headers;
    }
}
