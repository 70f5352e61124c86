package dev.shadowtx.mongo.autoconfigure;

import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.handles.GuardedHandles;
import dev.shadowtx.handles.HandleChannelInspector;
import dev.shadowtx.handles.ShadowHandlePostProcessor;
import dev.shadowtx.mongo.MongoHandleRules;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * MongoDB in shadow: reads pass, and writes through a {@code MongoClient}, a {@code MongoDatabaseFactory}, a {@code MongoTemplate} or the databases and collections they hand out throw {@code ShadowBlockedException} ({@code shadow.mongo.guard}); through their reactive counterparts, the publisher of a write delivers it to a shadow subscriber. Either driver may be present.
 */
@AutoConfiguration
@ConditionalOnClass(name = "com.mongodb.MongoClientSettings")
@ConditionalOnBooleanProperty(name = "shadow.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "shadow.mongo.guard", matchIfMissing = true)
public final class ShadowMongoAutoConfiguration {

    @Bean(HandleChannelInspector.MONGO_GUARD)
    @ConditionalOnMissingBean(name = HandleChannelInspector.MONGO_GUARD)
    static ShadowHandlePostProcessor shadowMongoHandlePostProcessor(ObjectProvider<ShadowRecorder> recorder) {
        return new ShadowHandlePostProcessor(new GuardedHandles(new MongoHandleRules(), ShadowRecorder.lazy(recorder)));
    }
}
