package dev.janus.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written byte for byte on a socket, for requests no client library would send
 * (conflicting lengths, encoded traversals, oversized headers, stalls). Returns what the server
 * answered before it closed or went quiet.
 */
final class RawHttp {

    /** The status line's code, or -1 when the server closed (or went quiet) without an answer. */
    record Answer(int status, String text) {
        boolean closedWithoutAnswer() {
            return status < 0;
        }
    }

    private RawHttp() {
    }

    static Answer send(int port, String request) {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    static Answer send(int port, byte[] request) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
                s.shutdownOutput();
            } catch (IOException e) {
                // the server may close while we are still writing (oversized requests): read what it said
            }
            return read(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                got.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // quiet or reset: what came so far is the answer
        }
        String text = got.toString(StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.")) {
            return new Answer(-1, text);
        }
        return new Answer(Integer.parseInt(text.substring(9, 12)), text);
    }
}
