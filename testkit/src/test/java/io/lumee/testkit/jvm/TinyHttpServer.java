package io.lumee.testkit.jvm;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;

/** A child-JVM main for launcher tests: answers 200 on every path of 127.0.0.1:&lt;args[0]&gt;, or dies if told. */
public final class TinyHttpServer {
    private TinyHttpServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 1 && args[1].equals("fail")) {
            System.out.println("tiny server refusing to start");
            System.exit(7);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }
}
