package dev.janus.attention.api;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * Tells whether the client of an async request whose body has been read has closed its
 * connection. Tomcat does not watch the socket of an async request that does no I/O
 * (AbstractProtocol.longPoll registers no read interest then), so an AsyncListener's onError
 * never fires when such a client goes away. But once a ReadListener is set (non-blocking
 * mode), {@link ServletInputStream#available()} makes Tomcat try a non-blocking read of the
 * socket when its buffers are empty; after the body, that read only finds something when the
 * client has closed (EOF or reset, which Tomcat reports as available data) or has pipelined
 * its next request (which no common client does while it waits for an answer).
 */
final class ClientConnection {

    private final ServletInputStream in;

    private ClientConnection(ServletInputStream in) {
        this.in = in;
    }

    /** Call once async processing has started (a ReadListener needs it). */
    static ClientConnection watch(HttpServletRequest request) throws IOException {
        ServletInputStream in = request.getInputStream();
        in.setReadListener(new ReadListener() {
            @Override
            public void onDataAvailable() {
                // polled by closed() instead
            }

            @Override
            public void onAllDataRead() {
                // the body was read before generation started
            }

            @Override
            public void onError(Throwable t) {
                // closed() sees the same failure
            }
        });
        return new ClientConnection(in);
    }

    /** A non-blocking check; true once the client has closed or reset the connection. */
    boolean closed() {
        try {
            return in.available() > 0;
        } catch (IOException | IllegalStateException e) {
            return true;
        }
    }
}
