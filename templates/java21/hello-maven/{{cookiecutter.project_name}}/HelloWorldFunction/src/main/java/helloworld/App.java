package helloworld;

import java.util.Map;

/**
 * GET /hello: greets the caller, by name when the query string has ?name=...
 *
 * <p>Lambda deserialises the API Gateway proxy event into a Map, calls {@link #handleRequest}
 * and serialises the returned Map as the proxy response. Nothing beyond the Java runtime is
 * needed.
 */
public class App {
    static final String DEFAULT_NAME = "world";
    static final int MAX_NAME_LENGTH = 64;

    public Map<String, Object> handleRequest(Map<String, Object> event) {
        String body = "{\"message\":\"" + jsonEscape(greetingFor(event)) + "\"}";
        return Map.of(
                "statusCode", 200,
                "headers", Map.of("Content-Type", "application/json"),
                "body", body);
    }

    /** The greeting text for an API Gateway proxy event (which may be null or partial). */
    static String greetingFor(Map<String, Object> event) {
        Object params = event == null ? null : event.get("queryStringParameters");
        Object value = params instanceof Map<?, ?> map ? map.get("name") : null;
        String name = value instanceof String text ? text.strip() : "";
        if (name.isEmpty()) {
            name = DEFAULT_NAME;
        }
        if (name.length() > MAX_NAME_LENGTH) {
            name = name.substring(0, MAX_NAME_LENGTH);
        }
        return "hello " + name;
    }

    /** s as the contents of a JSON string: quotes, backslashes and control characters escaped. */
    static String jsonEscape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
