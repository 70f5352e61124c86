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
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * SQS and SNS clients of the AWS SDK v2 in shadow, pointed at a local socket that records every
 * connection (no AWS endpoint is reachable from the build): sends, publishes and
 * {@code set*Attributes} throw {@link ShadowBlockedException} before the client opens a
 * connection, are counted as blocks, and their live twins do reach the socket. So are the
 * operations that change nothing but are no reads by name (KMS {@code decrypt}, STS
 * {@code assumeRole}), SQS {@code receiveMessage}, and the operations named like reads that change
 * something (Step Functions' {@code getActivityTask}, Cognito's {@code getId}, ...). Reads still go
 * out in shadow.
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
            .withBean("sfn", SfnClient.class, () -> local(SfnClient.builder()))
            .withBean("kms", KmsClient.class, () -> local(KmsClient.builder()))
            .withBean("sts", StsClient.class, () -> local(StsClient.builder()))
            .withBean("identities", CognitoIdentityClient.class, () -> local(CognitoIdentityClient.builder()))
            .withBean(
                    "users", CognitoIdentityProviderClient.class, () -> local(CognitoIdentityProviderClient.builder()));

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
    void anSqsReceiveIsBlockedInShadowBeforeAnyConnectionWhileItsLiveTwinGoesOut() {
        this.runner.run((context) -> {
            SqsClient sqs = context.getBean(SqsClient.class);

            assertBlockedWhileTheLiveTwinGoesOut((queue) ->
                    sqs.receiveMessage((receive) -> receive.queueUrl(endpoint() + "/000000000000/" + queue)));
        });
    }

    @Test
    void operationsThatChangeNothingButAreNoReadsByNameAreBlockedInShadowWhileTheirLiveTwinsGoOut() {
        this.runner.run((context) -> {
            KmsClient kms = context.getBean(KmsClient.class);
            StsClient sts = context.getBean(StsClient.class);

            assertBlockedWhileTheLiveTwinGoesOut((key) ->
                    kms.decrypt((decrypt) -> decrypt.keyId(key).ciphertextBlob(SdkBytes.fromUtf8String("sealed"))));
            assertBlockedWhileTheLiveTwinGoesOut((session) -> sts.assumeRole((assume) ->
                    assume.roleArn("arn:aws:iam::000000000000:role/orders").roleSessionName(session)));
        });
    }

    @Test
    void cognitoOperationsNamedLikeReadsThatCreateLinkSendOrRotateAreBlockedInShadowWhileTheirLiveTwinsGoOut() {
        this.runner.run((context) -> {
            CognitoIdentityClient identities = context.getBean(CognitoIdentityClient.class);
            CognitoIdentityProviderClient users = context.getBean(CognitoIdentityProviderClient.class);

            assertBlockedWhileTheLiveTwinGoesOut(
                    (pool) -> identities.getId((get) -> get.identityPoolId("eu-west-1:" + pool)));
            assertBlockedWhileTheLiveTwinGoesOut((identity) -> identities.getOpenIdToken(
                    (get) -> get.identityId(identity).logins(Map.of("accounts.google.com", "token"))));
            assertBlockedWhileTheLiveTwinGoesOut((pool) -> identities.getOpenIdTokenForDeveloperIdentity(
                    (get) -> get.identityPoolId(pool).logins(Map.of("login.orders", "customer-1"))));
            assertBlockedWhileTheLiveTwinGoesOut((token) -> users.getUserAttributeVerificationCode(
                    (get) -> get.accessToken(token).attributeName("email")));
            assertBlockedWhileTheLiveTwinGoesOut((token) -> users.getTokensFromRefreshToken(
                    (get) -> get.refreshToken(token).clientId("orders")));
            assertBlockedWhileTheLiveTwinGoesOut((client) ->
                    users.getClientToken((get) -> get.clientId(client).secret("secret")));
        });
    }

    @Test
    void cognitoKmsAndStsReadsGoOutInShadow() {
        this.runner.run((context) -> {
            CognitoIdentityClient identities = context.getBean(CognitoIdentityClient.class);
            CognitoIdentityProviderClient users = context.getBean(CognitoIdentityProviderClient.class);
            KmsClient kms = context.getBean(KmsClient.class);
            StsClient sts = context.getBean(StsClient.class);

            assertReadGoesOutInShadow(
                    "pool-read",
                    () -> identities.describeIdentityPool((describe) -> describe.identityPoolId("pool-read")));
            assertReadGoesOutInShadow(
                    "identity-read",
                    () -> identities.getCredentialsForIdentity((get) -> get.identityId("identity-read")));
            assertReadGoesOutInShadow("user-read", () -> users.getUser((get) -> get.accessToken("user-read")));
            assertReadGoesOutInShadow("key-read", () -> kms.describeKey((describe) -> describe.keyId("key-read")));
            assertReadGoesOutInShadow("GetCallerIdentity", sts::getCallerIdentity);
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

    /**
     * Assert that the call, made in shadow with a name of its own, throws before the client opens a
     * connection and sends nothing, while the same call made live reaches the socket.
     */
    private void assertBlockedWhileTheLiveTwinGoesOut(Consumer<String> call) {
        String shadow = "shadow-" + (this.aws.connections() + 1);
        String live = "live-" + (this.aws.connections() + 1);
        int connections = this.aws.connections();

        assertBlocked(() -> call.accept(shadow));
        assertThat(this.aws.connections()).isEqualTo(connections);

        assertThat(catchThrowable(() -> call.accept(live))).isNotInstanceOf(ShadowBlockedException.class);
        assertThat(this.aws.received(live)).isTrue();
        assertThat(this.aws.received(shadow)).isFalse();
    }

    private void assertReadGoesOutInShadow(String sent, Runnable read) {
        assertThat(catchThrowable(() -> ShadowTraffic.runIsolated(ShadowMode.SHADOW, read)))
                .isNotInstanceOf(ShadowBlockedException.class);
        assertThat(this.aws.received(sent)).isTrue();
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
