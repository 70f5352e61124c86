package dev.shadowtx.core.routing;

import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.proxy.GuardProxies;
import dev.shadowtx.core.routing.ShadowStoreException.Problem;
import dev.shadowtx.core.tx.ShadowDataSourceGuard;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.core.Ordered;

/**
 * Routes the configured {@link DataSource} beans to their shadow stores
 * ({@link ShadowRoutingDataSource}), before anything (a transaction manager, an
 * {@code EntityManagerFactory}, a {@code JdbcTemplate}) is given them.
 * <p>
 * It runs before the JDBC guard's post-processor ({@link #ORDER}). A shadow store bean is kept
 * as it is for routing, and exposed to the rest of the application guarded: used directly in
 * shadow (rather than through the routed data source), it never commits.
 * <p>
 * It never fails bean creation: a route it cannot apply is left unrouted (the JDBC guard then
 * covers that data source) and reported by {@link #check}, which the application runs at startup
 * before any traffic.
 */
public final class ShadowRoutingPostProcessor implements BeanPostProcessor, BeanFactoryAware, Ordered {

    /**
     * Order of this post-processor: before the JDBC guard's, which runs last.
     */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    private final List<ShadowRoute> routes;

    private final Supplier<ShadowRecorder> recorder;

    private final Set<String> shadowStoreNames;

    private final Map<String, DataSource> shadowStores = new ConcurrentHashMap<>();

    private final Map<String, ShadowStoreException> failures = new ConcurrentHashMap<>();

    private final List<ShadowStoreException> resolutionFailures = new ArrayList<>();

    private final Map<String, RoutedDataSource> routed = new ConcurrentHashMap<>();

    private final ShadowStoreRouting routing = new ShadowStoreRouting();

    private @Nullable ConfigurableListableBeanFactory beanFactory;

    private volatile @Nullable Map<String, ShadowRoute> routesByName;

    /**
     * Create the post-processor.
     * @param routes the routes to apply
     * @param recorder where to report which store served shadow connections; resolved on first use
     */
    public ShadowRoutingPostProcessor(List<ShadowRoute> routes, Supplier<ShadowRecorder> recorder) {
        this.routes = List.copyOf(routes);
        this.recorder = recorder;
        this.shadowStoreNames =
                this.routes.stream().map(ShadowRoute::shadowDataSource).collect(Collectors.toSet());
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (!(beanFactory instanceof ConfigurableListableBeanFactory listable)) {
            throw new IllegalStateException("ShadowRoutingPostProcessor needs a ConfigurableListableBeanFactory");
        }
        this.beanFactory = listable;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /**
     * Return the routes as configured.
     * @return the routes
     */
    public List<ShadowRoute> getRoutes() {
        return this.routes;
    }

    /**
     * Return the description of the routing, filled as data sources are routed and checked.
     * @return the routing
     */
    public ShadowStoreRouting routing() {
        return this.routing;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (!(bean instanceof DataSource dataSource)) {
            return bean;
        }
        if (this.shadowStoreNames.contains(beanName)) {
            this.shadowStores.put(beanName, dataSource);
            return ShadowDataSourceGuard.guard(dataSource, this.recorder);
        }
        ShadowRoute route = routesByName().get(beanName);
        if (route == null || dataSource instanceof RoutedDataSource) {
            return bean;
        }
        DataSource shadow;
        try {
            shadow = shadowStore(route.shadowDataSource());
        } catch (NoSuchBeanDefinitionException ex) {
            this.failures.put(
                    beanName,
                    new ShadowStoreException(
                            Problem.NO_SHADOW_STORE,
                            beanName,
                            "Data source '" + beanName + "' is routed but there is no DataSource bean named '"
                                    + route.shadowDataSource() + "' to serve it in shadow.",
                            ex));
            return bean;
        }
        DataSource result = ShadowRoutingDataSource.route(
                beanName, dataSource, route.shadowDataSource(), shadow, route.rollback(), this.recorder);
        RoutedDataSource routedDataSource = (RoutedDataSource) result;
        this.routed.put(beanName, routedDataSource);
        this.routing.put(
                new ShadowStoreRouting.Route(beanName, route.shadowDataSource(), route.rollback(), null, null, null));
        return result;
    }

    /**
     * Check every route at startup: that it was applied, and that its shadow store passes the
     * verifier. Call it once the application's singletons (and so its migrations) are ready.
     * @param verifier the checks to run on each shadow store
     * @return the routing, described with what the checks found
     * @throws ShadowStoreException on the first route that cannot serve shadow traffic safely
     */
    public ShadowStoreRouting check(ShadowStoreVerifier verifier) {
        Map<String, ShadowRoute> resolved = routesByName();
        if (!this.resolutionFailures.isEmpty()) {
            throw this.resolutionFailures.get(0);
        }
        for (Map.Entry<String, ShadowRoute> entry : resolved.entrySet()) {
            String name = entry.getKey();
            Object bean = beanFactory().getBean(name);
            ShadowStoreException failure = this.failures.get(name);
            if (failure != null) {
                throw failure;
            }
            if (!(bean instanceof RoutedDataSource routedDataSource)) {
                throw new ShadowStoreException(
                        Problem.NOT_ROUTED,
                        name,
                        "Data source '" + name
                                + "' was created before shadowtx could route it (a BeanPostProcessor or an early "
                                + "dependency needed it); shadow traffic would reach its live store.",
                        null);
            }
            this.routing.put(verifier.verify(routedDataSource));
        }
        return this.routing;
    }

    /**
     * Return the raw shadow store of a route, as configured (not guarded), for preparing it:
     * schema migrations, seeding.
     * @param shadowDataSource the bean name of a shadow store
     * @return the data source
     */
    public DataSource shadowStore(String shadowDataSource) {
        DataSource bean = beanFactory().getBean(shadowDataSource, DataSource.class);
        DataSource raw = this.shadowStores.get(shadowDataSource);
        if (raw != null) {
            return raw;
        }
        if (ShadowDataSourceGuard.isGuarded(bean) && GuardProxies.targetOf(bean) instanceof DataSource dataSource) {
            return dataSource;
        }
        return bean;
    }

    private Map<String, ShadowRoute> routesByName() {
        Map<String, ShadowRoute> resolved = this.routesByName;
        if (resolved == null) {
            resolved = resolveRoutes();
            this.routesByName = resolved;
        }
        return resolved;
    }

    private synchronized Map<String, ShadowRoute> resolveRoutes() {
        Map<String, ShadowRoute> resolved = new LinkedHashMap<>();
        for (ShadowRoute route : this.routes) {
            String name = route.dataSource();
            if (name == null) {
                try {
                    name = primaryDataSourceName();
                } catch (ShadowStoreException ex) {
                    this.resolutionFailures.add(ex);
                    continue;
                }
            }
            if (this.shadowStoreNames.contains(name)) {
                this.resolutionFailures.add(new ShadowStoreException(
                        Problem.NO_LIVE_DATA_SOURCE,
                        name,
                        "Data source '" + name + "' cannot be both routed and a shadow store",
                        null));
                continue;
            }
            resolved.put(name, route);
        }
        return Map.copyOf(resolved);
    }

    private String primaryDataSourceName() {
        ConfigurableListableBeanFactory factory = beanFactory();
        List<String> candidates = new ArrayList<>();
        for (String name : factory.getBeanNamesForType(DataSource.class, true, false)) {
            if (!this.shadowStoreNames.contains(name) && isDefaultCandidate(factory, name)) {
                candidates.add(name);
            }
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        List<String> primary =
                candidates.stream().filter((name) -> isPrimary(factory, name)).toList();
        if (primary.size() == 1) {
            return primary.get(0);
        }
        if (candidates.contains("dataSource")) {
            return "dataSource";
        }
        throw new ShadowStoreException(
                Problem.NO_LIVE_DATA_SOURCE,
                ShadowRoute.SHADOW_DATA_SOURCE_BEAN_NAME,
                candidates.isEmpty()
                        ? "There is no DataSource bean to route"
                        : "Several DataSource beans could be the one to route, and none is primary: "
                                + String.join(", ", candidates),
                null);
    }

    private static boolean isDefaultCandidate(ConfigurableListableBeanFactory factory, String name) {
        BeanDefinition definition = definition(factory, name);
        return !(definition instanceof AbstractBeanDefinition abstractDefinition)
                || abstractDefinition.isDefaultCandidate();
    }

    private static boolean isPrimary(ConfigurableListableBeanFactory factory, String name) {
        BeanDefinition definition = definition(factory, name);
        return definition != null && definition.isPrimary();
    }

    private static @Nullable BeanDefinition definition(ConfigurableListableBeanFactory factory, String name) {
        return factory.containsBeanDefinition(name) ? factory.getBeanDefinition(name) : null;
    }

    private ConfigurableListableBeanFactory beanFactory() {
        ConfigurableListableBeanFactory factory = this.beanFactory;
        if (factory == null) {
            throw new IllegalStateException("No bean factory set");
        }
        return factory;
    }

    @Override
    public String toString() {
        return "ShadowRoutingPostProcessor" + Arrays.toString(this.routes.toArray());
    }
}
