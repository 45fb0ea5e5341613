package io.lumee.testkit.fhirserver;

import ca.uhn.fhir.jpa.config.r5.JpaR5Config;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

@Configuration
@Import({JpaR5Config.class, JpaStorageConfig.class})
class R5StorageConfig {
}
