package io.reprise.sample.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers 413 with an {@link ApiError} to a request whose body is larger than
 * {@code sample.max-request-body-size}, before anything parses it: at once when its Content-Length
 * says so, after reading one byte past the limit when it has none (a chunked body). Without it, a
 * 5 MB order reached the workflow start and failed there with a 500.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    // readNBytes takes an int, and a body is buffered in one array.
    private static final long LARGEST_LIMIT = Integer.MAX_VALUE - 16;

    private final int limit;
    private final JsonMapper json;

    /**
     * @param limit the largest body read, in bytes: from 1 to about 2 GB
     * @param json writes the {@link ApiError} of a refusal
     */
    public RequestBodyLimitFilter(long limit, JsonMapper json) {
        if (limit < 1 || limit > LARGEST_LIMIT) {
            throw new IllegalArgumentException("sample.max-request-body-size must be from 1B to " + LARGEST_LIMIT
                    + "B, got " + limit + "B");
        }
        this.limit = (int) limit;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            refuse(response);
            return;
        }
        if (declared >= 0) {
            // The server hands out no more than the Content-Length it was given.
            chain.doFilter(request, response);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(limit + 1);
        if (body.length > limit) {
            refuse(response);
            return;
        }
        chain.doFilter(new ReadBody(request, body), response);
    }

    private void refuse(HttpServletResponse response) throws IOException {
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), new ApiError("The request body is larger than " + limit
                + " bytes, the limit (sample.max-request-body-size); an order is far smaller"));
    }

    /** The request with the body this filter read (no longer than the limit) in place of the stream. */
    private static final class ReadBody extends HttpServletRequestWrapper {

        private final byte[] body;

        ReadBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    try {
                        listener.onDataAvailable();
                        listener.onAllDataRead();
                    } catch (IOException e) {
                        listener.onError(e);
                    }
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding != null ? Charset.forName(encoding) : StandardCharsets.UTF_8;
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }
}
