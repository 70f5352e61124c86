package dev.shadowtx.aws;

import dev.shadowtx.core.audit.ChannelTypes;
import dev.shadowtx.handles.HandleRules;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What an AWS SDK v2 service client ({@code SdkClient}: {@code SqsClient}, {@code SnsClient},
 * {@code S3Client}, their async variants, ...) may do in shadow: the operations whose names say
 * they read ({@code get}, {@code list}, {@code describe}, {@code head}, {@code batchGet},
 * {@code query}, {@code scan}) and the client's own accessors. Every other operation is blocked:
 * {@code sendMessage}, {@code publish}, {@code setQueueAttributes}, {@code setTopicAttributes},
 * {@code deleteMessage}, {@code putObject}, and also {@code receiveMessage}, which hides the
 * messages it receives from the live consumers of the queue, and the operations named like reads
 * that change something: Step Functions' {@code getActivityTask}, Cognito's {@code getId},
 * {@code getOpenIdToken*}, {@code getUserAttributeVerificationCode}, {@code getTokensFromRefreshToken}
 * and {@code getClientToken}. The SDK is recognised by name, so it is no dependency of the starter.
 */
public final class AwsHandleRules implements HandleRules {

    private static final ChannelTypes CLIENTS = ChannelTypes.named("software.amazon.awssdk.core.SdkClient");

    private static final List<String> READ_PREFIXES =
            List.of("get", "list", "describe", "head", "batchGet", "query", "scan");

    private static final Set<String> ACCESSORS = Set.of("serviceName", "serviceClientConfiguration");

    /**
     * Operations named like reads that change something. Step Functions' {@code getActivityTask}
     * hands a live activity's task to the caller, as {@code receiveMessage} does a message. Cognito
     * identity pools' {@code getId} creates an identity and links the logins it is given, {@code
     * getOpenIdToken} links them too and {@code getOpenIdTokenForDeveloperIdentity} registers the
     * developer identity. Cognito user pools' {@code getUserAttributeVerificationCode} sends the user
     * a code by e-mail or SMS, {@code getTokensFromRefreshToken} invalidates the refresh token it is
     * given when the app client rotates them, and it and {@code getClientToken} run the pool's token
     * generation trigger.
     */
    private static final Set<String> NAMED_LIKE_READS = Set.of(
            "getActivityTask",
            "getId",
            "getOpenIdToken",
            "getOpenIdTokenForDeveloperIdentity",
            "getUserAttributeVerificationCode",
            "getTokensFromRefreshToken",
            "getClientToken");

    @Override
    public String channel() {
        return "aws";
    }

    @Override
    public boolean isHandle(Object value) {
        return CLIENTS.matches(value.getClass());
    }

    @Override
    public boolean isRead(Object target, Method method, @Nullable Object[] arguments) {
        String name = method.getName();
        if (NAMED_LIKE_READS.contains(name)) {
            return false;
        }
        return ACCESSORS.contains(name) || READ_PREFIXES.stream().anyMatch(name::startsWith);
    }
}
