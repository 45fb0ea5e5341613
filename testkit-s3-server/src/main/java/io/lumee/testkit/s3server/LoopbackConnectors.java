package io.lumee.testkit.s3server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Pins S3Mock's extra plain-HTTP connector to 127.0.0.1. S3Mock binds its HTTPS connector to
 * {@code server.address}, but builds the plain one as a bare Tomcat {@link Connector} bean, which binds
 * every interface; tests must listen on loopback only. Given to S3Mock through {@code spring.main.sources}.
 */
@Configuration(proxyBeanMethods = false)
public class LoopbackConnectors {
    public static final String LOOPBACK = "127.0.0.1";

    /** Static, so Spring creates it before the connector bean it post-processes. */
    @Bean
    public static BeanPostProcessor loopbackConnectorAddress() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof Connector connector && connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
                    protocol.setAddress(loopback());
                }
                return bean;
            }
        };
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName(LOOPBACK);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
