package io.nanotick.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeConfigTest {
    @TempDir
    Path dir;

    @Test
    void fileThenOverrides() throws Exception {
        Path f = dir.resolve("ex.properties");
        Files.writeString(f, """
                # comment
                ouch.port = 15000
                user.alice = pw1
                user.alice.cancelOnDisconnect = true
                symbols = AAPL, MSFT ,TSLA
                book.startPrice = 123.45
                md.mode = unicast
                """);
        ExchangeConfig c = ExchangeConfig.load(f, List.of("ouch.port=15001", "background=none"));
        assertEquals(15001, c.ouchPort);
        assertEquals(List.of("AAPL", "MSFT", "TSLA"), c.symbols);
        assertEquals(1_234_500, c.startPrice);
        assertTrue(c.users.get("alice").cancelOnDisconnect());
        assertEquals("pw1", c.users.get("alice").password());
        assertEquals("unicast", c.mdMode);
        assertEquals("none", c.background);
    }

    @Test
    void badKeyOrValueNamesBoth() {
        String m = assertThrows(IllegalArgumentException.class,
                () -> ExchangeConfig.load(null, List.of("ouch.prot=1"))).getMessage();
        assertTrue(m.contains("'ouch.prot'") && m.contains("'1'") && m.contains("unknown key"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> ExchangeConfig.load(null, List.of("ouch.port=70000"))).getMessage();
        assertTrue(m.contains("'ouch.port'") && m.contains("'70000'"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> ExchangeConfig.load(null, List.of("background.rate=fast"))).getMessage();
        assertTrue(m.contains("'background.rate'") && m.contains("'fast'"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> ExchangeConfig.load(null, List.of("user.toolongname=x"))).getMessage();
        assertTrue(m.contains("'user.toolongname'"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> ExchangeConfig.load(null, List.of("book.startPrice=1.00001"))).getMessage();
        assertTrue(m.contains("'book.startPrice'") && m.contains("'1.00001'"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> ExchangeConfig.load(null, List.of("loop.busySpin=maybe"))).getMessage();
        assertTrue(m.contains("'loop.busySpin'") && m.contains("'maybe'"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> ExchangeConfig.load(null, List.of("md.mode"))).getMessage();
        assertTrue(m.contains("md.mode"), m);
    }

    @Test
    void defaultUserWhenNoneConfigured() throws Exception {
        ExchangeConfig c = ExchangeConfig.load(null, List.of());
        assertEquals("nt", c.users.get("nt").password());
    }
}
