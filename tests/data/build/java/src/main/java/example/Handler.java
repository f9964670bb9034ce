package example;

public class Handler {
    public String handleRequest(Object input) {
        return "hello";
    }
}
