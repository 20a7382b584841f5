package io.nanotick.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.nanotick.ouch.SoupBinTcp;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ThreadLocalRandom;

final class TestSupport {
    private TestSupport() {
    }

    /** A config on loopback with fresh ports and a multicast group nobody else uses. */
    static ExchangeConfig config(String... overrides) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        ExchangeConfig c = ExchangeConfig.defaults();
        c.set("md.group", "239.255." + r.nextInt(1, 255) + "." + r.nextInt(1, 255));
        c.set("md.port", Integer.toString(r.nextInt(20000, 60000)));
        c.set("background", "none");
        c.set("symbols", "AAPL,MSFT");
        c.set("user.nt", "secret");
        c.set("user.bob", "pw");
        c.set("user.bob.cancelOnDisconnect", "true");
        c.set("book.maxOrders", "65536"); // small: tests start many simulators
        c.set("md.storeMessages", "65536");
        for (String o : overrides) {
            int eq = o.indexOf('=');
            c.set(o.substring(0, eq), o.substring(eq + 1));
        }
        return c;
    }

    static OuchClient connect(ExchangeSimulator sim) throws IOException {
        return new OuchClient("127.0.0.1", sim.ouchPort(), false);
    }

    static OuchClient login(ExchangeSimulator sim, String user, String pw, long seq) throws IOException {
        OuchClient c = connect(sim);
        assertEquals(SoupBinTcp.LOGIN_ACCEPTED, c.login(user, pw, "", seq, 10_000), "login " + user);
        return c;
    }

    /** Next packet that is not a server heartbeat; must be Sequenced Data carrying OUCH {@code type}. */
    static byte[] expect(OuchClient c, char type) throws IOException {
        while (true) {
            byte t = c.next(10_000);
            if (t == SoupBinTcp.SERVER_HEARTBEAT) {
                continue;
            }
            if (t != SoupBinTcp.SEQUENCED_DATA) {
                fail("expected Sequenced Data with OUCH '" + type + "', got packet type " + t);
            }
            byte[] m = copy(c);
            assertEquals(type, (char) m[0], "OUCH message type");
            return m;
        }
    }

    static byte[] copy(OuchClient c) {
        SoupBinTcp.Packet p = c.packet();
        return c.segment().asSlice(p.payloadOffset(), p.payloadLength()).toArray(ValueLayout.JAVA_BYTE);
    }

    static MemorySegment seg(byte[] b) {
        return MemorySegment.ofArray(b);
    }

    /** Next packet that is not a heartbeat. */
    static byte nextNonHeartbeat(OuchClient c) throws IOException {
        while (true) {
            byte t = c.next(10_000);
            if (t != SoupBinTcp.SERVER_HEARTBEAT) {
                return t;
            }
        }
    }
}
