package dev.shadowtx.redis;

import dev.shadowtx.handles.GuardedHandle;
import dev.shadowtx.handles.HandleRules;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;
import org.springframework.data.redis.core.RedisAccessor;
import org.springframework.util.ClassUtils;

/**
 * What Redis handles may do in shadow, through the imperative and the reactive API alike. A
 * {@code RedisConnectionFactory} or {@code ReactiveRedisConnectionFactory} hands out connections
 * (guarded in turn) and answers its accessors; everything else is blocked. A connection, and
 * each {@code *Commands} interface it returns ({@code ReactiveStringCommands} and its siblings
 * included), runs the commands that only read (GET, MGET, EXISTS, SCAN, HGETALL, LRANGE,
 * SMEMBERS, ZRANGE, XRANGE, PFCOUNT, ...), the connection's own housekeeping (close, pipelines,
 * MULTI/EXEC, SELECT, PING, subscriptions) and nothing else: SET, DEL, EXPIRE, PUBLISH, EVAL,
 * FLUSHDB, the {@code *Store} variants and {@code getNativeConnection} are blocked. A reactive
 * command is refused when its publisher is subscribed in shadow (see
 * {@link dev.shadowtx.handles.GuardedHandles}).
 * <p>
 * A {@code RedisTemplate} (and {@code StringRedisTemplate}) is guarded through its connection
 * factory: one built over a factory that is no bean gets a guarded factory. So is a
 * {@code ReactiveRedisTemplate} (and {@code ReactiveStringRedisTemplate}): one built over a
 * factory that is no bean is replaced by the same template over the guarded factory; one of a
 * class of the application's own keeps its class and has its factory replaced by the guarded one
 * (see {@link ReactiveRedis#guardTemplate}).
 */
public final class RedisHandleRules implements HandleRules {

    private static final boolean REACTIVE =
            ClassUtils.isPresent("reactor.core.publisher.Flux", RedisHandleRules.class.getClassLoader());

    private static final String COMMANDS_PACKAGE = "org.springframework.data.redis.connection";

    private static final Set<String> READS = Set.of(
            // keys
            "exists",
            "keys",
            "scan",
            "type",
            "ttl",
            "pTtl",
            "randomKey",
            "dump",
            "encodingOf",
            "idletime",
            "refcount",
            // strings
            "get",
            "mGet",
            "getRange",
            "getBit",
            "bitCount",
            "bitPos",
            "strLen",
            // hashes
            "hGet",
            "hMGet",
            "hGetAll",
            "hKeys",
            "hVals",
            "hLen",
            "hExists",
            "hScan",
            "hRandField",
            "hRandFieldWithValues",
            "hStrLen",
            "hTtl",
            "hpTtl",
            // lists
            "lRange",
            "lIndex",
            "lLen",
            "lPos",
            // sets
            "sMembers",
            "sIsMember",
            "sMIsMember",
            "sCard",
            "sRandMember",
            "sScan",
            "sInter",
            "sUnion",
            "sDiff",
            // sorted sets
            "zRange",
            "zRangeWithScores",
            "zRangeByScore",
            "zRangeByScoreWithScores",
            "zRangeByLex",
            "zRevRange",
            "zRevRangeWithScores",
            "zRevRangeByScore",
            "zRevRangeByScoreWithScores",
            "zRevRangeByLex",
            "zScore",
            "zMScore",
            "zCard",
            "zCount",
            "zLexCount",
            "zRank",
            "zRevRank",
            "zScan",
            "zRandMember",
            "zRandMemberWithScore",
            "zDiff",
            "zDiffWithScores",
            "zInter",
            "zInterWithScores",
            "zUnion",
            "zUnionWithScores",
            // geo, hyperloglog, streams
            "geoPos",
            "geoDist",
            "geoHash",
            "geoRadius",
            "geoRadiusByMember",
            "geoSearch",
            "pfCount",
            "xRange",
            "xRevRange",
            "xRead",
            "xLen",
            "xInfo",
            "xInfoGroups",
            "xInfoConsumers",
            "xPending",
            // server and scripting
            "ping",
            "echo",
            "info",
            "dbSize",
            "time",
            "lastSave",
            "getClientName",
            "getClientList",
            "getConfig",
            "scriptExists",
            // the connection's own state
            "close",
            "isClosed",
            "isPipelined",
            "isQueueing",
            "openPipeline",
            "closePipeline",
            "multi",
            "exec",
            "discard",
            "watch",
            "unwatch",
            "select",
            "closeLater",
            "subscribe",
            "pSubscribe",
            "createSubscription",
            "isSubscribed",
            "getSubscription");

    @Override
    public String channel() {
        return "redis";
    }

    @Override
    public boolean isHandle(Object value) {
        return value instanceof RedisConnectionFactory
                || value instanceof RedisConnection
                || value instanceof RedisSentinelConnection
                || (REACTIVE && ReactiveRedis.isHandle(value))
                || isCommands(value);
    }

    private static boolean isCommands(Object value) {
        for (Class<?> type : ClassUtils.getAllInterfaces(value)) {
            if (type.getName().startsWith(COMMANDS_PACKAGE)
                    && type.getSimpleName().endsWith("Commands")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean isRead(Object target, Method method, @Nullable Object[] arguments) {
        String name = method.getName();
        if (isFactory(target)) {
            return name.startsWith("get") || name.startsWith("is") || name.equals("translateExceptionIfPossible");
        }
        if (name.endsWith("Commands") && arguments.length == 0) {
            return true;
        }
        if (name.equals("sort")) {
            // SORT ... STORE destination is the three-argument form
            return arguments.length < 3;
        }
        return READS.contains(name);
    }

    private static boolean isFactory(Object target) {
        return (target instanceof RedisConnectionFactory || (REACTIVE && ReactiveRedis.isFactory(target)))
                && !(target instanceof RedisConnection);
    }

    @Override
    public @Nullable Object guardHeld(Object bean, UnaryOperator<Object> guard) {
        if (REACTIVE && ReactiveRedis.isTemplate(bean)) {
            return ReactiveRedis.guardTemplate(bean, guard);
        }
        if (!(bean instanceof RedisAccessor accessor)) {
            return null;
        }
        RedisConnectionFactory factory = accessor.getConnectionFactory();
        if (factory == null) {
            return null;
        }
        if (!(factory instanceof GuardedHandle)) {
            accessor.setConnectionFactory((RedisConnectionFactory) guard.apply(factory));
        }
        return bean;
    }
}
