package helloworld;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unit tests of {@link App}: `mvn test` in the HelloWorldFunction folder. */
class AppTest {
    private static Map<String, Object> eventWithName(String name) {
        Map<String, Object> params = new HashMap<>();
        params.put("name", name);
        Map<String, Object> event = new HashMap<>();
        event.put("queryStringParameters", params);
        return event;
    }

    @Test
    void greetsTheNameFromTheQueryString() {
        Map<String, Object> response = new App().handleRequest(eventWithName("samc"));
        assertEquals(200, response.get("statusCode"));
        assertEquals(Map.of("Content-Type", "application/json"), response.get("headers"));
        assertEquals("{\"message\":\"hello samc\"}", response.get("body"));
    }

    @Test
    void withoutQueryStringGreetsTheWorld() {
        Map<String, Object> event = new HashMap<>();
        event.put("queryStringParameters", null);
        assertEquals("hello world", App.greetingFor(event));
        assertEquals("hello world", App.greetingFor(null));
    }

    @Test
    void blankNameGreetsTheWorld() {
        assertEquals("hello world", App.greetingFor(eventWithName("   ")));
    }

    @Test
    void longNamesAreCut() {
        String greeting = App.greetingFor(eventWithName("x".repeat(500)));
        assertEquals("hello ".length() + App.MAX_NAME_LENGTH, greeting.length());
    }

    @Test
    void bodyEscapesQuotesBackslashesAndControls() {
        Map<String, Object> response = new App().handleRequest(eventWithName("a\"b\\c\u0001"));
        assertEquals("{\"message\":\"hello a\\\"b\\\\c\\u0001\"}", response.get("body"));
    }
}
