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
 * What Redis handles may do in shadow. A {@code RedisConnectionFactory} hands out connections
 * (guarded in turn) and answers its accessors; its reactive connections are blocked, as is
 * everything else. A connection, and each {@code *Commands} interface it returns, runs the
 * commands that only read (GET, MGET, EXISTS, SCAN, HGETALL, LRANGE, SMEMBERS, ZRANGE, XRANGE,
 * PFCOUNT, ...), the connection's own housekeeping (close, pipelines, MULTI/EXEC, SELECT,
 * PING, subscriptions) and nothing else: SET, DEL, EXPIRE, PUBLISH, EVAL, FLUSHDB, the
 * {@code *Store} variants and {@code getNativeConnection} are blocked.
 * <p>
 * A {@code RedisTemplate} (and {@code StringRedisTemplate}) is guarded through its connection
 * factory: one built over a factory that is no bean gets a guarded factory.
 */
public final class RedisHandleRules implements HandleRules {

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
            "subscribe",
            "pSubscribe",
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
        if (target instanceof RedisConnectionFactory && !(target instanceof RedisConnection)) {
            return (name.startsWith("get") && !name.startsWith("getReactive"))
                    || name.startsWith("is")
                    || name.equals("translateExceptionIfPossible");
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

    @Override
    public boolean guardHeld(Object bean, UnaryOperator<Object> guard) {
        if (!(bean instanceof RedisAccessor accessor)) {
            return false;
        }
        RedisConnectionFactory factory = accessor.getConnectionFactory();
        if (factory == null) {
            return false;
        }
        if (!(factory instanceof GuardedHandle)) {
            accessor.setConnectionFactory((RedisConnectionFactory) guard.apply(factory));
        }
        return true;
    }
}
