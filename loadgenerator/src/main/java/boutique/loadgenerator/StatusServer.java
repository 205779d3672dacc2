package boutique.loadgenerator;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the {@link StatusPage} on {@code LOCUST_WEB_PORT}, where Locust's web UI was. It uses the Netty that
 * Gatling brings because it hands over the request target untouched: the JDK's built-in server reads
 * {@code //}, a path a proxy may send for {@code /loadgen/}, as an authority and refuses it. One event-loop
 * thread serves every connection without blocking on any of them, so a slow or stalled client holds only its
 * connection (closed once idle), never a thread; requests are bounded in size before any of them is handled.
 */
final class StatusServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatusServer.class);

    /** The request line (method, target, version); longer is refused with 414. */
    static final int MAX_REQUEST_LINE = 4096;
    /** All headers together, as Tomcat and so the shop's Spring services allow; more is refused with 431. */
    static final int MAX_HEADER_BYTES = 8192;
    /** Start and Stop are posted without a body; a larger one is refused with 413, and no more is buffered. */
    static final int MAX_BODY_BYTES = 1024;
    /** A connection on which nothing was read or written for this long is closed. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private final StatusPage page;
    private final int requestedPort;
    private final Duration idleTimeout;
    private EventLoopGroup group;
    private Channel channel;

    StatusServer(int port, ShopperRunner runner, Reports reports) {
        this(port, runner, reports, IDLE_TIMEOUT);
    }

    StatusServer(int port, ShopperRunner runner, Reports reports, Duration idleTimeout) {
        this.page = new StatusPage(runner, reports);
        this.requestedPort = port;
        this.idleTimeout = idleTimeout;
    }

    void start() throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        channel = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(
                                        // Watching writes' progress too keeps a slow download of a report open.
                                        new IdleStateHandler(true, 0, 0, idleTimeout.toMillis(), TimeUnit.MILLISECONDS),
                                        new HttpServerCodec(new HttpDecoderConfig()
                                                .setMaxInitialLineLength(MAX_REQUEST_LINE)
                                                .setMaxHeaderSize(MAX_HEADER_BYTES)),
                                        new HttpObjectAggregator(MAX_BODY_BYTES),
                                        new Handler());
                    }
                })
                .bind(requestedPort)
                .sync()
                .channel();
        log.info("Status page on port {}", port());
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            boolean decoded = request.decoderResult().isSuccess();
            StatusPage.Response answer =
                    decoded ? answer(request) : refusal(request.decoderResult().cause());
            boolean head = request.method().equals(HttpMethod.HEAD);
            FullHttpResponse response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(answer.status()),
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body()));
            if (answer.contentType() != null) {
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
            }
            answer.headers().forEach(response.headers()::set);
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            response.headers().set("X-Content-Type-Options", "nosniff");
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
            // After a malformed request the decoder discards the rest of the connection's bytes: close it.
            if (decoded && HttpUtil.isKeepAlive(request)) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(response);
            } else {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private StatusPage.Response answer(FullHttpRequest request) {
            StatusPage.Response answer;
            try {
                answer = page.handle(request.method().name(), request.uri());
            } catch (RuntimeException e) {
                log.warn("Status page request {} {} failed", request.method(), request.uri(), e);
                answer = StatusPage.Response.error(500, "internal error");
            }
            log.debug("{} {} -> {}", request.method(), request.uri(), answer.status());
            return answer;
        }

        /** The answer to a request the decoder refused; the request's line and headers are not available. */
        private static StatusPage.Response refusal(Throwable cause) {
            StatusPage.Response answer;
            if (cause instanceof TooLongHttpLineException) {
                answer = StatusPage.Response.error(
                        414, "the request line is longer than " + MAX_REQUEST_LINE + " bytes");
            } else if (cause instanceof TooLongHttpHeaderException) {
                answer = StatusPage.Response.error(431, "the headers are larger than " + MAX_HEADER_BYTES + " bytes");
            } else {
                answer = StatusPage.Response.error(400, "malformed HTTP request");
            }
            log.debug("Refused a request with {}: {}", answer.status(), cause.toString());
            return answer;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent) {
                log.debug("Closing a connection idle for {}", idleTimeout);
                ctx.close();
            } else {
                super.userEventTriggered(ctx, event);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("Status page connection failed", cause);
            ctx.close();
        }
    }
}
