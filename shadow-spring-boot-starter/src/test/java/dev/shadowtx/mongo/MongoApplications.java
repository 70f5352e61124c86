package dev.shadowtx.mongo;

import com.mongodb.ServerApi;
import com.mongodb.ServerApiVersion;
import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.core.testsupport.RecordingSocket;
import dev.shadowtx.mongo.autoconfigure.ShadowMongoAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Applications with Boot's MongoDB clients, database factories and templates, synchronous and
 * reactive, and the MongoDB guard, connected to a {@link RecordingSocket} that speaks MongoDB.
 */
final class MongoApplications {

    private MongoApplications() {}

    static ApplicationContextRunner over(RecordingSocket mongo) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        ShadowAutoConfiguration.class,
                        ShadowAuditAutoConfiguration.class,
                        ShadowMongoAutoConfiguration.class,
                        MongoAutoConfiguration.class,
                        DataMongoAutoConfiguration.class,
                        MongoReactiveAutoConfiguration.class,
                        DataMongoReactiveAutoConfiguration.class))
                .withBean(
                        MongoClientSettingsBuilderCustomizer.class,
                        () -> (settings) -> settings.serverApi(
                                ServerApi.builder().version(ServerApiVersion.V1).build()))
                .withPropertyValues("spring.mongodb.uri=mongodb://127.0.0.1:" + mongo.port()
                        + "/orders?serverSelectionTimeoutMS=5000&connectTimeoutMS=2000");
    }
}
