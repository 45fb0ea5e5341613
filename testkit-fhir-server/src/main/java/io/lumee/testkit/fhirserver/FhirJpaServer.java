package io.lumee.testkit.fhirserver;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * A HAPI FHIR JPA server (R4 or R5) on 127.0.0.1, in plain Spring (no Boot) and Jetty, with its data in
 * an H2 file. Base URL {@code http://127.0.0.1:<port>/fhir}; ready when {@code /fhir/metadata} answers.
 * With a secured connector it also serves {@code https://127.0.0.1:<tls-port>/fhir}, which requires a
 * client certificate and a bearer token, and {@code /oauth/token}. Started by the testkit in a child JVM;
 * see {@link ServerOptions} for the arguments.
 */
public final class FhirJpaServer {
    private static final Logger LOG = LoggerFactory.getLogger(FhirJpaServer.class);
    private static final String HOST = "127.0.0.1";

    private FhirJpaServer() {}

    public static void main(String[] args) throws Exception {
        ServerOptions options = ServerOptions.parse(args);
        long started = System.nanoTime();
        AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext();
        spring.registerBean(ServerOptions.class, () -> options);
        spring.register(options.version().equals("R4") ? R4StorageConfig.class : R5StorageConfig.class);
        spring.refresh();

        RestfulServer fhir = new RestfulServer(spring.getBean(FhirContext.class));
        fhir.registerProviders(spring.getBean(ResourceProviderFactory.class).createProviders());
        fhir.registerProvider(spring.getBean(JpaSystemProvider.class));
        fhir.setPagingProvider(spring.getBean(DatabaseBackedPagingProvider.class));
        fhir.setDefaultResponseEncoding(EncodingEnum.JSON);

        Server jetty = new Server(new QueuedThreadPool(32));
        LocalConnector local = new LocalConnector(jetty);
        jetty.addConnector(local);
        ServletContextHandler context = new ServletContextHandler();
        List<ServerConnector> network = new ArrayList<>();
        ServerConnector http = new ServerConnector(jetty);
        http.setHost(HOST);
        http.setPort(options.port());
        network.add(http);
        options.secured().ifPresent(secured -> {
            BearerTokenCheck tokens = new BearerTokenCheck(secured.port(), secured.tokenFile());
            fhir.registerInterceptor(tokens);
            context.addServlet(new ServletHolder(new TokenEndpoint(tokens, secured.clientId(), secured.clientSecretFile(),
                    secured.tokenLifetime())), "/oauth/token");
            network.add(tlsConnector(jetty, secured));
        });
        context.addServlet(new ServletHolder(fhir), "/fhir/*");
        jetty.setHandler(context);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(jetty, spring), "fhir-server-stop"));
        jetty.start();
        // The first capability statement takes ~20 s on R5 (later ones come from HAPI's cache); build it
        // before the port opens, so readiness polls with short timeouts do not pile up behind it.
        String metadata = local.getResponse("GET /fhir/metadata HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n", 5, TimeUnit.MINUTES);
        if (metadata == null || !metadata.startsWith("HTTP/1.1 200")) {
            throw new IllegalStateException("the server's own /metadata failed: "
                    + (metadata == null ? "no answer" : metadata.lines().findFirst().orElse("")));
        }
        for (ServerConnector connector : network) {
            jetty.addConnector(connector);
            connector.start();
        }
        LOG.warn("FHIR {} server ready on {}:{} in {} ms", options.version(), HOST, options.port(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private static ServerConnector tlsConnector(Server jetty, ServerOptions.Secured secured) {
        String password;
        try {
            password = Files.readString(secured.storePasswordFile(), StandardCharsets.UTF_8).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(secured.keyStore().toString());
        tls.setKeyStoreType("PKCS12");
        tls.setKeyStorePassword(password);
        tls.setTrustStorePath(secured.trustStore().toString());
        tls.setTrustStoreType("PKCS12");
        tls.setTrustStorePassword(password);
        tls.setNeedClientAuth(true);
        HttpConfiguration https = new HttpConfiguration();
        // clients dial 127.0.0.1, and an IP address is never sent as SNI
        SecureRequestCustomizer customizer = new SecureRequestCustomizer(false);
        customizer.setSniHostCheck(false);
        https.addCustomizer(customizer);
        ServerConnector connector = new ServerConnector(jetty, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost(HOST);
        connector.setPort(secured.port());
        return connector;
    }

    /** On SIGTERM: stop taking requests, then close Spring, which closes H2 after its last write. */
    private static void stop(Server jetty, AnnotationConfigApplicationContext spring) {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("jetty did not stop cleanly", e);
        }
        spring.close();
    }
}
