package dev.shadowtx.feign;

import dev.shadowtx.core.audit.ChannelBean;
import dev.shadowtx.core.audit.ChannelInspector;
import dev.shadowtx.core.audit.ChannelKind;
import dev.shadowtx.core.audit.ModuleChannelKinds;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;

/**
 * The leak audit's inspection of Feign clients: every {@code @FeignClient} interface is guarded
 * while a {@link ShadowFeignCapability} bean exists, since Spring Cloud OpenFeign applies it to
 * every client.
 */
public final class FeignChannelInspector implements ChannelInspector, Ordered {

    /**
     * Feign clients, guarded by shadow-feign.
     */
    public static final ChannelKind FEIGN = ModuleChannelKinds.FEIGN;

    @Override
    public @Nullable ChannelKind kindOf(Class<?> beanType) {
        return MergedAnnotations.from(beanType, SearchStrategy.TYPE_HIERARCHY).isPresent(FeignClient.class)
                ? FEIGN
                : null;
    }

    @Override
    public @Nullable String guard(ChannelBean channel) {
        return channel.beanFactory().getBeanNamesForType(ShadowFeignCapability.class, true, false).length > 0
                ? "ShadowFeignCapability applies to every Feign client"
                : null;
    }

    @Override
    public int getOrder() {
        return 250;
    }
}
