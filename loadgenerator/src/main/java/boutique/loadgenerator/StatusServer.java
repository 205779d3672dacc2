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
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the {@link StatusPage} on {@code LOCUST_WEB_PORT}, where Locust's web UI was. It uses the Netty that
 * Gatling brings because it hands over the request target untouched: the JDK's built-in server reads
 * {@code //}, the path the proxy sends for {@code /loadgen/}, as an authority and refuses it.
 */
final class StatusServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatusServer.class);
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final StatusPage page;
    private final int requestedPort;
    private EventLoopGroup group;
    private Channel channel;

    StatusServer(int port, ShopperRunner runner, Reports reports) {
        this.page = new StatusPage(runner, reports);
        this.requestedPort = port;
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
                                        new HttpServerCodec(),
                                        new HttpObjectAggregator(MAX_REQUEST_BYTES),
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
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS)
                    .syncUninterruptibly();
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            StatusPage.Response answer;
            if (!request.decoderResult().isSuccess()) {
                answer = StatusPage.Response.text(400, "bad request");
            } else {
                try {
                    answer = page.handle(request.method().name(), request.uri());
                } catch (RuntimeException e) {
                    log.warn("Status page request {} failed", request.uri(), e);
                    answer = StatusPage.Response.text(500, "internal error");
                }
            }
            boolean head = request.method().equals(HttpMethod.HEAD);
            FullHttpResponse response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(answer.status()),
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body()));
            if (answer.contentType() != null) {
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
            }
            answer.location().ifPresent(location -> response.headers().set(HttpHeaderNames.LOCATION, location));
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
            boolean keepAlive =
                    HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(response);
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("Status page connection failed", cause);
            ctx.close();
        }
    }
}
