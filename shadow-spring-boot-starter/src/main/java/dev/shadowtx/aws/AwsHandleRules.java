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
 * messages it receives from the live consumers of the queue, and Step Functions'
 * {@code getActivityTask}, which hands a task to the caller instead of a live worker. The SDK is recognised by name, so
 * it is no dependency of the starter.
 */
public final class AwsHandleRules implements HandleRules {

    private static final ChannelTypes CLIENTS = ChannelTypes.named("software.amazon.awssdk.core.SdkClient");

    private static final List<String> READ_PREFIXES =
            List.of("get", "list", "describe", "head", "batchGet", "query", "scan");

    private static final Set<String> ACCESSORS = Set.of("serviceName", "serviceClientConfiguration");

    /**
     * Operations named like reads that take work away from live consumers: Step Functions'
     * {@code getActivityTask} hands the task to the caller, as {@code receiveMessage} does a message.
     */
    private static final Set<String> CLAIMS = Set.of("getActivityTask");

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
        if (CLAIMS.contains(name)) {
            return false;
        }
        return ACCESSORS.contains(name) || READ_PREFIXES.stream().anyMatch(name::startsWith);
    }
}
