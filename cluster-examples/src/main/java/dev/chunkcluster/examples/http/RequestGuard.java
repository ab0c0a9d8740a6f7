package dev.chunkcluster.examples.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What every request passes before its route: the Host check on loopback (DNS rebinding) and the bearer token. Any
 * failure of the routes behind it is answered here as a JSON error.
 */
final class RequestGuard extends Handler.Wrapper {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Bearer realm=\"chunkcluster\"");

    private final InetAddress bind;
    private final byte[] token;

    RequestGuard(ServerOptions options, Handler routes) {
        super(routes);
        this.bind = options.bind();
        this.token = options.token() == null ? null : options.token().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            checkHost(request);
            checkToken(request);
            return super.handle(request, response, callback);
        } catch (Throwable e) {
            Responses.fail(request, response, callback, e);
            return true;
        }
    }

    /**
     * On loopback, the Host header must name loopback too: {@code localhost} or a loopback address literal (such as
     * the bound {@code 127.0.0.2}). A DNS name of another site that was rebound to 127.0.0.1 is refused.
     */
    private void checkHost(Request request) {
        if (!bind.isLoopbackAddress()) {
            return;
        }
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host == null || !isLoopbackName(hostName(host.strip().toLowerCase(Locale.ROOT)))) {
            throw new HttpError(403, "this server listens on loopback and answers only requests addressed to"
                    + " localhost or a loopback address such as " + literal(bind) + "; got Host "
                    + (host == null ? "none" : "'" + Responses.quote(host) + "'"));
        }
    }

    private static String hostName(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /** Only literals are parsed, never resolved: a name is loopback only if it is {@code localhost}. */
    private static boolean isLoopbackName(String name) {
        if (name.equals("localhost")) {
            return true;
        }
        boolean v6 = name.startsWith("[") && name.endsWith("]") && name.contains(":")
                && name.substring(1, name.length() - 1).chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':'
                || c == '.');
        if (!v6 && !IPV4.matcher(name).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(v6 ? name.substring(1, name.length() - 1) : name).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String literal(InetAddress address) {
        String text = address.getHostAddress();
        return text.contains(":") ? "[" + text + "]" : text;
    }

    private void checkToken(Request request) {
        if (token == null) {
            return;
        }
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new HttpError(401, "this server requires Authorization: Bearer <token>", CHALLENGE);
        }
        byte[] presented = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, token)) {
            throw new HttpError(401, "wrong bearer token", CHALLENGE);
        }
    }
}
