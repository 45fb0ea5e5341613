package io.lumee.testkit.fhirserver;

import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

@Configuration
@Import({JpaR4Config.class, JpaStorageConfig.class})
class R4StorageConfig {
}
