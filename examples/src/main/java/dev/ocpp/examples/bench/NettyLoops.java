package dev.ocpp.examples.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The harness's one choice of Netty I/O: native epoll when the platform has it (Linux with the native library on
 * the class path), NIO otherwise, so that server and load side always use the same kind.
 *
 * <p>The same choice as the Netty transport's internal {@code IoFlavour}, made here again on purpose: the raw echo
 * and the load clients are the baseline the transport is measured against, so they use plain Netty and nothing of
 * the library (and {@code IoFlavour} is not exported from its module).
 */
final class NettyLoops {

    private NettyLoops() {
    }

    /** Whether native epoll is used. */
    static boolean epoll() {
        return Epoll.isAvailable();
    }

    /** "epoll" or "nio", for reports. */
    static String kind() {
        return epoll() ? "epoll" : "nio";
    }

    /** A group of {@code threads} daemon event loops named {@code name-...}; the caller owns and shuts it down. */
    static EventLoopGroup group(int threads, String name) {
        // Daemon threads: a harness that fails half-way must still be able to exit.
        DefaultThreadFactory factory = new DefaultThreadFactory(name, true);
        return new MultiThreadIoEventLoopGroup(threads, factory,
                epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    static Class<? extends ServerSocketChannel> serverChannel() {
        return epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    static Class<? extends SocketChannel> channel() {
        return epoll() ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
