package dev.shadowtx.async;

import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.proxy.GuardProxies;
import io.micrometer.context.ContextExecutorService;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.aopalliance.intercept.MethodInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.NameMatchMethodPointcutAdvisor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.core.task.support.TaskExecutorAdapter;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.ReflectionUtils;

/**
 * Makes every Spring executor and scheduler bean carry the shadow context from the thread that
 * submits a task to the thread that runs it: Boot's {@code applicationTaskExecutor} (platform or
 * virtual threads), the executors users define ({@code ThreadPoolTaskExecutor},
 * {@code SimpleAsyncTaskExecutor}, {@code ConcurrentTaskExecutor}, {@code TaskExecutorAdapter})
 * and the schedulers ({@code ThreadPoolTaskScheduler}, {@code SimpleAsyncTaskScheduler},
 * {@code ConcurrentTaskScheduler}), and the executor an {@code AsyncConfigurer} bean returns for
 * {@code @Async}. So {@code @Async}, {@code CompletableFuture}s on those executors, async event
 * listeners and Spring MVC's async request processing all stay shadow.
 * <p>
 * A {@link ShadowTaskDecorator} is added to the executor's own decorator, which keeps working: the
 * two are composed, the user's running inside the shadow one (so it sees the context). The
 * context is captured when a task is submitted, never when it starts: a job that a scheduler
 * thread submits, such as an {@code @Scheduled} method, is live, and a task that a shadow request
 * schedules for later stays shadow. {@code SimpleAsyncTaskScheduler} applies decorators only when
 * a task fires, so its {@code schedule*} methods are also wrapped to capture at call time.
 * <p>
 * {@code java.util.concurrent} executor beans cannot be decorated without changing their type;
 * each is reported once at startup with a warning. Wrap them with
 * {@link ShadowTraffic#wrap(ExecutorService)}.
 */
public final class ShadowTaskExecutorPostProcessor implements BeanPostProcessor, Ordered {

    private static final Log logger = LogFactory.getLog(ShadowTaskExecutorPostProcessor.class);

    private static final String[] SCHEDULE_METHODS = {"schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay"};

    private static final TaskDecorator SHARED_DECORATOR = new ShadowTaskDecorator();

    private final TaskDecorator decorator = SHARED_DECORATOR;

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (isDecoratable(bean)) {
            decorate(bean, this.decorator);
        }
        return bean;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof SimpleAsyncTaskScheduler scheduler) {
            return captureOnSchedule(scheduler);
        }
        if (bean instanceof AsyncConfigurer configurer) {
            return decorateAsyncExecutor(configurer, beanName);
        }
        if (bean instanceof ExecutorService && !(bean instanceof ContextExecutorService) && !isDecoratable(bean)) {
            logger.warn("Executor bean '" + beanName + "' (" + bean.getClass().getName() + ") does not carry "
                    + "the shadow context: tasks that shadow requests submit to it run live. Define it as a "
                    + "ThreadPoolTaskExecutor, or wrap it with ShadowTraffic.wrap(executorService).");
        }
        return bean;
    }

    /**
     * Add the shadow decorator to an executor or scheduler built outside the application context.
     * @param executor a {@code ThreadPoolTaskExecutor}, {@code ThreadPoolTaskScheduler},
     * {@code SimpleAsyncTaskExecutor}, {@code ConcurrentTaskExecutor} or {@code TaskExecutorAdapter},
     * before it is used
     * @param <E> the executor type
     * @return the same executor
     */
    public static <E extends Executor> E decorate(E executor) {
        if (!isDecoratable(executor)) {
            throw new IllegalArgumentException(
                    "Cannot decorate " + executor.getClass().getName());
        }
        decorate(executor, SHARED_DECORATOR);
        return executor;
    }

    /**
     * Whether an object is one of the executors whose decorator can be set. Every one of them is an
     * {@code Executor}, which the JDK has loaded already: asked first, it answers for the beans
     * that are no executor at all without loading the Spring executor classes the application
     * does not use.
     */
    static boolean isDecoratable(Object bean) {
        return bean instanceof Executor && isDecoratableExecutor(bean);
    }

    private static boolean isDecoratableExecutor(Object bean) {
        return bean instanceof ThreadPoolTaskExecutor
                || bean instanceof ThreadPoolTaskScheduler
                || bean instanceof SimpleAsyncTaskExecutor
                || bean instanceof ConcurrentTaskExecutor
                || bean instanceof TaskExecutorAdapter;
    }

    private static void decorate(Object executor, TaskDecorator shadow) {
        Field field = ReflectionUtils.findField(executor.getClass(), "taskDecorator", TaskDecorator.class);
        Method setter = ReflectionUtils.findMethod(executor.getClass(), "setTaskDecorator", TaskDecorator.class);
        if (field == null || setter == null) {
            throw new IllegalStateException("Cannot add the shadow task decorator to "
                    + executor.getClass().getName()
                    + ": this version of Spring has no taskDecorator field or setter. Set shadow.async.executors=false "
                    + "and decorate the executor yourself with a ShadowTaskDecorator.");
        }
        ReflectionUtils.makeAccessible(field);
        TaskDecorator existing = (TaskDecorator) ReflectionUtils.getField(field, executor);
        if (existing instanceof ShadowTaskDecorator || existing instanceof ComposedWithShadow) {
            return;
        }
        TaskDecorator composed = (existing != null) ? new ComposedWithShadow(existing, shadow) : shadow;
        ReflectionUtils.invokeMethod(setter, executor, composed);
    }

    private static Object captureOnSchedule(SimpleAsyncTaskScheduler scheduler) {
        NameMatchMethodPointcutAdvisor advisor =
                new NameMatchMethodPointcutAdvisor((MethodInterceptor) (invocation) -> {
                    Object[] arguments = invocation.getArguments();
                    if (arguments.length > 0 && arguments[0] instanceof Runnable task) {
                        arguments[0] = ShadowTraffic.wrap(task);
                    }
                    return invocation.proceed();
                });
        advisor.setMappedNames(SCHEDULE_METHODS);
        ProxyFactory factory = new ProxyFactory(scheduler);
        factory.setProxyTargetClass(true);
        factory.addAdvisor(advisor);
        return GuardProxies.guard(factory, scheduler.getClass().getClassLoader());
    }

    private static Object decorateAsyncExecutor(AsyncConfigurer configurer, String beanName) {
        if (Modifier.isFinal(configurer.getClass().getModifiers())) {
            logger.warn("AsyncConfigurer bean '" + beanName + "' ("
                    + configurer.getClass().getName() + ") is final: "
                    + "the executor it returns for @Async does not carry the shadow context unless it is a bean. "
                    + "Return ShadowTaskExecutorPostProcessor.decorate(executor) from getAsyncExecutor().");
            return configurer;
        }
        NameMatchMethodPointcutAdvisor advisor = new NameMatchMethodPointcutAdvisor(
                (MethodInterceptor) (invocation) -> carryingContext((Executor) invocation.proceed()));
        advisor.setMappedName("getAsyncExecutor");
        ProxyFactory factory = new ProxyFactory(configurer);
        factory.setProxyTargetClass(!isSpringBootsOwn(configurer.getClass()));
        factory.addAdvisor(advisor);
        return GuardProxies.guard(factory, configurer.getClass().getClassLoader());
    }

    /**
     * Whether a configurer is one of Spring Boot's own, not public: no bean can ask for it by its
     * class, so a proxy of its interfaces serves, and startup generates no subclass for it.
     */
    private static boolean isSpringBootsOwn(Class<?> type) {
        return !Modifier.isPublic(type.getModifiers()) && type.getName().startsWith("org.springframework.boot.");
    }

    static @Nullable Executor carryingContext(@Nullable Executor executor) {
        if (executor == null) {
            return null;
        }
        if (isDecoratable(executor)) {
            return decorate(executor);
        }
        return ShadowTraffic.wrap(executor);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /**
     * The executor's own decorator with the shadow one around it; marks an executor as done.
     */
    private static final class ComposedWithShadow extends CompositeTaskDecorator {

        ComposedWithShadow(TaskDecorator existing, TaskDecorator shadow) {
            super(List.of(existing, shadow));
        }
    }

    static @Nullable TaskDecorator currentDecorator(Object executor) {
        Field field = ReflectionUtils.findField(executor.getClass(), "taskDecorator", TaskDecorator.class);
        if (field == null) {
            return null;
        }
        ReflectionUtils.makeAccessible(field);
        return (TaskDecorator) ReflectionUtils.getField(field, executor);
    }
}
