package dev.ocpp.transport.tyrus.internal;

import dev.ocpp.core.spi.support.HttpStatus;
import dev.ocpp.core.spi.support.LogSafe;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.memory.Buffers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a connection whose first request line is not HTTP with 400 and closes it (RFC 9112 §3: a request line is
 * {@code method SP request-target SP HTTP-version}; §2.2 lets a server ignore empty lines before it).
 *
 * <p>Grizzly's HTTP parser waits for more input after a line it cannot split ({@code GARBAGE\r\n\r\n}): the
 * connection would hang until the upgrade deadline. This filter, between TLS and the HTTP codec, looks at the bytes
 * of the first line as they pass; they reach the codec unchanged until the line proves bad. Only the first request
 * of a connection is checked: a station's connection has only one, its upgrade request. A first line longer than
 * the listener's header limit is refused too.
 */
final class RequestLineGuard {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLineGuard.class);

    /** {@code token SP request-target SP HTTP/d.d}; the target only has to be free of spaces and controls here. */
    private static final Pattern REQUEST_LINE =
            Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+ [\\x21-\\x7e\\x80-\\xff]+ HTTP/[0-9]\\.[0-9]");

    private static final byte[] BAD_REQUEST = ("HTTP/1.1 400 " + HttpStatus.reasonPhrase(400) + "\r\n"
            + "Connection: close\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);

    /** The first line read so far on a connection, or {@link #PASSED} once it proved to be a request line. */
    private static final Attribute<StringBuilder> LINE =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(RequestLineGuard.class.getName() + ".line");
    private static final StringBuilder PASSED = new StringBuilder(0);

    private RequestLineGuard() {
    }

    /** The add-on installing the filter just in front of the HTTP codec, after TLS. */
    static AddOn addOn() {
        return new AddOn() {
            @Override
            public void setup(NetworkListener networkListener, FilterChainBuilder builder) {
                int codec = builder.indexOfType(HttpServerFilter.class);
                if (codec >= 0) {
                    builder.add(codec, new Check(Math.max(256, networkListener.getMaxHttpHeaderSize())));
                }
            }
        };
    }

    private static final class Check extends BaseFilter {
        private final int maxLine;

        Check(int maxLine) {
            this.maxLine = maxLine;
        }

        @Override
        public NextAction handleRead(FilterChainContext ctx) {
            StringBuilder line = LINE.get(ctx.getConnection());
            if (line == PASSED || !(ctx.getMessage() instanceof Buffer buffer)) {
                return ctx.getInvokeAction();
            }
            if (line == null) {
                line = new StringBuilder();
                LINE.set(ctx.getConnection(), line);
            }
            for (int i = buffer.position(); i < buffer.limit(); i++) {
                char c = (char) (buffer.get(i) & 0xff);
                if (c != '\n') {
                    if (line.length() >= maxLine) {
                        return refuse(ctx, "request line longer than " + maxLine + " bytes");
                    }
                    line.append(c);
                    continue;
                }
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    length--;
                }
                if (length == 0) {
                    line.setLength(0); // an empty line before the request line: ignored (RFC 9112 §2.2)
                    continue;
                }
                String text = line.substring(0, length);
                if (!REQUEST_LINE.matcher(text).matches()) {
                    return refuse(ctx, "not an HTTP request line: " + LogSafe.escape(text));
                }
                LINE.set(ctx.getConnection(), PASSED);
                return ctx.getInvokeAction();
            }
            return ctx.getInvokeAction(); // no end of line yet: the codec buffers the bytes, this waits for more
        }

        private static NextAction refuse(FilterChainContext ctx, String why) {
            LINE.set(ctx.getConnection(), PASSED);
            LOG.debug("Request from {} refused with 400: {}", ctx.getConnection().getPeerAddress(), why);
            ctx.write(Buffers.wrap(ctx.getMemoryManager(), BAD_REQUEST), new EmptyCompletionHandler<WriteResult>() {
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
}
