package dev.shadowtx.jdbc.autoconfigure;

import dev.shadowtx.core.routing.ShadowJdbcMode;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when some data source is routed: {@code shadow.jdbc.mode=ROUTE} for the primary one,
 * or an entry in {@code shadow.jdbc.route.data-sources}.
 */
final class OnShadowRoutingCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ShadowJdbcProperties jdbc = ShadowJdbcProperties.bind(context.getEnvironment());
        if (jdbc.getMode() == ShadowJdbcMode.ROUTE) {
            return ConditionOutcome.match("shadow.jdbc.mode is ROUTE");
        }
        if (!jdbc.getRoute().getDataSources().isEmpty()) {
            return ConditionOutcome.match("shadow.jdbc.route.data-sources routes "
                    + jdbc.getRoute().getDataSources().keySet());
        }
        return ConditionOutcome.noMatch("shadow.jdbc.mode is ROLLBACK and shadow.jdbc.route.data-sources is empty");
    }
}
