package dev.shadowtx.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.shadowtx.audit.ShadowLeakAudit;
import dev.shadowtx.audit.autoconfigure.ShadowAuditAutoConfiguration;
import dev.shadowtx.autoconfigure.ShadowAutoConfiguration;
import dev.shadowtx.aws.autoconfigure.ShadowAwsAutoConfiguration;
import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.ShadowTraffic;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.testsupport.FakeProtocols;
import dev.shadowtx.core.testsupport.RecordingSocket;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SQS and SNS clients of the AWS SDK v2 in shadow, pointed at a local socket that records every
 * connection (no AWS endpoint is reachable from the build): sends, publishes and
 * {@code set*Attributes} throw {@link ShadowBlockedException} before the client opens a
 * connection, are counted as blocks, and their live twins do reach the socket. Reads still go out
 * in shadow.
 */
class AwsHandlesTests {

    private final RecordingSocket aws = RecordingSocket.start(FakeProtocols.http());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ShadowAutoConfiguration.class,
                    ShadowAuditAutoConfiguration.class,
                    ShadowAwsAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean("sqs", SqsClient.class, () -> local(SqsClient.builder()))
            .withBean("sns", SnsClient.class, () -> local(SnsClient.builder()))
            .withBean("sfn", SfnClient.class, () -> local(SfnClient.builder()));

    @AfterEach
    void close() throws Exception {
        this.aws.close();
    }

    @Test
    void sqsSendsAndAttributeChangesAreBlockedInShadowBeforeAnyConnectionWhileTheirLiveTwinsGoOut() {
        this.runner.run((context) -> {
            SqsClient sqs = context.getBean(SqsClient.class);
            String queue = endpoint() + "/000000000000/orders";

            assertBlocked(() -> sqs.sendMessage((send) -> send.queueUrl(queue).messageBody("shadow-order")));
            assertBlocked(() -> sqs.sendMessageBatch((send) -> send.queueUrl(queue)));
            assertBlocked(() -> sqs.setQueueAttributes(
                    (set) -> set.queueUrl(queue).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "0"))));
            assertBlocked(
                    () -> sqs.deleteMessage((delete) -> delete.queueUrl(queue).receiptHandle("r")));
            assertBlocked(() -> sqs.receiveMessage((receive) -> receive.queueUrl(queue)));
            assertThat(this.aws.connections()).isZero();
            assertThat(context.getBean(MeterRegistry.class)
                            .get("shadow.outbound")
                            .tag("channel", "aws")
                            .tag("action", "block")
                            .counter()
                            .count())
                    .isEqualTo(5);

            assertThat(catchThrowable(
                            () -> sqs.sendMessage((send) -> send.queueUrl(queue).messageBody("live-order"))))
                    .isNotInstanceOf(ShadowBlockedException.class);
            assertThat(this.aws.received("live-order")).isTrue();
            assertThat(this.aws.received("shadow-order")).isFalse();
        });
    }

    @Test
    void snsPublishesAndAttributeChangesAreBlockedInShadowWhileTheirLiveTwinGoesOut() {
        this.runner.run((context) -> {
            SnsClient sns = context.getBean(SnsClient.class);
            String topic = "arn:aws:sns:eu-west-1:000000000000:orders";

            assertBlocked(() -> sns.publish((publish) -> publish.topicArn(topic).message("shadow-event")));
            assertBlocked(() -> sns.setTopicAttributes(
                    (set) -> set.topicArn(topic).attributeName("DisplayName").attributeValue("shadow")));
            assertBlocked(
                    () -> sns.subscribe((subscribe) -> subscribe.topicArn(topic).protocol("sqs")));
            assertThat(this.aws.connections()).isZero();

            assertThat(catchThrowable(() ->
                            sns.publish((publish) -> publish.topicArn(topic).message("live-event"))))
                    .isNotInstanceOf(ShadowBlockedException.class);
            assertThat(this.aws.received("live-event")).isTrue();
            assertThat(this.aws.received("shadow-event")).isFalse();
        });
    }

    @Test
    void aStepFunctionsActivityTaskIsNeverClaimedInShadowWhileItsLiveTwinGoesOut() {
        this.runner.run((context) -> {
            SfnClient sfn = context.getBean(SfnClient.class);
            String activity = "arn:aws:states:eu-west-1:000000000000:activity:";

            assertBlocked(() -> sfn.getActivityTask((get) -> get.activityArn(activity + "shadow-worker")));
            assertThat(this.aws.connections()).isZero();

            assertThat(catchThrowable(() -> sfn.getActivityTask((get) -> get.activityArn(activity + "live-worker"))))
                    .isNotInstanceOf(ShadowBlockedException.class);
            assertThat(this.aws.received("live-worker")).isTrue();
            assertThat(this.aws.received("shadow-worker")).isFalse();
        });
    }

    @Test
    void
            withTheGuardOffTheClientsAreListedUncoveredAndTheirShadowCallsReadsIncludedAreRefusedWhileTheLiveTwinGoesOut() {
        this.runner.withPropertyValues("shadow.aws.guard=false").run((context) -> {
            assertThat(context.getBean(ShadowLeakAudit.class).inventory().report())
                    .contains("NOT COVERED  [aws] sqs (");
            SqsClient sqs = context.getBean(SqsClient.class);
            String queue = endpoint() + "/000000000000/orders";

            assertBlocked(() -> sqs.sendMessage((send) -> send.queueUrl(queue).messageBody("shadow-order")));
            assertBlocked(() -> sqs.setQueueAttributes(
                    (set) -> set.queueUrl(queue).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "0"))));
            assertBlocked(() -> sqs.getQueueUrl((get) -> get.queueName("shadow-read")));
            assertThat(this.aws.connections()).isZero();

            assertThat(catchThrowable(
                            () -> sqs.sendMessage((send) -> send.queueUrl(queue).messageBody("live-order"))))
                    .isNotInstanceOf(ShadowBlockedException.class);
            assertThat(this.aws.received("live-order")).isTrue();
            assertThat(this.aws.received("shadow-order")).isFalse();
        });
    }

    @Test
    void readsGoOutInShadow() {
        this.runner.run((context) -> {
            SqsClient sqs = context.getBean(SqsClient.class);

            Throwable read = catchThrowable(() -> ShadowTraffic.runIsolated(
                    ShadowMode.SHADOW, () -> sqs.getQueueUrl((get) -> get.queueName("orders-read"))));

            assertThat(read).isNotInstanceOf(ShadowBlockedException.class);
            assertThat(this.aws.received("orders-read")).isTrue();
        });
    }

    @Test
    void theLeakAuditListsTheClientsAsGuarded() {
        this.runner.run((context) -> {
            String report = context.getBean(ShadowLeakAudit.class).inventory().report();
            assertThat(report).contains("[aws] sqs (").contains("[aws] sns (").doesNotContain("NOT COVERED  [aws]");
        });
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + this.aws.port());
    }

    /**
     * Build a client of the SDK that talks to the recording socket.
     */
    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C local(B builder) {
        return builder.endpointOverride(endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret"));
    }

    private static void assertBlocked(Runnable write) {
        assertThatExceptionOfType(ShadowBlockedException.class)
                .isThrownBy(() -> ShadowTraffic.runIsolated(ShadowMode.SHADOW, write))
                .satisfies((ex) -> assertThat(ex.getChannel()).isEqualTo("aws"));
    }
}
