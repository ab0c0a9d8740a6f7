package dev.chunkcluster.jdbc;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamedStatementTest {

    /** A prepared statement that records the positions bound, in order. */
    private static PreparedStatement recording(List<String> calls) {
        return (PreparedStatement) Proxy.newProxyInstance(NamedStatementTest.class.getClassLoader(),
                new Class<?>[]{PreparedStatement.class}, (proxy, method, args) -> {
                    calls.add(method.getName() + (args == null ? "" : " " + args[0] + (args.length > 1 ? "=" + args[1]
                            : "")));
                    return method.getReturnType() == int.class ? 1 : null;
                });
    }

    @Test
    void aNameBindsEveryPlaceholderOfThatName() throws Exception {
        List<String> calls = new ArrayList<>();
        SqlStatement statement = new SqlStatement("s", "? ? ?", List.of("size", "total", "size"));
        NamedStatement named = new NamedStatement(statement, recording(calls));

        assertEquals(1, named.set("size", 16L).set("total", 100L).executeUpdate());
        assertEquals(List.of("setLong 1=16", "setLong 3=16", "setLong 2=100", "executeUpdate"), calls);
    }

    @Test
    void runningWithANameLeftUnboundOrAnUnknownNameFails() {
        SqlStatement statement = new SqlStatement("claim", "? ?", List.of("worker", "limit"));
        NamedStatement named = new NamedStatement(statement, recording(new ArrayList<>()));

        IllegalStateException unbound = assertThrows(IllegalStateException.class,
                () -> named.set("worker", "w").executeUpdate());
        assertTrue(unbound.getMessage().contains("[limit]"), unbound.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> named.set("lmit", 1));
        assertTrue(unknown.getMessage().contains("'lmit'") && unknown.getMessage().contains("[worker, limit]"),
                unknown.getMessage());
    }
}
