package dev.janus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

    private final ServerSocket echo = echoServer();
    private final TcpProxy proxy = new TcpProxy("127.0.0.1", echo.getLocalPort());

    @AfterEach
    void close() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsBothWays() throws IOException {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            assertThat(roundTrip(s, "hello")).isEqualTo("hello");
            assertThat(roundTrip(s, "again")).isEqualTo("again");
        }
    }

    @Test
    void cutDropsOpenConnectionsAndRefusesNewOnesUntilRestored() throws IOException {
        Socket before = new Socket("127.0.0.1", proxy.port());
        assertThat(roundTrip(before, "up")).isEqualTo("up");

        proxy.cut();
        before.setSoTimeout(3_000);
        assertThat(before.getInputStream().read()).as("the open connection is closed").isEqualTo(-1);
        try (Socket during = new Socket("127.0.0.1", proxy.port())) {
            during.setSoTimeout(3_000);
            assertThatThrownBy(() -> {
                OutputStream out = during.getOutputStream();
                out.write("x".getBytes());
                out.flush();
                if (during.getInputStream().read() < 0) {
                    throw new IOException("closed");
                }
            }).isInstanceOf(IOException.class);
        }

        proxy.restore();
        try (Socket after = new Socket("127.0.0.1", proxy.port())) {
            assertThat(roundTrip(after, "back")).isEqualTo("back");
        }
        before.close();
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        s.setSoTimeout(3_000);
        s.getOutputStream().write(text.getBytes());
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        byte[] answer = in.readNBytes(text.length());
        return new String(answer);
    }

    private static ServerSocket echoServer() {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread.ofVirtual().start(() -> {
                            try (s) {
                                s.getInputStream().transferTo(s.getOutputStream());
                            } catch (IOException e) {
                                // client gone
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
