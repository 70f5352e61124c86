package dev.shadowtx.jdbc.autoconfigure;

import dev.shadowtx.core.routing.ShadowJdbcMode;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when some data source is routed: {@code shadow.jdbc.mode=ROUTE} for the primary one,
 * or an entry in {@code shadow.jdbc.route.data-sources}.
 */
final class OnShadowRoutingCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        // the two settings alone, with the conversions ShadowJdbcProperties binds them with, not
        // the whole properties class with its nested route and durations
        Binder binder = Binder.get(context.getEnvironment());
        if (binder.bind("shadow.jdbc.mode", ShadowJdbcMode.class).orElse(ShadowJdbcMode.ROLLBACK)
                == ShadowJdbcMode.ROUTE) {
            return ConditionOutcome.match("shadow.jdbc.mode is ROUTE");
        }
        Map<String, String> dataSources = binder.bind(
                        "shadow.jdbc.route.data-sources", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        if (!dataSources.isEmpty()) {
            return ConditionOutcome.match("shadow.jdbc.route.data-sources routes " + dataSources.keySet());
        }
        return ConditionOutcome.noMatch("shadow.jdbc.mode is ROLLBACK and shadow.jdbc.route.data-sources is empty");
    }
}
