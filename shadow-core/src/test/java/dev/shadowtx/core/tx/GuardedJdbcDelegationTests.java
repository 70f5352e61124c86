package dev.shadowtx.core.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.shadowtx.core.ShadowBlockedException;
import dev.shadowtx.core.context.ShadowMode;
import dev.shadowtx.core.metrics.ShadowRecorder;
import dev.shadowtx.core.sql.SqlDatabase;
import dev.shadowtx.core.sql.TransactionEndingStatements;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URL;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The connection, statement and prepared statement guards are written out, one method per JDBC
 * method: every call they do not answer themselves must reach the driver's object as the same
 * method with the same arguments, and hand back the driver's answer (guarded where it leads back to
 * the connection). A method that called another one, or lost an argument, would show here as a
 * different call received by the driver.
 */
class GuardedJdbcDelegationTests {

    /**
     * The calls the connection guard answers itself (its rules, see {@link ShadowConnection}).
     */
    private static final Set<String> CONNECTION_RULES = Set.of(
            "commit()",
            "rollback()",
            "setAutoCommit(boolean)",
            "getAutoCommit()",
            "close()",
            "isClosed()",
            "unwrap(Class)");

    /**
     * The calls the statement guards answer themselves: the connection they lead back to, and
     * {@code unwrap}.
     */
    private static final Set<String> OWN = Set.of("getConnection()", "unwrap(Class)");

    private final List<String> received = new ArrayList<>();

    @Test
    void everyOtherConnectionCallReachesTheDriversConnectionUnchanged() throws Exception {
        Connection guarded = guardedConnection();
        int checked = assertDelegates(guarded, Connection.class, CONNECTION_RULES);
        assertThat(checked).isGreaterThan(40);
    }

    @Test
    void everyOtherStatementCallReachesTheDriversStatementUnchanged() throws Exception {
        Connection guarded = guardedConnection();
        Statement statement = guarded.createStatement();
        assertThat(statement.getConnection()).isSameAs(guarded);
        int checked = assertDelegates(statement, Statement.class, OWN);
        assertThat(checked).isGreaterThan(40);
    }

    @Test
    void everyOtherPreparedStatementCallReachesTheDriversStatementUnchanged() throws Exception {
        Connection guarded = guardedConnection();
        PreparedStatement statement = guarded.prepareStatement("select 1");
        assertThat(statement.getConnection()).isSameAs(guarded);
        int checked = assertDelegates(statement, PreparedStatement.class, OWN);
        assertThat(checked).isGreaterThan(90);
    }

    @Test
    void unwrapToATypeTheGuardsDoNotImplementNeverReachesTheDriver() throws Exception {
        Connection guarded = guardedConnection();
        Statement statement = guarded.createStatement();
        PreparedStatement prepared = guarded.prepareStatement("select 1");
        CallableStatement callable = guarded.prepareCall("select 1");
        ResultSet resultSet = statement.executeQuery("select 1");
        DatabaseMetaData metaData = guarded.getMetaData();
        for (java.sql.Wrapper wrapper : List.of(guarded, statement, prepared, callable, resultSet, metaData)) {
            this.received.clear();
            assertThatExceptionOfType(ShadowBlockedException.class)
                    .as(wrapper.toString())
                    .isThrownBy(() -> wrapper.unwrap(String.class));
            assertThat(this.received).as(wrapper.toString()).isEmpty();
            assertThat(wrapper.unwrap(java.sql.Wrapper.class)).isSameAs(wrapper);
            assertThat(this.received).as(wrapper.toString()).isEmpty();
        }
    }

    private Connection guardedConnection() throws SQLException {
        return ShadowConnection.wrap(
                driver(Connection.class),
                ShadowMode.SHADOW,
                () -> ShadowRecorder.NOOP,
                ShadowSessionLimits.NONE,
                (target) -> TransactionEndingStatements.of(SqlDatabase.OTHER, true));
    }

    private int assertDelegates(Object guard, Class<?> type, Set<String> answeredByTheGuard) throws Exception {
        int checked = 0;
        for (Method method : type.getMethods()) {
            if (answeredByTheGuard.contains(signature(method))) {
                continue;
            }
            Object[] arguments = arguments(method);
            this.received.clear();
            Object result = method.invoke(guard, arguments);
            assertThat(this.received)
                    .as(method.toString())
                    .containsExactly(call(method.getName(), method.getParameterTypes(), arguments));
            Class<?> returned = method.getReturnType();
            if (returned == Statement.class || returned == PreparedStatement.class) {
                assertThat(((Statement) result).getConnection())
                        .as(method.toString())
                        .isNotNull();
                assertThat(result.toString()).startsWith("Shadow-guarded ");
            } else if (returned == CallableStatement.class || returned == DatabaseMetaData.class) {
                assertThat(result.toString()).as(method.toString()).startsWith("Shadow-guarded ");
            } else if (returned == ResultSet.class) {
                assertThat(((ResultSet) result).getStatement())
                        .as(method.toString())
                        .isSameAs(guard);
            } else if (returned != void.class) {
                assertThat(result).as(method.toString()).isEqualTo(answer(method));
            }
            checked++;
        }
        return checked;
    }

    /**
     * A driver object that records every call it receives and answers each with a value of its own.
     */
    private <T> T driver(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
                    Object[] arguments = (args != null) ? args : new Object[0];
                    if (method.getName().equals("toString") && arguments.length == 0) {
                        return "driver " + type.getSimpleName();
                    }
                    this.received.add(call(method.getName(), method.getParameterTypes(), arguments));
                    Class<?> returned = method.getReturnType();
                    if (returned == Statement.class
                            || returned == PreparedStatement.class
                            || returned == CallableStatement.class
                            || returned == DatabaseMetaData.class
                            || returned == ResultSet.class) {
                        return driver(returned);
                    }
                    return answer(method);
                }));
    }

    private static String call(String name, Class<?>[] types, Object[] arguments) {
        return name + Arrays.toString(types) + Arrays.deepToString(arguments) + identities(types, arguments);
    }

    /**
     * The identity of every argument that is an object (a primitive is boxed again on its way).
     */
    private static List<Integer> identities(Class<?>[] types, Object[] arguments) {
        List<Integer> identities = new ArrayList<>();
        for (int i = 0; i < arguments.length; i++) {
            identities.add(types[i].isPrimitive() ? 0 : System.identityHashCode(arguments[i]));
        }
        return identities;
    }

    private static String signature(Method method) {
        return method.getName()
                + "("
                + String.join(
                        ",",
                        Arrays.stream(method.getParameterTypes())
                                .map(Class::getSimpleName)
                                .toList())
                + ")";
    }

    /**
     * The driver's answer to a method: a value that names the method where the type allows.
     */
    private static Object answer(Method method) {
        Class<?> type = method.getReturnType();
        if (type == boolean.class) {
            return Boolean.TRUE;
        }
        if (type == int.class) {
            return 7;
        }
        if (type == long.class) {
            return 8L;
        }
        if (type == String.class) {
            return "answer of " + method.getName();
        }
        if (type == int[].class) {
            return new int[] {9};
        }
        if (type == long[].class) {
            return new long[] {10};
        }
        return null;
    }

    private static Object[] arguments(Method method) throws Exception {
        Class<?>[] types = method.getParameterTypes();
        Object[] arguments = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            arguments[i] = argument(types[i], i);
        }
        return arguments;
    }

    private static Object argument(Class<?> type, int index) throws Exception {
        if (type == int.class) {
            return 11 + index;
        }
        if (type == long.class) {
            return 21L + index;
        }
        if (type == boolean.class) {
            return Boolean.TRUE;
        }
        if (type == double.class) {
            return 1.5 + index;
        }
        if (type == float.class) {
            return 2.5f + index;
        }
        if (type == short.class) {
            return (short) (3 + index);
        }
        if (type == byte.class) {
            return (byte) (4 + index);
        }
        if (type == String.class) {
            return "argument " + index;
        }
        if (type.isArray()) {
            Object array = Array.newInstance(type.getComponentType(), 1);
            Array.set(array, 0, argument(type.getComponentType(), index));
            return array;
        }
        if (type == Object.class) {
            return new Object();
        }
        if (type == Class.class) {
            // a type the guards do not implement: isWrapperFor asks the driver (unwrap is refused)
            return String.class;
        }
        if (type == BigDecimal.class) {
            return BigDecimal.valueOf(31 + index);
        }
        if (type == Date.class) {
            return new Date(1000L + index);
        }
        if (type == Time.class) {
            return new Time(2000L + index);
        }
        if (type == Timestamp.class) {
            return new Timestamp(3000L + index);
        }
        if (type == Calendar.class) {
            return Calendar.getInstance();
        }
        if (type == InputStream.class) {
            return new ByteArrayInputStream(new byte[index + 1]);
        }
        if (type == Reader.class) {
            return new StringReader("reader " + index);
        }
        if (type == URL.class) {
            return URI.create("http://example.org/" + index).toURL();
        }
        if (type == Properties.class) {
            return new Properties();
        }
        if (type == Map.class) {
            return new HashMap<>();
        }
        if (type.isInterface()) {
            return Proxy.newProxyInstance(
                    GuardedJdbcDelegationTests.class.getClassLoader(),
                    new Class<?>[] {type},
                    (proxy, method, args) ->
                            method.getName().equals("toString") ? type.getSimpleName() + " argument" : null);
        }
        throw new IllegalStateException("No argument of type " + type);
    }
}
