package dev.shadowtx.async;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shadowtx.async.autoconfigure.ShadowAsyncAutoConfiguration;
import dev.shadowtx.async.autoconfigure.ShadowAsyncProperties;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.CompositeTaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import reactor.core.publisher.Hooks;

@ExtendWith(OutputCaptureExtension.class)
class ShadowAsyncAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowAsyncAutoConfiguration.class,
                    TaskExecutionAutoConfiguration.class));

    @Test
    void decoratesBootsApplicationTaskExecutor() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(ShadowTaskExecutorPostProcessor.class);
            ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
            assertThat(ShadowTaskExecutorPostProcessor.currentDecorator(executor))
                    .isInstanceOf(ShadowTaskDecorator.class);
        });
    }

    @Test
    void composesWithTaskDecoratorBeansBootApplies() {
        TaskDecorator users = (task) -> task;
        this.runner.withBean(TaskDecorator.class, () -> users).run((context) -> {
            ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
            assertThat(ShadowTaskExecutorPostProcessor.currentDecorator(executor))
                    .isInstanceOf(CompositeTaskDecorator.class);
        });
    }

    @Test
    void decoratesAnExecutorOnlyOnce() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setTaskDecorator((task) -> task);
        ShadowTaskExecutorPostProcessor.decorate(executor);
        TaskDecorator once = ShadowTaskExecutorPostProcessor.currentDecorator(executor);
        ShadowTaskExecutorPostProcessor.decorate(executor);
        assertThat(ShadowTaskExecutorPostProcessor.currentDecorator(executor))
                .isSameAs(once)
                .isInstanceOf(CompositeTaskDecorator.class);
    }

    @Test
    void leavesAnExecutorAloneThatAlreadyHasTheShadowDecorator() {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        ShadowTaskDecorator decorator = new ShadowTaskDecorator();
        executor.setTaskDecorator(decorator);
        this.runner
                .withBean("mine", ThreadPoolTaskExecutor.class, () -> executor)
                .run((context) -> assertThat(ShadowTaskExecutorPostProcessor.currentDecorator(executor))
                        .isSameAs(decorator));
    }

    @Test
    void warnsAboutExecutorServiceBeansItCannotDecorate(CapturedOutput output) {
        this.runner
                .withBean("rawPool", ExecutorService.class, Executors::newSingleThreadExecutor)
                .run((context) -> assertThat(output)
                        .contains("Executor bean 'rawPool'")
                        .contains("ShadowTraffic.wrap(executorService)"));
    }

    @Test
    void executorsCanBeLeftAloneOnPurpose() {
        this.runner.withPropertyValues("shadow.async.executors=false").run((context) -> {
            assertThat(context).doesNotHaveBean(ShadowTaskExecutorPostProcessor.class);
            ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
            assertThat(ShadowTaskExecutorPostProcessor.currentDecorator(executor))
                    .isNull();
        });
    }

    @Test
    void registersTheMvcCallableInterceptorInServletApplications() {
        new WebApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(ShadowAutoConfiguration.class, ShadowAsyncAutoConfiguration.class))
                .run((context) -> assertThat(context)
                        .hasBean("shadowMvcAsyncConfigurer")
                        .getBean("shadowMvcAsyncConfigurer")
                        .isInstanceOf(WebMvcConfigurer.class));
        this.runner.run((context) -> assertThat(context).doesNotHaveBean("shadowMvcAsyncConfigurer"));
    }

    @Test
    void startsWithoutSpringMvcOrReactor() {
        new WebApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(ShadowAutoConfiguration.class, ShadowAsyncAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(WebMvcConfigurer.class, Hooks.class))
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(ShadowTaskExecutorPostProcessor.class);
                    assertThat(context).doesNotHaveBean("shadowMvcAsyncConfigurer");
                });
    }

    @Test
    void backsOffWhenDisabled() {
        this.runner.withPropertyValues("shadow.enabled=false").run((context) -> {
            assertThat(context).doesNotHaveBean(ShadowTaskExecutorPostProcessor.class);
            assertThat(context).doesNotHaveBean(ShadowAsyncProperties.class);
            ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
            assertThat(ShadowTaskExecutorPostProcessor.currentDecorator(executor))
                    .isNull();
        });
    }
}
