package dev.ocpp.transport.netty.internal;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * Which I/O Netty runs on: native epoll where the platform offers it (Linux, with the native library on the class
 * path), NIO otherwise. Decided once per process; {@code -Docpp.netty.nio=true} forces NIO (for comparisons, and
 * for a platform whose native library misbehaves).
 */
public enum IoFlavour {
    /** Linux epoll through Netty's native transport: fewer allocations and system calls than NIO. */
    EPOLL,
    /** The JDK's NIO selector: works everywhere. */
    NIO;

    private static final IoFlavour BEST = choose();

    /** The best flavour available here. */
    public static IoFlavour best() {
        return BEST;
    }

    private static IoFlavour choose() {
        if (Boolean.getBoolean("ocpp.netty.nio")) {
            return NIO;
        }
        try {
            return Epoll.isAvailable() ? EPOLL : NIO;
        } catch (LinkageError e) {
            return NIO; // the epoll classes are there but not their native library
        }
    }

    /**
     * A new event-loop group of {@code threads} daemon threads named {@code name-N}. Daemon, so that an application
     * that forgets to close a server or client does not keep the JVM alive; the owner still stops them on close.
     */
    public MultiThreadIoEventLoopGroup newGroup(int threads, String name) {
        IoHandlerFactory io = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), io);
    }

    /** The server socket channel class for this flavour. */
    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The client socket channel class for this flavour. */
    public Class<? extends SocketChannel> clientChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
